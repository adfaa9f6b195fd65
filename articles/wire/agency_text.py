"""Agency page text: a news agency's story page, scraped to plain text.

The page as a scraper leaves it, from any agency (TASS, Yonhap, Xinhua, AP, Reuters,
AFP, RIA Novosti, Interfax, Kazinform, … in English or Russian)::

    [site furniture: menus, rubric, time line, breadcrumbs, share widgets]
    [update tag] Headline              "(LEAD)", "1st LD-Writethru-", "URGENT:"
    [(ATTN: …) note] [Standfirst] [By Author]
    [photo blocks: caption, "© credit", "Photo: credit"]
    DATELINE lead paragraph…                     see ``agency_datelines``
    Paragraphs, one a line…
    [furniture: "(END)", tags, "Read also", related links, copyright, a next story]

``parse`` returns a ``WireStory`` or raises ``AgencyTextError``; nothing else, whatever
the text (a property test holds it to that). A page with no dateline still gives a
story; what the parser had to guess goes into ``WireStory.unsure`` for the editor.
Furniture and the headline choice live in ``agency_furniture``, photos in
``agency_photos``.
"""

import hashlib
import re
import unicodedata
from datetime import date

from . import agency_furniture as furniture
from .agency_datelines import (
    KNOWN_AGENCY_RE,
    AgencyTextError,
    Dateline,
    agency_dateline,
    agency_names,
    bare_dateline,
    resolve_date,
)
from .agency_photos import credit_of, extract_photos
from .people import find_people
from .story import WireStory

FORMAT = "agency-text"
UNNAMED_AGENCY = ("Unnamed", "Agency not named on the page")


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


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The page's non-blank lines, tidied, and the blank-line group of each."""
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
    return lines, groups


def _find_dateline(lines: list[str]) -> tuple[int | None, Dateline | None]:
    """Where the story's dateline is: one naming an agency first, else a bare one.

    It is never the first line (a headline stands above it); a bare dateline stands
    before the copy starts, and one alone on its line is followed by a paragraph.
    """
    first_copy = next(
        (i for i, line in enumerate(lines) if not furniture.is_furniture(line)),
        len(lines),
    )
    for index, line in enumerate(lines[1:], 1):
        found = agency_dateline(line)
        if found is None or index <= first_copy:
            continue  # no headline could stand above it
        # One alone on its line ("(Reuters)", "Kyiv • UNN") heads copy: a
        # paragraph follows within a few lines.
        if (
            found.alone
            and found.month is None
            and not any(
                furniture.is_prose(below) for below in lines[index + 1 : index + 4]
            )
        ):
            continue
        return index, found
    prose_above = 0
    for index, line in enumerate(lines[1:], 1):
        found = bare_dateline(line)
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if found is not None and (not found.alone or furniture.is_prose(nxt)):
            return index, found
        prose_above += furniture.is_prose(line)
        if prose_above > 2:
            break
    return None, None


def _body_start(lines: list[str]) -> int | None:
    """With no dateline: the first line of copy below a headline."""
    for index, line in enumerate(lines[1:], 1):
        if (
            furniture.is_prose(line)
            and credit_of(line, inline=True) is None
            and not furniture.is_furniture(line)
        ):
            return index
    return None


def _cut_second_story(body: list[str], groups: list[int]) -> None:
    """Drop the tail of the first story's page that opens the next one: its date
    line, headline and byline stand above the next dateline."""
    while body and not furniture.is_prose(body[-1]) and len(body) > 1:
        body.pop()
        groups.pop()


def _agency_in(text: str) -> str:
    m = KNOWN_AGENCY_RE.search(text)
    return m[0] if m else ""


def parse(text: str, *, reference_date: date) -> WireStory:
    """Parse one agency story page. Raises ``AgencyTextError`` when it is not one."""
    if not isinstance(text, str):
        raise AgencyTextError("Agency text must be text.")
    if len(text) > MAX_CHARS:
        raise AgencyTextError(f"The text is longer than {MAX_CHARS:,} characters.")
    lines, groups = _lines(text)
    if not lines:
        raise AgencyTextError("The text is empty.")
    unsure: list[str] = []
    agency_notes: list[str] = []

    dateline_at, dl = _find_dateline(lines)
    if dl is None:
        top = _body_start(lines)
        if top is None:
            raise AgencyTextError(
                "No dateline found and no paragraph of copy below a headline."
            )
        body_from = top
        unsure.append(
            "Check: no dateline found; the story starts at the first paragraph."
        )
    else:
        top = dateline_at
        body_from = dateline_at + 1

    # Above the story: furniture, headline, standfirst, byline, photos, time lines.
    kept_above, photos = extract_photos(lines, groups, 0, top, inline=True)
    candidates: list[tuple[int, str]] = []
    time_lines: list[tuple[int, str]] = []
    credit_agency = version_mark = ""
    byline = dl.author if dl is not None else ""
    urgency = None
    skip = 0
    for n, k in enumerate(kept_above):
        line = lines[k]
        if skip:
            skip -= 1
            continue
        if furniture.ATTN_RE.match(line):
            agency_notes.append(line.strip("()"))
            continue
        following = lines[kept_above[n + 1]] if n + 1 < len(kept_above) else None
        by = furniture.byline_of(line, following)
        if by is not None:
            byline = byline or by[0]
            skip = by[1] - 1
            if furniture.is_time_line(line):
                time_lines.append((k, line))
            continue
        if furniture.is_agency_credit_line(line):
            credit_agency = credit_agency or line
            continue
        if furniture.is_time_line(line):
            time_lines.append((k, line))
            continue
        if furniture.is_furniture(line):
            continue
        bare, mark, level = furniture.split_version_marks(line)
        if mark:
            version_mark = version_mark or mark
            urgency = urgency or level
        candidates.append((k, furniture.strip_headline_label(bare)))
    headline, dek, notes = furniture.choose_headline([c for _, c in candidates])
    unsure += notes
    if not headline:
        raise AgencyTextError(
            "No headline found above the "
            + ("dateline." if dl is not None else "first paragraph.")
        )
    if len(headline) > 300:
        raise AgencyTextError("The line taken for the headline is over 300 characters.")
    headline_at = next((k for k, c in candidates if c == headline), None)

    # The story: paragraphs until the page's own furniture starts.
    body: list[str] = []
    body_groups: list[int] = []
    if dl is not None and dl.rest:
        body.append(dl.rest.strip())
        body_groups.append(groups[dateline_at])
    skip_next = False
    tail_byline = ""
    for index in range(body_from, len(lines)):
        line = lines[index]
        k = furniture.key(line)
        if skip_next:
            skip_next = False
            continue
        if (
            k in furniture.TRAILING_MARKERS
            or furniture.TRAILING_START_RE.match(line)
            or furniture.PAGER_RE.match(line)
        ):
            break
        if body and agency_dateline(line) is not None:
            _cut_second_story(body, body_groups)
            unsure.append("Left out a second story further down the page.")
            break
        if k in furniture.READ_ALSO:
            skip_next = True
            continue
        if furniture.ATTN_RE.match(line):
            agency_notes.append(line.strip("()"))
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if furniture.BYLINE_LABEL_RE.match(line) or line.casefold().startswith(
            ("author:", "автор:")
        ):
            by = furniture.byline_of(line, following)
            if by is not None:
                byline = byline or by[0]
                skip_next = by[1] == 2
            continue
        if furniture.COPYRIGHT_RE.match(line):
            credit_agency = credit_agency or _agency_in(line)
            continue
        if furniture.STAFF_TAIL_RE.match(line):
            # "(Reporting by A and B; Editing by C)": the reporters are the byline
            # when the page prints none; the editors are not authors.
            m = furniture.REPORTERS_RE.search(line)
            tail_byline = tail_byline or (m["by"].strip() if m else "")
            continue
        if (
            furniture.READ_ALSO_START_RE.match(line)
            or furniture.END_MARK_RE.match(line)
            or furniture.INITIALS_RE.match(line)
            or furniture.is_ornament(line)
            or (
                furniture.is_furniture(line) and line[-1:] not in furniture.SENTENCE_END
            )
        ):
            continue
        body.append(line)
        body_groups.append(groups[index])
    byline = byline or tail_byline
    # "© Kyodo News" closing the page: the agency's copyright, not a photo.
    if body and body[-1].startswith("©") and _agency_in(body[-1]):
        closing = body.pop()
        body_groups.pop()
        credit_agency = credit_agency or _agency_in(closing)
    kept_below, body_photos = extract_photos(
        body, body_groups, 0, len(body), inline=False
    )
    photos.extend(body_photos)
    paragraphs = [body[k] for k in kept_below]
    if dl is not None and dl.meta and not dek and len(paragraphs) > 1:
        dek = paragraphs.pop(0)  # the summary under a site's "City • AGENCY" line

    paragraphs, tail_agency = furniture.tidy_paragraphs(paragraphs, unsure)
    if not paragraphs:
        raise AgencyTextError("The story has a headline but no body text.")

    page_dates = furniture.page_dates(time_lines, headline_at, reference_date)
    dateline_date, note = resolve_date(dl, page_dates, reference_date)
    if note and dl is not None:
        unsure.append(note)
    place = dl.place.strip() if dl else ""
    if dl is not None and not place:
        unsure.append("The dateline names no city.")

    printed_agency = (dl.agency if dl else "") or tail_agency or credit_agency
    if not printed_agency:
        printed_agency = next(
            (_agency_in(p.credit) for p in photos if _agency_in(p.credit)), ""
        )
    if not printed_agency:
        # Last: an agency named in the page's furniture above the headline (a time
        # line "KYODO NEWS - Mar 5, 2024", a site header).
        above_headline = lines[: headline_at if headline_at is not None else top]
        printed_agency = next(
            (_agency_in(line) for line in above_headline if _agency_in(line)), ""
        )
        if printed_agency:
            unsure.append(
                f"Check: took the agency “{printed_agency}” from the page around "
                "the story."
            )
    agency, agency_name = agency_names(printed_agency) if printed_agency else ("", "")
    if not agency:
        # The importer keys stories by agency: an unnamed one still reaches the desk,
        # under a name that says so, for the editor to set.
        agency, agency_name = UNNAMED_AGENCY
        unsure.append(
            f"Check: the page prints no agency name; filed under “{UNNAMED_AGENCY[1]}”."
        )

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
    language = {"cyrillic": "ru", "latin": "en"}.get(
        furniture.script_of(f"{headline} {paragraphs[0]}"), ""
    )
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=dek,
        dateline_place=_title_case_place(place),
        dateline_region=dl.region if dl else "",
        dateline_date=dateline_date,
        agency=agency,
        agency_name=agency_name,
        byline=byline,
        wire_id=wire_id,
        version=None,
        language=language,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=FORMAT,
        urgency=urgency,
        version_mark=version_mark,
        agency_notes=agency_notes,
    )
