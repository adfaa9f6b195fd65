# Wire copy kept beside each imported story, pending agency versions, and the
# desk groups' permissions to read and resolve them.

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


GRANTS = {
    "Editors": {"wirecopy": ("view",), "wireupdate": ("view", "change")},
    "Reporters": {"wirecopy": ("view",), "wireupdate": ("view", "change")},
}


def grant(apps, schema_editor):
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label="articles",
                        codename=f"{action}_{model}",
                    )
                )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles",
                content_type__model__in=["wirecopy", "wireupdate"],
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_photos_metadata'),
    ]

    operations = [
        migrations.CreateModel(
            name='WireCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_format', models.CharField(max_length=20)),
                ('copy_hash', models.CharField(help_text='Fingerprint of the wire copy fields as ingest last wrote them.', max_length=64)),
                ('story', models.JSONField(default=dict, help_text='The parsed agency story, as ingest received it.')),
                ('photos', models.JSONField(blank=True, default=list, help_text='Pictures described by the agency (caption, credit, link).', verbose_name='photos the agency sent')),
                ('unsure', models.JSONField(blank=True, default=list, help_text='What the parser had to guess; check these before publishing.', verbose_name='parser notes')),
                ('received_at', models.DateTimeField(auto_now=True)),
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wire_copy', to='articles.article')),
            ],
            options={
                'verbose_name': 'wire copy',
                'verbose_name_plural': 'wire copies',
            },
        ),
        migrations.CreateModel(
            name='WireUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='agency version')),
                ('story', models.JSONField(help_text='The parsed agency story of this version.')),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('merged', 'Merged'), ('dismissed', 'Dismissed')], db_index=True, default='pending', max_length=20)),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='wire_updates', to='articles.article')),
            ],
            options={
                'verbose_name': 'pending wire update',
                'ordering': ['-version'],
                'constraints': [models.UniqueConstraint(fields=('article', 'version'), name='unique_wire_update_version')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
