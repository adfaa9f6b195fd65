"""Wire sources polled by `manage.py poll_wire`, and the log of their polls.

Editors run the sources (view, add, change, delete); what the poller logs is for
reading only. Other groups get nothing: the credentials variables and locations are
operators' business.
"""

from django.contrib.auth.management import create_permissions
import articles.models.sources
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


GRANTS = {
    "wiresource": ("view", "add", "change", "delete"),
    "wirepoll": ("view",),
}


def grant(apps, schema_editor):
    # Permissions for new models are normally made after all migrations ran.
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for model, actions in GRANTS.items():
        for action in actions:
            editors.permissions.add(
                Permission.objects.get(
                    content_type__app_label="articles",
                    codename=f"{action}_{model}",
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles",
                content_type__model__in=list(GRANTS),
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_article_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='WireSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('kind', models.CharField(choices=[('folder', 'Folder'), ('http', 'HTTP(S) URL (ninjs, NewsML-G2, NITF, or an RSS/Atom feed)'), ('ftp', 'FTP or FTPS folder')], max_length=10)),
                ('location', models.CharField(help_text="A folder path on the poller's server, an http(s):// URL or an ftp:// or ftps:// URL of a folder.", max_length=1000)),
                ('format', models.CharField(default='auto', help_text="“auto” tells each file's format by its content.", max_length=20, validators=[articles.models.sources.validate_wire_format])),
                ('interval', models.PositiveIntegerField(default=60, validators=[django.core.validators.MinValueValidator(10), django.core.validators.MaxValueValidator(86400)], verbose_name='poll interval (seconds)')),
                ('active', models.BooleanField(default=True)),
                ('credentials_env', models.CharField(blank=True, help_text="The name of environment variables on the poller's server: NAME_USER and NAME_PASSWORD, or NAME_TOKEN for an HTTP bearer token. Secrets are never stored here.", max_length=64, validators=[django.core.validators.RegexValidator('^[A-Z][A-Z0-9_]*\\Z', 'Capital letters, digits and _ only, starting with a letter.')], verbose_name='credentials variable')),
                ('remote_after', models.CharField(choices=[('keep', 'Leave it (remember it was fetched)'), ('move', 'Move it into done/ on the server'), ('delete', 'Delete it from the server')], default='keep', max_length=10, verbose_name='after fetching (FTP)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('last_poll_at', models.DateTimeField(blank=True, null=True, verbose_name='last poll')),
                ('last_success_at', models.DateTimeField(blank=True, null=True, verbose_name='last success')),
                ('last_error', models.TextField(blank=True)),
                ('last_error_at', models.DateTimeField(blank=True, null=True)),
                ('failures', models.PositiveIntegerField(default=0, help_text='Reset by a successful poll.', verbose_name='failures in a row')),
                ('next_poll_at', models.DateTimeField(blank=True, help_text='Later after failures (backoff).', null=True, verbose_name='next poll')),
                ('lease_until', models.DateTimeField(blank=True, null=True)),
                ('lease_owner', models.CharField(blank=True, max_length=200)),
                ('seen', models.JSONField(blank=True, default=dict, help_text="What the poller remembers: a feed's ETag and entries, the files an FTP folder gave.")),
                ('agency', models.ForeignKey(blank=True, help_text="Whose copy this is; the copy's own credit line still rules.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='wire_sources', to='articles.agency')),
            ],
            options={
                'verbose_name': 'wire source',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='WirePoll',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField()),
                ('finished_at', models.DateTimeField()),
                ('received', models.PositiveIntegerField(default=0)),
                ('new_versions', models.PositiveIntegerField(default=0)),
                ('duplicates', models.PositiveIntegerField(default=0)),
                ('failed', models.PositiveIntegerField(default=0)),
                ('error', models.TextField(blank=True)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='polls', to='articles.wiresource')),
            ],
            options={
                'ordering': ['-started_at'],
                'indexes': [models.Index(fields=['source', 'started_at'], name='articles_wi_source__9bca6a_idx')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
