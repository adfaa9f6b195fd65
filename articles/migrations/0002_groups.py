"""Create the desk's groups with least-privilege permissions.

Editors may do everything to stories and publish; Reporters write and edit drafts;
Photo editors run the photo library. Superusers are for operators, not for the desk.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

GROUPS = {
    "Editors": {
        "articles.article": (*CRUD, "publish"),
        "articles.articleperson": CRUD,
        "articles.articlephoto": CRUD,
        "articles.taggedarticle": CRUD,
        "articles.person": CRUD,
        "articles.photo": CRUD,
        "articles.agency": ("add", "change", "view"),
        "taggit.tag": ("add", "change", "view"),
    },
    "Reporters": {
        "articles.article": ("add", "change", "view"),
        "articles.articleperson": CRUD,
        "articles.articlephoto": CRUD,
        "articles.taggedarticle": CRUD,
        "articles.person": ("add", "change", "view"),
        "articles.photo": ("add", "view"),
        "articles.agency": ("view",),
        "taggit.tag": ("add", "view"),
    },
    "Photo editors": {
        "articles.photo": CRUD,
        "articles.person": ("add", "change", "view"),
        "articles.agency": ("view",),
        "articles.article": ("view",),
    },
}


def codename(action, model):
    return "publish_article" if action == "publish" else f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for label in ("articles", "taggit"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, actions in grants.items():
            app_label, model = label.split(".")
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=codename(action, model),
                    )
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
