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
