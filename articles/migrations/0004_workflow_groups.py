"""Give the desk's groups what the workflow needs (issue 3).

Editors read every story's revisions, corrections, old addresses and the audit log;
Reporters read revisions and corrections of the stories they work on. Who may change
what stays with the services: Reporters edit drafts and submit them, only holders of
``publish_article`` (Editors) publish, update, correct, kill and restore published
stories. Revisions, corrections and audit entries are written by the services only,
so no group gets add/change/delete on them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": {
        "articlerevision": ("view",),
        "correction": ("view",),
        "articleredirect": ("view",),
        "auditentry": ("view",),
    },
    "Reporters": {
        "articlerevision": ("view",),
        "correction": ("view",),
    },
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
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label="articles",
                        codename=f"{action}_{model}",
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
        ("articles", "0003_workflow_models"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
