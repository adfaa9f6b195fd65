from axes import apps as axes_apps
from django.apps import AppConfig
from taggit import apps as taggit_apps


class NewsroomConfig(AppConfig):
    """The project itself as an app: its templates (500.html) and deploy checks."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from . import startup  # noqa: F401 - registers the `check --deploy` checks


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit under the desk's own word: the admin index heads its section
    "Tags", not the library's name (Django's documented way to rename an app)."""

    verbose_name = "Tags"
    # Not the config of the app "newsroom", which this module also holds.
    default = False


class SignInAttemptsConfig(axes_apps.AppConfig):
    """django-axes under what it records for the desk, not the library's name."""

    verbose_name = "Sign-in attempts"
    default = False
