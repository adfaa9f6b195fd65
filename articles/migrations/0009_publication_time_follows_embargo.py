"""Published stories whose embargo lifts after their publication time take the
embargo as their publication time: the moment readers first see them, which is
what every public surface dates and orders them by (services.follow_embargo)."""

from django.db import migrations
from django.db.models import F


def follow_embargo(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(
        status="published", embargo_until__gt=F("published_at")
    ).update(published_at=F("embargo_until"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_admin_order_index")]

    operations = [migrations.RunPython(follow_embargo, migrations.RunPython.noop)]
