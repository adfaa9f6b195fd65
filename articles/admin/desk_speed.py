"""Desk speed: how fast each agency's copy reaches the desk, the desk takes it and
the story goes out (issue 17, item 6).

Per agency, for today and for the last seven days: the median time from the
agency's own time on the item (its first version's creation time, else its version
time) to when we received it, to when an editor took it, and to when the story made
from it was published. One query reads the seven days' items (the rows a desk
receives in a week, not the whole table); medians are taken here, as databases
disagree on how to compute one.
"""

from datetime import datetime, timedelta
from statistics import median

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Article, WireItem

STEPS = ("received", "taken", "published")


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=median(v.total_seconds() for v in values))


def spoken(value: timedelta | None) -> str:
    """A duration as a desk says it: "4 min", "1 h 20 min", "35 s"."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds())
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{sign}{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{sign}{minutes} min"
    return f"{sign}{minutes // 60} h {minutes % 60} min"


def report(*, now: datetime) -> dict:
    """The report's rows: agency, and per period the medians and item counts."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    week = today - timedelta(days=6)
    rows = (
        WireItem.objects.filter(received_at__gte=week)
        .annotate(
            agency_time=Coalesce("first_created", "version_created"),
            published_at=F("article__published_at"),
            article_status=F("article__status"),
        )
        .order_by()
        .values_list(
            "agency__short_name",
            "agency_time",
            "received_at",
            "taken_at",
            "published_at",
            "article_status",
        )
    )
    spans: dict[str, dict[str, dict[str, list[timedelta]]]] = {}
    counts: dict[str, dict[str, int]] = {}
    for agency, agency_time, received, taken, published, status in rows:
        periods = ["week", "today"] if received >= today else ["week"]
        for period in periods:
            counts.setdefault(agency, {"week": 0, "today": 0})[period] += 1
            if agency_time is None:
                continue
            steps = spans.setdefault(agency, {}).setdefault(
                period, {step: [] for step in STEPS}
            )
            steps["received"].append(received - agency_time)
            if taken:
                steps["taken"].append(taken - agency_time)
            if published and status == Article.Status.PUBLISHED:
                steps["published"].append(published - agency_time)
    table = []
    for agency in sorted(counts):
        row = {"agency": agency, "periods": []}
        for period, label in (("today", "Today"), ("week", "Last 7 days")):
            steps = spans.get(agency, {}).get(period, {})
            row["periods"].append(
                {
                    "label": label,
                    "items": counts[agency][period],
                    "timed": len(steps.get("received", [])),
                    **{step: spoken(_median(steps.get(step, []))) for step in STEPS},
                }
            )
        table.append(row)
    return {"rows": table, "since": week, "today": today}
