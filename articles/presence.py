"""Who else has a story open: the desk sees it before it finds out at save time.

An open story form tells the server every few seconds that it is still open
(``articles/static/articles/admin/presence.js``, polling: no socket, no script from
anywhere else, so the Content-Security-Policy stays as it is). Someone whose form
has not said so for ``PRESENT_FOR`` has closed it or lost the connection.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Article, StoryPresence
from .times import when, when_short

# The form reports every NEWSROOM_PRESENCE_SECONDS (15); three missed reports and
# the editor is gone.
PRESENT_FOR = timedelta(seconds=3 * settings.NEWSROOM_PRESENCE_SECONDS)


def presence_mark(
    *,
    article: Article,
    user: AbstractBaseUser,
    now: datetime | None = None,
    opening: bool = True,
) -> StoryPresence | None:
    """Record that ``user`` has ``article`` open now; since when, if they already
    had it open, else from now. Answers the row for an open form's report; None
    when opening found the editor still present. Opening the form again (not an
    open form's report, ``opening=False``) ends a take-over: they are editing it
    again."""
    now = now or timezone.now()
    if opening:
        # The usual case when a form opens, the editor still present: one UPDATE
        # (nothing to answer; an open form's report needs the row, below).
        kept = StoryPresence.objects.filter(
            article=article, user=user, seen_at__gte=now - PRESENT_FOR
        ).update(seen_at=now, taken_over_by=None, taken_over_at=None)
        if kept:
            return None
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
        if opening:
            presence.taken_over_by, presence.taken_over_at = None, None
        presence.save(
            update_fields=["opened_at", "seen_at", "taken_over_by", "taken_over_at"]
        )
    return presence


def presence_take_over(
    *, article: Article, user: AbstractBaseUser, now: datetime | None = None
) -> list[StoryPresence]:
    """``user`` takes ``article`` over from everyone else who has it open: each of
    them is told at their form's next report (``taken_over_text``). Who was there."""
    now = now or timezone.now()
    presence_mark(article=article, user=user, now=now)
    others = others_present(article, user, now)
    StoryPresence.objects.filter(pk__in=[p.pk for p in others]).update(
        taken_over_by=user, taken_over_at=now
    )
    return others


def taken_over_text(presence: StoryPresence, now: datetime | None = None) -> str:
    """“Anna Ivanova took over this story at 10:45 UTC.”, or "" if nobody did."""
    if presence.taken_over_at is None:
        return ""
    who = presence.taken_over_by
    name = (who.get_full_name() or who.get_username()) if who else "Someone"
    return (
        f"{name} took over this story at {when_short(presence.taken_over_at, now)}. "
        "Your form stays as it is: a save from it is checked against theirs, and "
        "reloading the story makes you its editor again."
    )


def others_present(
    article: Article, user: AbstractBaseUser, now: datetime | None = None
) -> list[StoryPresence]:
    """The other people who have ``article`` open and were not taken over, first
    opener first."""
    cutoff = (now or timezone.now()) - PRESENT_FOR
    return list(
        StoryPresence.objects.filter(
            article=article, seen_at__gte=cutoff, taken_over_at__isnull=True
        )
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
    return (
        f"Also open: {people}. Their saves and yours are checked against each "
        "other; take the story over to tell them you are editing it now."
    )


def with_open_now(queryset: QuerySet, now: datetime | None = None) -> QuerySet:
    """Stories with ``open_now``: whether someone has the story's form open."""
    cutoff = (now or timezone.now()) - PRESENT_FOR
    return queryset.annotate(
        open_now=Exists(
            StoryPresence.objects.filter(article=OuterRef("pk"), seen_at__gte=cutoff)
        )
    )
