"""Agency version numbers of ten digits or more (some agencies count in time
stamps) no longer fit a 32-bit integer column: widen both version columns."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_wire_items"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="wire_version",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="agency version"
            ),
        ),
        migrations.AlterField(
            model_name="wireupdate",
            name="version",
            field=models.PositiveBigIntegerField(verbose_name="agency version"),
        ),
    ]
