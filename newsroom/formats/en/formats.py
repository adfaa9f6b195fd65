"""One way to write a time, wherever the admin or a template shows one.

24-hour, day before month, and the time zone named: "6 December 2026, 22:15 UTC".
The zone is the newsroom's (``TIME_ZONE``, from ``DJANGO_TIME_ZONE``). Django's own
English formats ("Dec. 6, 2026, 10:15 p.m.") would otherwise win over the settings
of the same names, since formats are always localized; input formats are left to
Django's English ones.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
