"""Agency page text: a news agency's story page, scraped to plain text.

The format, as TASS's pages (and their kind) come out of a scraper::

    [site furniture: "All news", a rubric, the date and time, breadcrumbs]
    Headline
    [Standfirst]
    [photo blocks: alt text with the credit run on / caption / "© credit"]
    CITY /Region/, Month D[, YYYY]. /AGENCY/. The lead paragraph…
    One paragraph a line, blank lines between them…
    [furniture: "Tags", "Read also" blocks, related links, "More news"…]

``parse`` returns a ``WireStory`` or raises ``AgencyTextError``; nothing else, whatever
the text (a property test holds it to that). What it had to guess goes into
``WireStory.unsure`` for the editor.
"""

import hashlib
import re
import unicodedata
from datetime import date

from .people import find_people
from .story import WireError, WirePhoto, WireStory

FORMAT = "agency-text"


class AgencyTextError(WireError):
    """The text is not a story page this parser can read."""


MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# CITY /Region/, Month D[, YYYY]. /AGENCY/. lead…  — each part but the agency optional.
DATELINE_RE = re.compile(
    rf"""^
    (?:
      (?P<place>[^\W\d_][^,/()\n]{{0,60}}?)\s*
      (?:/(?P<region>[^/\n]{{1,60}})/|\((?P<region2>[^()\n]{{1,60}})\))?
      \s*,\s*
    )?
    (?:
      (?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?
      \s*[.,]?\s*
    )?
    /(?P<agency>[^\W\d_][\w&.\- ]{{0,38}}?)/\s*\.?
    (?:\s*[-–—]\s*|\s+|$)
    (?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)

# Dates printed with a year (page furniture, a dateline that has one).
FULL_DATE_RES = [
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(
        rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.I
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b"),
]

# Any of them, in one pass: most texts hold no such date, and one scan tells.
ANY_FULL_DATE_RE = re.compile(
    "|".join(re.sub(r"\?P<\w+>", "", p.pattern) for p in FULL_DATE_RES), re.I
)

CREDIT_LINE_RE = re.compile(
    r"^(?:photo:\s*)?(?:©|\(c\)|copyright\b)\s*(?P<credit>.+)$", re.I
)
INLINE_CREDIT_RE = re.compile(r"^(?P<caption>.+?)\s+©\s*(?P<credit>[^©]{1,120})$")

# Site navigation that sits above the headline.
LEADING_FURNITURE = {
    "all news",
    "news",
    "latest news",
    "news feed",
    "top news",
    "top stories",
    "home",
    "main",
    "menu",
    "search",
    "share",
    "print",
    "subscribe",
    "back",
    "english",
    "русский",
    "more",
}
# Lines that end the story: what follows is the page's, not the story's.
TRAILING_MARKERS = {
    "tags",
    "related news",
    "related stories",
    "related",
    "more news",
    "more on the topic",
    "more on this topic",
    "latest news",
    "all news",
    "top stories",
    "most read",
    "most popular",
    "show more",
    "load more",
    "see also",
    "other news",
    "also on the topic",
    "comments",
    "share",
    "subscribe",
    "follow us",
    "advertisement",
    "topics",
    "news feed",
}
# "Read also" blocks sit inside or after the body: the marker and its link go.
READ_ALSO = {
    "read also",
    "also read",
    "read more",
    "see also:",
    "read also:",
    "read more:",
}

URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
TIME_RE = re.compile(r"^(?:upd(?:ated)?:?\s*)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$", re.I)
TIMESTAMP_RE = re.compile(
    rf"^(?:(?:upd(?:ated)?|published|posted):?\s*)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\.?(?:\s+\d{{4}})?|{_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    rf"(?:\s*,?\s*\d{{1,2}}:\d{{2}}(?:\s*(?:GMT|UTC|MSK)?[+-]?\d{{0,2}})?)?$",
    re.I,
)
BREADCRUMB_RE = re.compile(r"\s(?:/|»|›|>|\|)\s")
BYLINE_RE = re.compile(r"^by\s+(?P<by>[^\W\d_].{1,150})$", re.I)

# Agencies renamed over the years: the old name still prints in archived datelines.
AGENCY_ALIASES = {"ITAR-TASS": "TASS"}
AGENCY_NAMES = {"TASS": "TASS Russian News Agency"}

MAX_CHARS = 2_000_000


_BLANKS_RE = re.compile(r"[ \t]+")


def _clean(text: str) -> str:
    # Non-breaking and odd spaces become plain spaces; control characters go.
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    # A printable line (most are) has no character of those categories to drop;
    # otherwise each distinct character is looked up once.
    if not text.isprintable():
        dropped = {
            ch
            for ch in set(text)
            if ch not in "\n\t" and unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"}
        }
        if dropped:
            text = text.translate(dict.fromkeys(map(ord, dropped)))
    return _BLANKS_RE.sub(" ", text).strip()


def _key(line: str) -> str:
    return line.strip().rstrip(":").strip().casefold()


def _title_case_place(place: str) -> str:
    """TOKYO → Tokyo, NUR-SULTAN → Nur-Sultan, RIO DE JANEIRO → Rio de Janeiro."""
    if not place.isupper():
        return place
    small = {"de", "da", "do", "del", "la", "le", "on", "upon", "am", "of", "al", "el"}
    words = []
    for i, word in enumerate(place.lower().split()):
        if i and word in small:
            words.append(word)
        else:
            words.append("-".join(w[:1].upper() + w[1:] for w in word.split("-")))
    return " ".join(words)


def _month_number(name: str) -> int:
    return MONTHS[name[:3].casefold()]


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_dates(text: str):
    if not ANY_FULL_DATE_RE.search(text):
        return
    for pattern in FULL_DATE_RES:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = (
                int(parts["mnum"])
                if parts.get("mnum")
                else _month_number(parts["month"])
            )
            found = _make_date(int(parts["year"]), month, int(parts["day"]))
            if found and found.year >= 1900:
                yield found


def _resolve_date(
    month: int, day: int, year: int | None, texts: list[str], reference: date
) -> tuple[date, str | None]:
    """The dateline's date and, when the year was inferred, a note for the editor."""
    if year is not None:
        found = _make_date(year, month, day)
        if found is None:
            raise AgencyTextError(
                f"The dateline date {year}-{month:02}-{day:02} does not exist."
            )
        return found, None
    for text in texts:
        for found in _full_dates(text):
            if (found.month, found.day) == (month, day):
                return found, None
    for year in range(reference.year, reference.year - 9, -1):
        found = _make_date(year, month, day)
        if found and found <= reference:
            return found, (
                f"The dateline has no year; took {found.year}, the latest "
                f"{found:%B} {found.day} not after {reference.isoformat()}."
            )
    raise AgencyTextError(
        f"The dateline date (month {month}, day {day}) does not exist."
    )


def _is_furniture_above(line: str) -> bool:
    key = _key(line)
    return (
        key in LEADING_FURNITURE
        or bool(URL_RE.match(line))
        or bool(TIME_RE.match(line))
        or bool(TIMESTAMP_RE.match(line))
        or (bool(BREADCRUMB_RE.search(line)) and len(line.split()) <= 12)
    )


def _looks_like_rubric(line: str) -> bool:
    """A short Title Case line with no sentence punctuation: a section name."""
    words = line.split()
    if not 1 <= len(words) <= 4 or line[-1:] in '.?!"”':
        return False
    return all(w[:1].isupper() or w in {"&", "and", "of"} for w in words)


def _photo_block(lines: list[str], i: int, floor: int, credit: str, solo_group: bool):
    """Find the lines of the photo whose "© credit" line is ``lines[i]``.

    Returns (first line index, alt text, caption). A line above belongs to the photo
    when it carries the credit run on (the image's alt text), repeats the caption,
    is the caption sitting between such a line and the credit, or (``solo_group``)
    when caption and credit stand alone between blank lines in the body. Above the
    dateline a lone line before the credit is the standfirst, not a caption: that
    is the shape of a credit-only photo.
    """
    alt = caption = ""
    start = i
    j = i - 1

    def run_on(text: str) -> str | None:
        if credit and text.endswith(credit) and len(text) > len(credit):
            return text[: -len(credit)].strip()
        return None

    # The caption line right above the credit (if the line above it confirms it).
    if j >= floor and run_on(lines[j]) is None and lines[j] != credit:
        above = lines[j - 1] if j - 1 >= floor else None
        confirmed = above is not None and (
            above == lines[j] or run_on(above) is not None
        )
        if confirmed or solo_group:
            caption, start, j = lines[j], j, j - 1
    while j >= floor:
        text = lines[j]
        stripped = run_on(text)
        if text == credit:
            start, j = j, j - 1
        elif stripped is not None and not alt:
            alt, start, j = stripped, j, j - 1
            caption = caption or stripped
        elif caption and text in {caption, alt}:
            start, j = j, j - 1
        else:
            break
    return start, alt, caption


def _extract_photos(
    lines: list[str], groups: list[int], floor: int, top: int, *, inline: bool
):
    """Take the photo blocks out of ``lines[floor:top]``; return (kept, photos).

    ``inline`` also reads "caption © credit" printed on one line (above the
    dateline only: in the body such a line is more likely a sentence).
    """
    taken: set[int] = set()
    photos: list[tuple[int, WirePhoto]] = []
    group_start: dict[int, int] = {}
    for k in range(floor, top):
        group_start.setdefault(groups[k], k)
    lowest = floor  # lines above a photo already taken are not looked at again
    for i in range(floor, top):
        line = lines[i]
        m = CREDIT_LINE_RE.match(line)
        caption_on_line = ""
        if not m:
            one_line = INLINE_CREDIT_RE.match(line) if inline else None
            if not one_line or len(one_line["credit"].split()) > 8:
                continue
            credit = one_line["credit"].strip()
            caption_on_line = one_line["caption"].strip()
        else:
            credit = m["credit"].strip()
        # In the body, a caption alone with its credit between blank lines is the
        # photo's; above the dateline such a line is the standfirst.
        solo = not inline and group_start[groups[i]] >= i - 1
        start, alt, caption = _photo_block(lines, i, lowest, credit, solo)
        lowest = i + 1
        if caption_on_line:
            caption = caption_on_line
        taken.update(range(start, i + 1))
        photos.append(
            (start, WirePhoto(caption=caption, credit=credit, alt_text=alt or caption))
        )
    kept = [k for k in range(floor, top) if k not in taken]
    return kept, [p for _, p in sorted(photos, key=lambda item: item[0])]


def parse(text: str, *, reference_date: date) -> WireStory:
    """Parse one agency story page. Raises ``AgencyTextError`` when it is not one."""
    if not isinstance(text, str):
        raise AgencyTextError("Agency text must be text.")
    if len(text) > MAX_CHARS:
        raise AgencyTextError(f"The text is longer than {MAX_CHARS:,} characters.")
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[str] = []
    groups: list[int] = []
    group = 0
    for raw in raw_lines:
        line = _clean(raw)
        if not line:
            group += 1
            continue
        lines.append(line)
        groups.append(group)
    if not lines:
        raise AgencyTextError("The text is empty.")

    dateline_at, dm = None, None
    for index, line in enumerate(lines):
        m = DATELINE_RE.match(line)
        if m and index > 0:
            dateline_at, dm = index, m
            break
    if dm is None:
        raise AgencyTextError(
            "No dateline found: no line starts like “CITY, Month D. /AGENCY/. …” "
            "below a headline."
        )
    unsure: list[str] = []

    # Above the dateline: furniture, headline, standfirst, byline, photo blocks.
    kept_above, photos = _extract_photos(lines, groups, 0, dateline_at, inline=True)
    above = [lines[k] for k in kept_above]
    candidates = []
    for line in above:
        if _is_furniture_above(line):
            continue
        candidates.append(line)
    byline = ""
    for line in list(candidates):
        bm = BYLINE_RE.match(line)
        if bm and candidates.index(line) > 0:
            byline = bm["by"].strip()
            candidates.remove(line)
    while len(candidates) > 1 and _looks_like_rubric(candidates[0]):
        dropped = candidates.pop(0)
        unsure.append(f"Left out “{dropped}” above the headline as site navigation.")
    if not candidates:
        raise AgencyTextError("No headline found above the dateline.")
    headline = candidates[0].rstrip()
    if len(headline) > 300:
        raise AgencyTextError("The line taken for the headline is over 300 characters.")
    dek = ""
    if len(candidates) > 1:
        dek = candidates[1]
    for extra in candidates[2:]:
        unsure.append(f"Not placed (between headline and dateline): “{extra}”.")

    # The dateline itself.
    place = (dm["place"] or "").strip()
    region = (dm["region"] or dm["region2"] or "").strip()
    agency = dm["agency"].strip().upper()
    agency = AGENCY_ALIASES.get(agency, agency)
    lead = dm["rest"].strip()

    # Below: body paragraphs until the page's own furniture starts.
    body_lines: list[str] = [lead] if lead else []
    body_groups: list[int] = [groups[dateline_at]] if lead else []
    skip_next = False
    trailing: list[str] = []
    for index in range(dateline_at + 1, len(lines)):
        line = lines[index]
        key = _key(line)
        if skip_next:
            skip_next = False
            continue
        if key in TRAILING_MARKERS or (
            key.startswith("tags") and len(key) < 40 and ":" in line
        ):
            trailing = lines[index:]
            break
        if (
            key in READ_ALSO
            or key.startswith("read also:")
            or key.startswith("read more:")
        ):
            # The marker's link title sits on the same line or the next one.
            skip_next = key in READ_ALSO
            continue
        body_lines.append(line)
        body_groups.append(groups[index])
    kept_below, body_photos = _extract_photos(
        body_lines, body_groups, 0, len(body_lines), inline=False
    )
    photos.extend(body_photos)
    paragraphs = [body_lines[k] for k in kept_below]
    if lead and 0 not in kept_below:
        raise AgencyTextError("The dateline lead is not a paragraph of text.")
    if not paragraphs:
        raise AgencyTextError("The story has a dateline but no body text.")

    # The date: from the dateline, else a dated line on the page, else inferred.
    dateline_date = None
    if dm["month"]:
        month, day = _month_number(dm["month"]), int(dm["day"])
        year = int(dm["year"]) if dm["year"] else None
        context = [*lines[:dateline_at], *trailing, *paragraphs]
        dateline_date, note = _resolve_date(month, day, year, context, reference_date)
        if note:
            unsure.append(note)
    else:
        for found in _full_dates("\n".join(lines[:dateline_at])):
            if found <= reference_date:
                dateline_date = found
                break
        unsure.append(
            "The dateline prints no date"
            + (
                f"; took {dateline_date.isoformat()} from the page."
                if dateline_date
                else "."
            )
        )
    if not place:
        unsure.append("The dateline names no city.")

    captions = [p.caption for p in photos if p.caption]
    people = find_people(paragraphs, captions, f"{headline}\n{dek}")
    for photo in photos:
        if not photo.caption:
            unsure.append(f"The photo credited “{photo.credit}” has no caption.")
        photo.photographer = (
            photo.credit.split("/")[0].strip() if "/" in photo.credit else ""
        )

    # Page text carries no agency id: the story's identity is its agency, date, place
    # and headline; a re-scrape of the same page is the same story.
    identity = "|".join(
        [
            agency,
            dateline_date.isoformat() if dateline_date else "",
            place.casefold(),
            headline.casefold(),
        ]
    )
    wire_id = "text-" + hashlib.sha256(identity.encode()).hexdigest()[:32]
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=dek,
        dateline_place=_title_case_place(place),
        dateline_region=region,
        dateline_date=dateline_date,
        agency=agency,
        agency_name=AGENCY_NAMES.get(agency, ""),
        byline=byline,
        wire_id=wire_id,
        version=None,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=FORMAT,
    )
