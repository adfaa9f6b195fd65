"""One way to write a time for people: "6 December 2026, 22:15 UTC".

24-hour, in the newsroom's time zone (``TIME_ZONE``), the zone named. The same
``DATETIME_FORMAT`` (newsroom/formats/en) draws every time the admin shows, so a
message, a history line and a list column agree.
"""

from datetime import datetime

from django.utils import formats, timezone


def when(moment: datetime) -> str:
    """``moment`` as the desk and readers see a time."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def when_short(moment: datetime, now: datetime | None = None) -> str:
    """``moment`` as "10:42 UTC" when it is today in the newsroom's zone, else as
    ``when`` writes it: the same 24-hour clock and named zone, without a date the
    reader already knows."""
    local = timezone.localtime(moment)
    if local.date() != timezone.localtime(now or timezone.now()).date():
        return when(moment)
    return formats.date_format(local, "TIME_FORMAT") + " " + local.strftime("%Z")
