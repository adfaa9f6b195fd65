"""Reading wire copy as agencies really send it, for the structured formats.

NewsML-G2 and ninjs arrive with times printed without a UTC offset, version numbers
of any size, pseudo-tags such as ``<endash>`` left escaped in the text, a header
block (keywords, priority, the headline again) printed before the dateline, and now
and then no headline at all. The helpers here repair what can be repaired and say
so: each repair appends a "Check:" note to the story's ``unsure`` list, so the
editor sees what the parser tolerated.
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..text import YEARS
from .story import WireError, wire_time

# The largest number a PositiveBigIntegerField (Article.wire_version) holds.
MAX_VERSION = 2**63 - 1
HEADLINE_MAX = 300  # Article.headline's max_length
# The latest moment a time without an offset can name (UTC−12): an embargo read so
# is never lifted before the agency meant it to be.
LATEST_ZONE = timezone(timedelta(hours=-12), "UTC−12")
# The embargo of a story whose embargo cannot be read: held until an editor acts.
HELD_UNTIL = datetime(YEARS[-1], 12, 31, 23, 59, tzinfo=UTC)

# Pseudo-tags of agency text systems (ANPA/IPTC 7901 heritage) and the character
# each stands for; they reach XML and JSON escaped (&lt;endash&gt;) or as elements.
PSEUDO_TAGS = {
    "endash": "–",
    "ndash": "–",
    "emdash": "—",
    "mdash": "—",
    "bullet": "•",
    "bull": "•",
    "middot": "·",
    "hellip": "…",
    "ellipsis": "…",
    "nbsp": "\u00a0",
    "quot": '"',
    "apos": "'",
    "lsquo": "‘",
    "rsquo": "’",
    "ldquo": "“",
    "rdquo": "”",
    "laquo": "«",
    "raquo": "»",
    "euro": "€",
    "pound": "£",
    "yen": "¥",
    "deg": "°",
    "copy": "©",
    "reg": "®",
    "trade": "™",
    "half": "½",
    "quarter": "¼",
    "threequarters": "¾",
    "times": "×",
    "minus": "−",
    "para": "¶",
    "sect": "§",
}
# As markup (<endash>, <endash/>) or escaped once more (&lt;endash&gt;). Only these
# names: any other entity or tag in the text is the agency's text, kept as sent.
_PSEUDO = re.compile(
    r"(?:<|&lt;)\s*(" + "|".join(PSEUDO_TAGS) + r")\s*/?\s*(?:>|&gt;)", re.IGNORECASE
)

# "Berlin (dpa) -", "ROME, Nov 29 (ANSA) -", "Helsinki (STT) –": where the story's
# own text starts after an agency's header block.
DATELINE = re.compile(
    r"^[^\s()\"“'‘][^()\n\"“”]{0,60}?"
    r"\((?:dpa[\w-]*|[A-Z][\w.&'/-]*(?: [A-Z][\w.&'/-]*){0,2})\)\s*[-–—:]+\s"
)
# An editor's note the agency printed above the story.
EDITORS_NOTE = re.compile(
    r"^(?:editor'?s'? note|eds?\b|attn|attention|achtung|hinweis|nota)\b\W",
    re.IGNORECASE,
)
# A keyword line of a header block: "Konjunktur/Deutschland/Ifo/".
KEYWORD_LINE = re.compile(r"^[^\s/.!?][^/.!?]{0,40}(?:/[^/.!?]{1,40})+/?$")


def agency_zone(agency: str) -> str:
    """The zone configured for ``agency`` (NEWSROOM_WIRE_TIMEZONES), or ""."""
    from django.conf import settings

    zones = getattr(settings, "NEWSROOM_WIRE_TIMEZONES", None) or {}
    wanted = agency.strip().casefold()
    for name, zone in zones.items():
        if name.strip().casefold() == wanted and wanted:
            return zone
    return ""


def _zone_less(text: str) -> datetime | None:
    """``text`` as a time without a UTC offset, or None if it is not one."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is None else None


def agency_time(
    value, *, what: str, unsure: list[str], agency: str = "", strict: bool = False
) -> datetime | None:
    """A time from wire copy, as ``story.wire_time`` reads it, but lenient.

    A time without a UTC offset is read in the zone configured for the agency
    (``NEWSROOM_WIRE_TIMEZONES``), else as UTC; an embargo without one and no zone
    configured is read as UTC−12, the latest moment it can name. An RFC 2822 time
    ("Sun, 29 Nov 2026 09:30:00 +0100", as web APIs print them) is read too. Each is
    noted for the editor.
    """
    text = value.strip() if isinstance(value, str) else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    if not text:
        return None
    naive = _zone_less(text)
    if naive is not None and naive.year in YEARS:
        zone_name = agency_zone(agency)
        if zone_name:
            try:
                zone = ZoneInfo(zone_name)
            except (ZoneInfoNotFoundError, ValueError):
                zone = None
            if zone is not None:
                unsure.append(
                    f"The {what} “{text}” gives no UTC offset; read as "
                    f"{zone_name} time (the zone set for {agency})."
                )
                return naive.replace(tzinfo=zone)
        if strict:
            unsure.append(
                f"The {what} “{text}” gives no UTC offset; read as UTC−12, the "
                "latest moment it can name, so the story is not released early "
                "(set NEWSROOM_WIRE_TIMEZONES for this agency)."
            )
            return naive.replace(tzinfo=LATEST_ZONE)
        unsure.append(f"The {what} “{text}” gives no UTC offset; read as UTC.")
        return naive.replace(tzinfo=UTC)
    if naive is None and re.match(r"^[A-Za-z]{3},? \d", text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None and parsed.year in YEARS and parsed.tzinfo:
            unsure.append(
                f"The {what} “{text}” is not ISO 8601; read as an e-mail "
                "style (RFC 2822) time."
            )
            return parsed
    if isinstance(value, int | float) and not isinstance(value, bool):
        moment = _epoch(value)
        if moment is not None:
            unsure.append(
                f"The {what} {value} is a Unix time stamp; read as "
                f"{moment.isoformat()}."
            )
            return moment
        if strict:
            return _held(text, what, unsure)
        unsure.append(f"The {what} “{value}” is a number, not a time; left out.")
        return None
    try:
        return wire_time(text, what=what, unsure=unsure, strict=strict)
    except WireError:  # raised for an embargo only (strict)
        return _held(text, what, unsure)
    except OverflowError:
        if strict:
            return _held(text, what, unsure)
        unsure.append(f"The {what} “{text[:40]}” is out of range; left out.")
        return None


def _epoch(value: float) -> datetime | None:
    """A Unix time stamp in seconds or milliseconds, as APIs give them."""
    seconds = value / 1000 if 1e12 <= abs(value) < 1e14 else value
    if not 1e8 <= seconds < 1e11:
        return None
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if moment.year in YEARS else None


def _held(text: str, what: str, unsure: list[str]) -> datetime:
    """An embargo that cannot be read holds the story until an editor sets it: a
    guessed or dropped embargo could lift it early."""
    unsure.append(
        f"The {what} “{text[:40]}” cannot be read; the story is held under "
        f"embargo until {HELD_UNTIL.date().isoformat()}: set the real time before "
        "publishing it."
    )
    return HELD_UNTIL


def version_number(value, unsure: list[str]) -> int | None:
    """The agency's version as a whole number of any size the database holds."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        return None
    if text.isascii() and text.isdigit():
        number = int(text)
        if number <= MAX_VERSION:
            return number
        unsure.append(
            f"The version number “{text[:30]}” is too large to keep; left out."
        )
        return None
    unsure.append(
        f"The version “{text[:30]}” is not a whole number; left out, so a "
        "later copy is compared by its text."
    )
    return None


def clean_text(text: str) -> str:
    """``text`` with pseudo-tags (``<endash>``, ``&lt;endash&gt;``) turned into the
    characters they stand for."""
    if "<" in text or "&lt;" in text:
        text = _PSEUDO.sub(lambda m: PSEUDO_TAGS[m[1].lower()], text)
    return text


def clean_all(values: list[str], unsure: list[str], where: str) -> list[str]:
    """``clean_text`` over ``values``, noting once when anything changed."""
    cleaned = [" ".join(clean_text(v).split()) for v in values]
    if cleaned != [" ".join(v.split()) for v in values]:
        unsure.append(
            f"Pseudo-tags in the {where} were turned into the characters they "
            "stand for (<endash> → –)."
        )
    return [value for value in cleaned if value]


def strip_header_block(
    paragraphs: list[str], headline: str, unsure: list[str]
) -> tuple[list[str], list[str], list[str], str]:
    """(paragraphs, keywords, agency notes, headline line): the agency's header
    block before the dateline taken off (service, keyword and priority lines, the
    headline printed again), dpa style.

    Only short lines before a paragraph that opens with a dateline ("Berlin (dpa) -")
    count, and only when each looks like a header line, not a sentence of the story.
    Keyword lines ("Politik/Deutschland/") are given back as keywords, an editor's
    note ("EDITOR'S NOTE: …", "ATTN: …") as the agency's note, and the last line
    that reads as words (not a service code) as the headline the block printed.
    """
    start = next(
        (
            index
            for index, paragraph in enumerate(paragraphs[:8])
            if DATELINE.match(paragraph)
        ),
        0,
    )
    header = paragraphs[:start]
    if not header or any(len(line) > 200 for line in header):
        return paragraphs, [], [], ""
    keywords, notes, title = [], [], ""
    for line in header:
        if EDITORS_NOTE.match(line):
            notes.append(line)
        elif line.casefold() == headline.casefold():
            continue
        elif KEYWORD_LINE.match(line):
            keywords += [part.strip() for part in line.split("/") if part.strip()]
        elif len(line) > 80 or line.rstrip().endswith((".", "!", "?", '"', "”", ",")):
            return paragraphs, [], [], ""  # a sentence of the story, not a header
        elif _words(line):
            title = line
    shown = " | ".join(line for line in header if line not in notes)
    if shown:
        unsure.append(
            "The agency's header block before the dateline was left out of "
            f"the body: “{shown[:200]}”."
        )
    if notes:
        unsure.append(
            "The editor's note printed before the dateline was moved to the "
            "agency's notes."
        )
    return paragraphs[start:], keywords, notes, title


def _words(line: str) -> bool:
    """Whether a line reads as words, not a service code ("bdt0123 4 wi 245")."""
    tokens = line.split()
    coded = sum(1 for token in tokens if any(char.isdigit() for char in token))
    return len(tokens) >= 2 and coded * 2 < len(tokens)


def headline_from(
    paragraphs: list[str], unsure: list[str], *, title: str = "", source: str = ""
) -> tuple[str, list[str]]:
    """(headline, paragraphs) for a story the agency sent without a headline: the
    ``title`` given (``source`` names where from), else the first line of the text
    (taken out of the body when it is a line of its own, not a paragraph)."""
    if title:
        unsure.append(
            f"The item has no headline; the headline was taken from {source}."
        )
        return _limit(title), paragraphs
    if not paragraphs:
        return "", paragraphs
    first = paragraphs[0]
    if len(first) <= 150 and not DATELINE.match(first):
        unsure.append(
            "The item has no headline; its first line was taken as the headline."
        )
        return first, paragraphs[1:]
    sentence = re.split(r"(?<=[.!?])\s", DATELINE.sub("", first), maxsplit=1)[0]
    unsure.append(
        "The item has no headline; one was made from the first sentence of the text."
    )
    return _limit(sentence), paragraphs


def _limit(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= HEADLINE_MAX:
        return text
    return text[: HEADLINE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def urgency_of(value, unsure: list[str]) -> int | None:
    """IPTC urgency 1 (flash) … 9 (lowest), from a number or its text."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text.isdigit() and 1 <= int(text) <= 9:
        return int(text)
    unsure.append(f"The urgency “{text[:20]}” is not 1 to 9; left out.")
    return None
