"""When the agency's copy was written, as against when the desk publishes it.

A story taken from the wire years after the agency sent it (an archive piece, the
demo's seed from 2018) would otherwise go out dated today with no word of its
dateline. Publishing such old copy asks the editor to choose: now, or the dateline's
day. Partners reading ninjs learn when the agency first sent the copy.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Article, ArticleRevision

# Copy whose dateline is more than this before today is "old": the editor confirms.
OLD_COPY_AGE = timedelta(days=2)


def is_old_copy(dateline: date | None, now: datetime | None = None) -> bool:
    """Whether a dateline day lies more than two days before today (newsroom time)."""
    if dateline is None:
        return False
    return dateline < timezone.localdate(now or timezone.now()) - OLD_COPY_AGE


def asks_for_date(
    article: Article, dateline: date | None, published_at: datetime | None
) -> bool:
    """Whether publishing ``article`` now must first ask how to date it: old copy
    with no publication time chosen, never published before (a story published once
    keeps its first time) and not published now."""
    if published_at is not None or not is_old_copy(dateline):
        return False
    if article.pk is None:
        return True
    if article.status == Article.Status.PUBLISHED:
        return False
    return not article.revisions.filter(
        action=ArticleRevision.Action.PUBLISHED
    ).exists()


def agency_first_created(article: Article) -> datetime | None:
    """When the agency first sent the story's copy, where its wire copy says so."""
    copy = getattr(article, "wire_copy", None)  # None: not from the wire
    value = (copy.story or {}).get("first_created") if copy else None
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def dateline_time(article: Article, dateline: date) -> datetime:
    """The publication time that dates a story on its dateline's day: the agency's
    own time when it sent the copy that day, else the day's first minute."""
    first = agency_first_created(article)
    if first is not None and timezone.localdate(first) == dateline:
        return first.replace(microsecond=0)
    return timezone.make_aware(
        datetime.combine(dateline, time(0, 0)), timezone.get_current_timezone()
    )
