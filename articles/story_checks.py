"""The checks a story passes before a save or a publication, with the reasons an
editor reads. The services in ``articles.services`` run them; the story form runs
``check_schedule`` too, to show its refusals beside the fields."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .body_render import body_photo_problems
from .models import Article
from .times import when

Status = Article.Status


def _when(moment: datetime) -> str:
    return when(moment)


def check_publishable(article: Article) -> None:
    """Raise ValidationError listing what stops ``article`` from going out."""
    errors = []
    if not article.headline.strip():
        errors.append("The story has no headline.")
    if not article.paragraphs:
        errors.append("The story has no body text.")
    errors.extend(body_photo_problems(article.body))
    for placement in article.photo_placements.select_related("photo"):
        if not placement.photo.credit.strip():
            errors.append(
                f"The photo “{placement.photo}” has no credit line; "
                "add one before publishing."
            )
    if errors:
        raise ValidationError(errors)


def check_schedule(
    stored: Article | None, article: Article, now: datetime | None = None
) -> None:
    """Refuse schedule and embargo changes that cannot do what the editor expects.

    An embargo must lift in the future, and it cannot be put on a story readers can
    already see (nor can such a story be moved into the future): both would pretend
    to take back what is already out. Unchanged values are never refused, so an
    embargo that has since lifted does not block the next save.
    """
    now = now or timezone.now()
    live = stored is not None and stored.is_published(now)
    errors = {}
    embargo = article.embargo_until
    if embargo is not None and (stored is None or embargo != stored.embargo_until):
        if embargo <= now:
            errors["embargo_until"] = (
                f"The embargo time {_when(embargo)} is in the past; an embargo must "
                "lift in the future (leave the field empty when there is none)."
            )
        elif live:
            errors["embargo_until"] = (
                "This story is already public, so an embargo can no longer hold it "
                "back. Unpublish it first if it must come down."
            )
    if (
        stored is not None
        and stored.status in (Status.PUBLISHED, Status.KILLED)
        and article.published_at is None
    ):
        errors["published_at"] = (
            "A published story keeps its publication time. To take it off the site, "
            "use Unpublish (or Kill) instead of clearing the time."
        )
    moved = stored is not None and article.published_at != stored.published_at
    if moved and live and article.published_at and article.published_at > now:
        errors["published_at"] = (
            "This story is already public; moving its publication time into the "
            "future would take it down. Unpublish it instead."
        )
    if errors:
        raise ValidationError(errors)


# Fields whose checks read the database: the row a foreign key names, a unique
# value (the slug also against old addresses), the wire id unique per agency, and
# the state in the published-needs-a-time constraint (a state article_save never
# changes; check_schedule keeps a published story's time).
QUERIED_CHECKS = ("agency", "section", "guid", "slug", "wire_id", "status")


def _checked_when_stored(article: Article, stored: Article) -> list[str]:
    """The fields of QUERIED_CHECKS a save leaves as stored: they passed those
    checks when stored, so ``full_clean`` skips them (and their queries). A field
    that shares a check with a changed one is checked with it."""
    same = {
        name
        for name in QUERIED_CHECKS
        if getattr(article, Article._meta.get_field(name).attname)
        == getattr(stored, Article._meta.get_field(name).attname)
    }
    if {"agency", "wire_id"} - same:
        same -= {"agency", "wire_id"}
    return sorted(same)
