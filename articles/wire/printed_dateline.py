"""The dateline agencies print at the start of a story's first paragraph.

"WASHINGTON (AP) —", "BUENOS AIRES, Argentina (AP) _", "Tegucigalpa, Jan 2 (EFE).-",
"Berlin (dpa) -", "LONDON, Dec. 6 (Reuters) -", "OSLO (NTB):". The NITF and IPTC 7901
/ ANPA parsers read it where their own fields give no place or agency; agency page
text has its own, richer reader in ``agency_text``.
"""

import re
from dataclasses import dataclass

PRINTED = re.compile(
    r"^(?P<head>[^\W\d][^()\n]{0,80}?)\s*\((?P<agency>[^\W\d][\w&. /-]{0,24}?)\)"
    r"\s*(?:\.-|-+|[—–_:])\s*"
)
# The first three letters of month names in English, German, Spanish and Italian.
MONTHS = {
    **dict.fromkeys(("jan", "ene", "gen"), 1),
    "feb": 2,
    **dict.fromkeys(("mar", "mär", "mrz"), 3),
    **dict.fromkeys(("apr", "abr"), 4),
    **dict.fromkeys(("may", "mai", "mag"), 5),
    **dict.fromkeys(("jun", "giu"), 6),
    **dict.fromkeys(("jul", "lug"), 7),
    **dict.fromkeys(("aug", "ago"), 8),
    **dict.fromkeys(("sep", "set"), 9),
    **dict.fromkeys(("oct", "okt", "ott"), 10),
    "nov": 11,
    **dict.fromkeys(("dec", "dez", "dic"), 12),
}
MONTH_DAY = re.compile(r"^(?P<month>[^\W\d]{3,10})\.?\s+(?P<day>\d{1,2})\.?$")
DAY_MONTH = re.compile(r"^(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d]{3,10})\.?$")
WEEKDAYS = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:yesterday|today)$", re.I
)


@dataclass
class Printed:
    """A dateline as printed: place ("Buenos Aires"), region, agency, month/day."""

    place: str
    region: str
    agency: str
    month: int | None
    day: int | None
    length: int  # characters of the paragraph the dateline takes


def month_number(word: str) -> int | None:
    return MONTHS.get(word.casefold()[:3]) if len(word) >= 3 else None


def printed_dateline(paragraph: str) -> Printed | None:
    """The dateline at the start of ``paragraph``, or None when it has none."""
    found = PRINTED.match(paragraph)
    if found is None:
        return None
    parts = [" ".join(part.split()) for part in found["head"].split(",")]
    # A place is a few words, not a sentence that happens to hold parentheses.
    if len(parts[0].split()) > 5 or any(mark in parts[0] for mark in '!?"“”:;'):
        return None
    place, region, month, day = parts[0], [], None, None
    for part in parts[1:]:
        date = MONTH_DAY.match(part) or DAY_MONTH.match(part)
        if date and month_number(date["month"]):
            month, day = month_number(date["month"]), int(date["day"])
        elif part and not WEEKDAYS.match(part):
            region.append(part)
    if place.isupper():
        place = place.title()
    return Printed(
        place=place,
        region=", ".join(region),
        agency=found["agency"].strip(),
        month=month if day and 1 <= day <= 31 else None,
        day=day if day and 1 <= day <= 31 else None,
        length=found.end(),
    )
