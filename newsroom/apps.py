from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project itself as an app: its templates (500.html) and deploy checks."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from . import startup  # noqa: F401 - registers the `check --deploy` checks
