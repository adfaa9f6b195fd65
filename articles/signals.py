"""The one hook for reacting to content changes (cache purges, search indexing…).

Every service in ``articles.services`` sends ``content_changed`` after its transaction
commits, never before and never for a rolled-back change. Receivers get the story as
the service saved it; whether readers can see it is still for
``Article.objects.published()`` to say (a scheduled story becomes visible later with no
signal at that moment, so a cache must not outlive the next scheduled time).
"""

from django.dispatch import Signal

# Sent with sender=Article and article=<the story>.
content_changed = Signal()


def send_content_changed(article) -> None:
    """Announce that ``article`` changed; services call this via on_commit.

    ``saved=True`` tells receivers the change went through model saves, whose own
    receivers already retired cached pages and re-read the schedule on this commit.
    """
    content_changed.send(sender=type(article), article=article, saved=True)
