"""Who else has a story open: the desk sees it before it finds out at save time.

An open story form tells the server every few seconds that it is still open
(``articles/static/articles/admin/presence.js``, polling: no socket, no script from
anywhere else, so the Content-Security-Policy stays as it is). Someone whose form
has not said so for ``PRESENT_FOR`` has closed it or lost the connection.
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Article, StoryPresence
from .times import when

# The form reports every 15 seconds; three missed reports and the editor is gone.
PRESENT_FOR = timedelta(seconds=45)


def presence_mark(
    *, article: Article, user: AbstractBaseUser, now: datetime | None = None
) -> None:
    """Record that ``user`` has ``article`` open now; since when, if they already
    had it open, else from now."""
    now = now or timezone.now()
    # The usual case, a form still open: one UPDATE.
    kept = StoryPresence.objects.filter(
        article=article, user=user, seen_at__gte=now - PRESENT_FOR
    ).update(seen_at=now)
    if kept:
        return
    try:
        with transaction.atomic():
            presence, created = StoryPresence.objects.get_or_create(
                article=article, user=user, defaults={"opened_at": now, "seen_at": now}
            )
    except IntegrityError:  # two tabs of one editor, at the same moment
        presence, created = StoryPresence.objects.get(article=article, user=user), False
    if not created:
        if presence.seen_at < now - PRESENT_FOR:  # opened again after a while
            presence.opened_at = now
        presence.seen_at = now
        presence.save(update_fields=["opened_at", "seen_at"])


def others_present(
    article: Article, user: AbstractBaseUser, now: datetime | None = None
) -> list[StoryPresence]:
    """The other people who have ``article`` open, first opener first."""
    cutoff = (now or timezone.now()) - PRESENT_FOR
    return list(
        StoryPresence.objects.filter(article=article, seen_at__gte=cutoff)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at", "pk")
    )


def describe(presences: list[StoryPresence]) -> str:
    """“Also open: Anna Ivanova, editing since 6 December 2026, 10:42 UTC.”"""
    if not presences:
        return ""
    people = "; ".join(
        f"{p.user.get_full_name() or p.user.get_username()}, editing since "
        f"{when(p.opened_at)}"
        for p in presences
    )
    return f"Also open: {people}. Their saves and yours are checked against each other."


def with_open_now(queryset: QuerySet, now: datetime | None = None) -> QuerySet:
    """Stories with ``open_now``: whether someone has the story's form open."""
    cutoff = (now or timezone.now()) - PRESENT_FOR
    return queryset.annotate(
        open_now=Exists(
            StoryPresence.objects.filter(article=OuterRef("pk"), seen_at__gte=cutoff)
        )
    )
