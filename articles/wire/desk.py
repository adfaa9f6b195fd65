"""What the desk does with a wire item: take it, spike it, bring it back, purge.

Each is a service in the project's manner (keyword-only, atomic, permission-checked
where a person acts). Taking is decided by the database: a conditional ``UPDATE …
WHERE state = 'new'`` lets exactly one of two editors clicking at once take the
item; the other is told who did and gets the story that was made.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Article, WireItem
from .importer import STORY_ERRORS, WireImporter
from .queue import latest_stories
from .story import WireStory

# What makes a take fail with a message (the item stays new, nothing is written).
TAKE_ERRORS = STORY_ERRORS


def can_take(user) -> bool:
    return user.has_perm("articles.change_wireitem") and user.has_perm(
        "articles.add_article"
    )


@transaction.atomic
def wire_item_take(
    *, item: WireItem, user, now: datetime | None = None
) -> tuple[Article | None, bool]:
    """(the story made from ``item``, whether this call took it).

    The first call makes the draft through the importer (the item's latest
    version, under the item's agency id, so later versions find it); any later
    call changes nothing and returns the story the first one made.
    """
    if not can_take(user):
        raise PermissionDenied("You may not take wire items.")
    now = now or timezone.now()
    claimed = WireItem.objects.filter(pk=item.pk, state=WireItem.State.NEW).update(
        state=WireItem.State.TAKEN, taken_by=user, taken_at=now, changed_at=now
    )
    item.refresh_from_db()
    if not claimed:
        return item.article, False
    story = WireStory.from_json(latest_stories([item.pk])[item.pk])
    story.wire_id = item.agency_ref
    result = WireImporter(user=user).import_story(story)
    item.article = result.article
    item.save(update_fields=["article"])
    return item.article, True


def _set_state(item: WireItem, user, old: str, new: str) -> bool:
    if not user.has_perm("articles.change_wireitem"):
        raise PermissionDenied("You may not change wire items.")
    changed = WireItem.objects.filter(pk=item.pk, state=old).update(
        state=new, changed_at=timezone.now()
    )
    item.refresh_from_db()
    return bool(changed)


def wire_item_spike(*, item: WireItem, user) -> bool:
    """Hide a new item from the queue (restorable); False if it was not new."""
    return _set_state(item, user, WireItem.State.NEW, WireItem.State.SPIKED)


def wire_item_unspike(*, item: WireItem, user) -> bool:
    """Bring a spiked item back to the queue; False if it was not spiked."""
    return _set_state(item, user, WireItem.State.SPIKED, WireItem.State.NEW)


def purgeable(*, days: int | None = None, now: datetime | None = None):
    """Items nobody took whose last version came in over ``days`` days ago."""
    days = settings.NEWSROOM_WIRE_PURGE_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return WireItem.objects.exclude(state=WireItem.State.TAKEN).filter(
        updated_at__lt=cutoff
    )


@transaction.atomic
def wire_purge(*, days: int | None = None, now: datetime | None = None) -> int:
    """Delete items nobody took (with their versions); the number of items."""
    queryset = purgeable(days=days, now=now)
    count = queryset.count()
    queryset.delete()
    return count
