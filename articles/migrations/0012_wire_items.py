"""The desk's incoming queue: wire items and their versions (issue 17).

Editors work the queue (view it, take and spike items: change); Reporters see it.
Items are written by the wire receiver and purged by ``purge_wire`` only, so no
group adds or deletes them.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


GRANTS = {
    "Editors": {"wireitem": ("view", "change"), "wireitemversion": ("view",)},
    "Reporters": {"wireitem": ("view",), "wireitemversion": ("view",)},
}


def grant(apps, schema_editor):
    # Permissions for new models are normally made after all migrations ran.
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in grants.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model, actions in grants.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_wire_sources'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WireItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agency_ref', models.CharField(help_text="The agency's id of the story, or one derived from its text when the copy carries none.", max_length=255, verbose_name='agency id')),
                ('ref_derived', models.BooleanField(default=False, help_text='The copy carried no agency id; later versions are recognised by their near-identical text.', verbose_name='id derived from the text')),
                ('source', models.CharField(blank=True, help_text='Where it came in.', max_length=100, verbose_name='wire source')),
                ('kind', models.CharField(choices=[('text', 'Text'), ('picture', 'Picture')], default='text', max_length=10)),
                ('headline', models.CharField(max_length=500)),
                ('urgency', models.PositiveSmallIntegerField(blank=True, help_text="The agency's urgency: 1 flash, 2 urgent … 9.", null=True)),
                ('language', models.CharField(blank=True, max_length=20)),
                ('keywords', models.CharField(blank=True, max_length=1000)),
                ('place_key', models.CharField(blank=True, help_text="The dateline's place, case-folded.", max_length=100)),
                ('event_day', models.DateField(blank=True, help_text="The dateline's day (or the agency's).", null=True)),
                ('first_created', models.DateTimeField(blank=True, null=True, verbose_name="agency's first time")),
                ('version_created', models.DateTimeField(blank=True, null=True, verbose_name="agency's version time")),
                ('received_at', models.DateTimeField(verbose_name='received')),
                ('updated_at', models.DateTimeField(verbose_name='last version received')),
                ('version_count', models.PositiveIntegerField(default=1, verbose_name='versions')),
                ('changed_at', models.DateTimeField(db_index=True, help_text='A version received, or the item taken, spiked or restored: what an open Wire screen asks about.', verbose_name='last change')),
                ('state', models.CharField(choices=[('new', 'New'), ('taken', 'Taken'), ('spiked', 'Spiked')], db_index=True, default='new', max_length=10)),
                ('taken_at', models.DateTimeField(blank=True, null=True)),
                ('group_key', models.CharField(db_index=True, help_text='Shared by items from different agencies on the same event.', max_length=32)),
                ('signature', models.BigIntegerField(default=0, help_text='Simhash of the text, for near-duplicate look-ups.')),
                ('names', models.JSONField(blank=True, default=list, help_text='Names the story mentions (for grouping).')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='wire_items', to='articles.agency')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='wire_items', to='articles.article')),
                ('taken_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'wire item',
                'verbose_name_plural': 'Wire',
                'ordering': ['-received_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='WireItemVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('story', models.JSONField(help_text='The parsed agency story (WireStory.to_json).')),
                ('copy_hash', models.CharField(max_length=64)),
                ('agency_version', models.PositiveIntegerField(blank=True, help_text="The agency's own version number, if any.", null=True)),
                ('received_at', models.DateTimeField()),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='articles.wireitem')),
            ],
            options={
                'verbose_name': 'wire item version',
                'ordering': ['item', 'number'],
            },
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['received_at', 'id'], name='wireitem_queue'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['agency', 'received_at'], name='wireitem_agency'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['urgency', 'received_at'], name='wireitem_urgency'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['language', 'received_at'], name='wireitem_lang'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['agency', 'ref_derived', 'updated_at'], name='wireitem_text_match'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['place_key', 'event_day'], name='wireitem_event'),
        ),
        migrations.AddIndex(
            model_name='wireitem',
            index=models.Index(fields=['signature'], name='wireitem_signature'),
        ),
        migrations.AddConstraint(
            model_name='wireitem',
            constraint=models.UniqueConstraint(fields=('agency', 'agency_ref'), name='unique_wire_item_ref'),
        ),
        migrations.AddIndex(
            model_name='wireitemversion',
            index=models.Index(fields=['item', 'copy_hash'], name='wireversion_hash'),
        ),
        migrations.AddConstraint(
            model_name='wireitemversion',
            constraint=models.UniqueConstraint(fields=('item', 'number'), name='unique_wire_item_version'),
        ),
        migrations.AddConstraint(
            model_name='wireitemversion',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='wire_item_version_from_one'),
        ),
        migrations.RunPython(grant, revoke),
    ]
