"""IPTC 7901 and ANPA 1312: the wire services' teleprinter-era message formats.

dpa, APA, ANSA and others still send IPTC 7901; AP sent ANPA 1312 for decades and
archives hold it. Both frame a message with control characters::

    SYN SYN SOH  header line(s)  STX  text  ETX  trailer  EOT

* IPTC 7901 header: source and message number, priority digit (1 flash … 8),
  category, word count, optional information ("dpa0123 3 pl 245  dpa 0456"), then
  keyword lines ("Bundestag/Haushalt/"). The text opens with the headline ending in
  " =", then the dateline paragraph ("Berlin (dpa) - …"), and ends with the desk's
  signature ("dpa xy ab") and the date-time ("061230 GMT Dec 26": day, hour, minute).
* ANPA 1312 header: service letter and message number with the selector codes
  ("a0612 ap-na"), then priority letter (f flash, b bulletin, u urgent, r regular,
  d deferred, a advance), category letter, keyword/slug, version/take, date and word
  count ("r a BC-Harbor-Pier 1stLd-Writethru 12-06 0512"). The text has "^"-lines
  (slug, headline, editor's notes, "By …" byline) and tab-indented paragraphs, and
  ends with the agency's date-time ("AP-NY-12-06-26 0612GMT").

Both may end with "(END)", "NNNN" or "ENDS". Old wires are not UTF-8: text that is
not valid UTF-8 is read as Windows-1252 (Latin-1) with a note, never refused for it.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from .printed_dateline import month_number, printed_dateline
from .story import WireError, WirePerson, WireStory

FORMAT = "iptc7901"
SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"
# Control characters other than the frame's and line ends: format identifiers
# (DC1–DC4), shift codes (SO/SI), unit separator, bell, backspace, DEL, ESC, FS–RS.
OTHER_CONTROLS = re.compile("[\x00\x05-\x08\x0b\x0c\x0e-\x15\x17-\x1f\x7f]")
BINARY_BYTES = re.compile(rb"[\x00\x05-\x08\x0e-\x15\x17-\x1b\x7f]")

ANPA_FIRST = re.compile(
    r"^(?P<service>[A-Za-z])(?P<number>\d{4})[\s-]*(?P<selector>[\w -]*?)[\s-]*$"
)
ANPA_SECOND = re.compile(
    r"^(?P<priority>[A-Za-z])\s(?P<category>[A-Za-z])\s*(?P<keyword>\S+)"
    r"(?P<version>.*?)\s+(?P<month>\d\d)-(?P<day>\d\d)\s+(?P<words>\d{1,4})\s*<?$"
)
IPTC_HEADER = re.compile(
    r"^(?P<source>[A-Za-z]{1,6})(?P<number>\d{3,5})\s+(?P<priority>\d)\s+"
    r"(?P<category>[A-Za-z]{1,3})\s+(?P<words>\d{1,5})(?:\s+(?P<extra>.*?))?\s*$"
)
# "AP-NY-12-06-26 0612GMT": agency, desk, month-day-year, hour-minute, zone.
ANPA_TIME = re.compile(
    r"^(?P<agency>[A-Za-z]{2,6})-(?P<desk>[A-Za-z]{1,4})-(?P<month>\d\d)-(?P<day>\d\d)"
    r"-(?P<year>\d\d)\s+(?P<hour>\d\d)(?P<minute>\d\d)\s*(?P<zone>[A-Z]{3,4})?\s*<?$"
)
# "061230 GMT Dec 26", "061230 dec 26": day, hour, minute, zone, month, year.
IPTC_TIME = re.compile(
    r"^(?P<day>\d\d)(?P<hour>\d\d)(?P<minute>\d\d)\s*(?P<zone>[A-Z]{3,4})?\s+"
    r"(?P<month>[^\W\d]{3,9})\.?\s+(?P<year>\d\d(?:\d\d)?)\s*$",
    re.IGNORECASE,
)
ZONES = {
    "GMT": 0,
    "UTC": 0,
    "UT": 0,
    "MEZ": 1,
    "CET": 1,
    "MESZ": 2,
    "CEST": 2,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
END_MARKS = re.compile(
    r"^\s*(?:\(END\)|\(ENDS?\)|ENDS?|NNNN|-+\s*END\s*-+|=+\s*END\s*=+|\(Ende\)|Ende"
    r"|\(MORE\)|MORE)\s*$",
    re.IGNORECASE,
)
NOT_FOR_PUBLICATION = re.compile(
    r"^\s*(?:#+\s*(?:Notebook|Notizblock)\b|.*\bnot (?:intended )?for publication\b"
    r"|.*\bnicht zur Veröffentlichung\b)",
    re.IGNORECASE,
)
# The desk's signature at the end of the text: "dpa xy ab", "AP", "afp/lb".
SIGNATURE = re.compile(r"^(?P<agency>[A-Za-z]{2,8})(?:[ /]+[a-z]{1,4}){0,5}\s*$")
SLUG_LINE = re.compile(r"^[^\s/][^/\n]*(?:/[^/\n]*)*/\s*$")
MARK_LINE = re.compile(r"^\(?[A-ZÄÖÜ0-9][\w.\- ]{0,30}\)?$")
EDITORS_NOTE = re.compile(r"^(?:Eds\b|EDITOR'?S NOTE|AP Photos?\b|With AP Photo)", re.I)
BYLINE = re.compile(r"^(?:By|Von|Por|Par|Av)\s+(?P<name>.+?)[,=]?\s*$")
ANPA_PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 7, "a": 7}
ANPA_CATEGORIES = {
    "a": "domestic news",
    "e": "entertainment",
    "f": "business",
    "i": "international",
    "k": "commentary",
    "p": "politics",
    "s": "sports",
    "w": "Washington",
}
IPTC_CATEGORIES = {  # dpa's and other German-language services' codes
    "pl": "politics",
    "wi": "economy",
    "sp": "sport",
    "ku": "culture",
    "vm": "miscellaneous",
    "i": "international",
}
AGENCY_NAMES = {"AP": "The Associated Press", "DPA": "Deutsche Presse-Agentur"}


def looks_like(data: bytes) -> bool:
    """Whether bytes are an IPTC 7901 / ANPA 1312 message: framed by SOH or SYN, or
    opening with a header line of either format."""
    head = data[:600].lstrip(b" \r\n\t")
    if head[:1] in {b"\x01", b"\x16"}:
        return True
    lines = head.decode("latin-1").splitlines()[:2]
    if not lines:
        return False
    first = OTHER_CONTROLS.sub(" ", lines[0]).strip()
    if IPTC_HEADER.match(first):
        return True
    second = OTHER_CONTROLS.sub(" ", lines[1]).strip() if len(lines) > 1 else ""
    return bool(ANPA_FIRST.match(first) and ANPA_SECOND.match(second))


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8, else Windows-1252 (else Latin-1), with a note."""
    data = data.removeprefix(b"\xef\xbb\xbf").rstrip(b"\x00")
    suspicious = len(BINARY_BYTES.findall(data[:65536]))
    if b"\x00" in data or suspicious > max(4, len(data[:65536]) // 100):
        raise WireError(
            "This is a binary file, not an IPTC 7901 / ANPA message (it holds "
            "control bytes no wire text uses)."
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text, name = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "Latin-1"
    return text, [
        f"The message is not UTF-8; it was read as {name}, as old wires send."
    ]


@dataclass
class Message:
    """One framed message, cut into its parts (control characters removed)."""

    header: list[str]
    lines: list[str]  # the text's lines, tabs kept (ANPA indents its paragraphs)
    trailer: list[str]


def parse_bytes(data: bytes, *, reference_date: date) -> list[WireStory]:
    """Every message in the file → its story, or ``WireError`` with the reason."""
    text, notes = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [
        chunk
        for chunk in re.split(f"{SYN}*{SOH}", text)
        if re.sub(r"[\x00-\x20\x7f]", "", chunk)  # more than framing and blanks
    ]
    if not chunks:
        raise WireError("The file holds no IPTC 7901 / ANPA message, only framing.")
    stories = []
    for number, chunk in enumerate(chunks, 1):
        try:
            stories.append(_story(_frame(chunk), reference_date, list(notes)))
        except WireError as error:
            if len(chunks) == 1:
                raise
            raise WireError(f"Message {number} of {len(chunks)}: {error}") from None
    return stories


def _frame(chunk: str) -> Message:
    if STX in chunk:
        header, _, rest = chunk.partition(STX)
    else:  # a store that dropped the control characters: the header is the top
        lines = chunk.lstrip("\n").split("\n")
        take = 2 if len(lines) > 1 and ANPA_SECOND.match(_clean(lines[1])) else 1
        header, rest = "\n".join(lines[:take]), "\n".join(lines[take:])
    body, _, trailer = rest.partition(ETX)
    body = body.split(EOT)[0]
    trailer = trailer.split(EOT)[0]
    return Message(
        header=[_clean(line) for line in header.split("\n") if _clean(line)],
        lines=[OTHER_CONTROLS.sub("", line).rstrip() for line in body.split("\n")],
        trailer=[_clean(line) for line in trailer.split("\n") if _clean(line)],
    )


def _clean(line: str) -> str:
    return " ".join(OTHER_CONTROLS.sub(" ", line).replace(SYN, " ").split())


@dataclass
class Header:
    dialect: str = ""  # "anpa" | "iptc7901"
    priority: str = ""
    category: str = ""
    keyword: str = ""
    version: str = ""
    month_day: tuple[int, int] | None = None
    source: str = ""
    keywords: list[str] = field(default_factory=list)


def _header(lines: list[str]) -> Header:
    for index, line in enumerate(lines):
        found = IPTC_HEADER.match(line)
        if found:
            head = Header("iptc7901", found["priority"], found["category"].casefold())
            extra = (found["extra"] or "").split()
            head.source = extra[0] if extra and extra[0].isalpha() else ""
            for more in lines[index + 1 :]:
                head.keywords += [k.strip() for k in more.split("/") if k.strip()]
            return head
        found = ANPA_SECOND.match(line)
        if found and (index == 0 or ANPA_FIRST.match(lines[index - 1])):
            head = Header("anpa", found["priority"].casefold(), found["category"])
            # The keyword is the story's slug; the version/take tells its update.
            head.keyword = found["keyword"]
            head.version = found["version"].strip()
            head.month_day = (int(found["month"]), int(found["day"]))
            return head
    raise WireError(
        "No IPTC 7901 or ANPA 1312 header line found (e.g. “dpa0123 4 pl 245” or "
        "“r a BC-Harbor-Pier 12-06 0512”); choose another format if this is not "
        "wire-service teleprinter copy."
    )


def _story(message: Message, reference_date: date, unsure: list[str]) -> WireStory:
    head = _header(message.header)
    lines = list(message.lines)
    sent = _sent_time(lines, list(message.trailer), unsure)
    lines = _cut_end(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    signature = ""
    if lines and not lines[-1].startswith("^"):
        found = SIGNATURE.match(lines[-1].strip())
        if found:
            signature = found["agency"]
            lines.pop()
    agency_notes: list[str] = []
    # What is not for publication goes to the agency's notes, never the body.
    for index, line in enumerate(lines):
        if NOT_FOR_PUBLICATION.match(line):
            agency_notes += [x.strip() for x in lines[index:] if x.strip()]
            del lines[index:]
            break
    caret = [line for line in lines if line.startswith("^")]
    text_lines = [line for line in lines if not line.startswith("^")]
    if head.dialect == "anpa" or caret:
        top = _anpa_top(caret, agency_notes)
    else:
        top, text_lines = _iptc_top(text_lines, head)
    paragraphs = _paragraphs(text_lines)
    if head.dialect == "anpa":
        paragraphs = [_anpa_typography(p) for p in paragraphs]
    if not paragraphs:
        raise WireError("The message has no text between its header and its end.")
    headline = top["headline"]
    if not headline:
        headline = head.keyword or " ".join(head.keywords)
        if not headline:
            raise WireError("The message has neither a headline nor a keyword.")
        unsure.append(
            f"The message has no headline line; its keyword “{headline}” "
            "stands in for it."
        )

    printed = printed_dateline(paragraphs[0])
    agency = (
        (printed.agency if printed else "")
        or (sent[1] if sent else "")
        or head.source
        or signature
    )
    when = sent[0] if sent else None
    dateline_date = _dateline_date(head, printed, when, reference_date, unsure)
    slug = head.keyword or "/".join(head.keywords)
    if head.dialect == "anpa":
        slug = re.sub(r"^(?:AM|PM|BC|AP)-", "", slug, flags=re.IGNORECASE)
    version, mark = _version(head.version or top["mark"])
    if not slug:
        slug = re.sub(r"\W+", "-", headline.casefold()).strip("-")[:80]
        # A headline of punctuation alone leaves nothing: its text's digest, so the
        # same message still gets the same id.
        slug = (
            slug
            or "text-"
            + hashlib.sha256(
                "\n".join([headline, *paragraphs]).encode("utf-8", "surrogatepass")
            ).hexdigest()[:16]
        )
        unsure.append("The message has no keyword; its headline stands in as its id.")
    if not dateline_date:
        unsure.append("The message gives no date; its id is its keyword alone.")
    wire_id = slug + (f"/{dateline_date.isoformat()}" if dateline_date else "")
    if re.search(r"\d(?:st|nd|rd|th)\s*Add\b", head.version or "", re.IGNORECASE):
        wire_id += "/" + re.sub(r"\W+", "-", head.version.casefold()).strip("-")
        unsure.append(
            "This take is an add (the story's continuation), not the whole story."
        )
    urgency = _urgency(head, unsure)
    categories = ANPA_CATEGORIES if head.dialect == "anpa" else IPTC_CATEGORIES
    category = categories.get(head.category.casefold())
    keywords = [head.keyword] if head.keyword else list(head.keywords)
    people = []
    if top["byline"]:
        people = [
            WirePerson(name=name.strip(), title=top["byttl"], roles=["byline"])
            for name in re.split(r",\s*| and | und | y ", top["byline"])
            if name.strip()
        ]
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=top["dek"],
        dateline_place=printed.place if printed else "",
        dateline_region=printed.region if printed else "",
        dateline_date=dateline_date,
        agency=agency,
        agency_name=top["agency_name"] or AGENCY_NAMES.get(agency.upper(), agency),
        byline=top["byline"],
        wire_id=wire_id,
        version=version,
        first_created=when,
        version_created=when,
        subjects=[category] if category else [],
        people=people,
        unsure=unsure,
        source_format=FORMAT if head.dialect == "iptc7901" else "anpa",
        urgency=urgency,
        keywords=[k for k in keywords if k],
        version_mark=mark,
        agency_notes=agency_notes,
    )


def _sent_time(lines: list[str], trailer: list[str], unsure: list[str]):
    """(time, agency) from the trailing date-time line, looked for after ETX and in
    the text's last lines; the line is taken out of ``lines``/``trailer``."""
    for source in (trailer, lines):
        for index in range(len(source) - 1, max(-1, len(source) - 12), -1):
            line = _clean(source[index])
            found = ANPA_TIME.match(line) or IPTC_TIME.match(line)
            if found:
                del source[index]
                when = _time_of(found, unsure)
                return (when, found.groupdict().get("agency") or "") if when else None
    return None


def _time_of(found: re.Match, unsure: list[str]) -> datetime | None:
    parts = found.groupdict()
    month = (
        int(parts["month"])
        if parts["month"].isdigit()
        else month_number(parts["month"])
    )
    year = int(parts["year"])
    year += 2000 if year < 70 else (1900 if year < 100 else 0)
    zone = (parts.get("zone") or "").upper()
    if zone and zone not in ZONES:
        unsure.append(f"The time zone “{zone}” is unknown; the time was read as UTC.")
    elif not zone:
        unsure.append("The message's date-time gives no zone; read as UTC.")
    try:
        naive = datetime(
            year,
            month or 0,
            int(parts["day"]),
            int(parts["hour"]),
            int(parts["minute"]),
        )
    except (ValueError, TypeError):
        unsure.append(f"The date-time “{found.group(0)}” is not a real time; left out.")
        return None
    return naive.replace(
        tzinfo=timezone(timedelta(hours=ZONES.get(zone, 0)))
    ).astimezone(UTC)


def _cut_end(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if END_MARKS.match(line):
            return lines[:index]
    return lines


def _anpa_top(caret: list[str], notes: list[str]) -> dict:
    """ANPA's "^"-lines: slug, headline, notes to editors, byline and its title."""
    top = {"headline": "", "dek": "", "byline": "", "byttl": "", "agency_name": ""}
    top["mark"] = ""
    after_byline = False
    for raw in caret:
        line = raw.strip("^").rstrip("<=").strip()
        if not line:
            continue
        slug = re.match(r"^[A-Z]{2}-[\w-]+--?[\w.-]+(?P<rest>(?:,.*)?)$", line)
        if slug and not top["headline"]:
            parts = [p.strip() for p in slug["rest"].split(",") if p.strip()]
            top["mark"] = ", ".join(p for p in parts if not p.isdigit())
            continue
        if re.match(
            r"^(?:Eds|EDs|EDITOR'?S NOTE|AP Photos?|With AP Photo)", line, re.I
        ):
            notes.append(line)
            continue
        byline = BYLINE.match(line)
        if byline:
            name = byline["name"]
            top["byline"] = name.title() if name.isupper() else name
            after_byline = True
            continue
        if after_byline:
            top["byttl"] = top["byttl"] or line
            if line in {"Associated Press", "The Associated Press"}:
                top["agency_name"] = "The Associated Press"
            continue
        if not top["headline"]:
            top["headline"] = line
        elif not top["dek"] and len(line.split()) <= 40:
            top["dek"] = line
    return top


def _iptc_top(lines: list[str], head: Header):
    """IPTC 7901's opening: keyword lines, marks ("EXTRA", "Eilmeldung"), the
    headline ending in " =", a byline."""
    top = {"headline": "", "dek": "", "byline": "", "byttl": "", "agency_name": ""}
    top["mark"] = ""
    rest = _without_leading_blanks(lines)
    block_end = next((i for i, line in enumerate(rest) if not line.strip()), len(rest))
    block = [line.strip() for line in rest[:block_end]]
    ends = [i for i, line in enumerate(block) if line.endswith("=")]
    opening = block[: ends[0] + 1] if ends else []
    if not ends and block and len(block) <= 3 and printed_dateline(block[-1]) is None:
        opening = block  # a headline without the "=": the first block, if short
    marks, title = [], []
    for line in opening:
        if SLUG_LINE.match(line) and not title:
            head.keywords += [k.strip() for k in line.split("/") if k.strip()]
        elif MARK_LINE.match(line) and line.upper() == line and not title:
            marks.append(line.strip("()"))
        else:
            title.append(line.rstrip("= ").strip())
    if opening:
        rest = rest[len(opening) :]
    top["headline"] = " ".join(t for t in title if t)
    top["mark"] = ", ".join(marks)
    rest = _without_leading_blanks(rest)
    if rest and (found := BYLINE.match(rest[0].strip())):
        name, _, title_part = found["name"].partition(",")
        top["byline"], top["byttl"] = name.strip(), title_part.strip()
        rest.pop(0)
    return top, rest


def _without_leading_blanks(lines: list[str]) -> list[str]:
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return lines[first:]


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines and indented lines start paragraphs; wrapped lines are joined."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        starts = line.startswith(("\t", "   ")) or not line.strip()
        if starts and current:
            paragraphs.append(" ".join(current))
            current = []
        text = line.strip().rstrip("<").strip()
        if text:
            current.append(text)
        if line.rstrip().endswith("<") and current:  # ANPA's end-of-paragraph mark
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


def _anpa_typography(paragraph: str) -> str:
    """AP's 7-bit conventions: " _ " for a dash, ``…'' for quotation marks."""
    paragraph = re.sub(r"(?<=\s)_(?=\s)", "—", paragraph)
    return paragraph.replace("``", "“").replace("''", "”")


def _version(mark: str) -> tuple[int | None, str]:
    """AP's "1stLd-Writethru" is the second version of the story, "2ndLd" the third."""
    found = re.search(r"(\d+)(?:st|nd|rd|th)\s*Ld", mark, re.IGNORECASE)
    if found and len(found[1]) < 6:
        return int(found[1]) + 1, mark
    return None, mark


def _urgency(head: Header, unsure: list[str]) -> int | None:
    if head.dialect == "iptc7901":
        # dpa passes its 7901 priority on unchanged as the IPTC urgency (4 regular).
        if head.priority in "12345678":
            return int(head.priority)
        unsure.append(f"The priority “{head.priority}” is not 1–8; left out.")
        return None
    if head.priority in ANPA_PRIORITY:
        return ANPA_PRIORITY[head.priority]
    unsure.append(f"The ANPA priority “{head.priority}” is not one Newsroom knows.")
    return None


def _dateline_date(head, printed, when, reference_date, unsure) -> date | None:
    """The story's date: the printed dateline's day, else the header's, in the year
    of the message's date-time (else the latest such day not after the reference)."""
    month_day = None
    if printed and printed.month:
        month_day = (printed.month, printed.day)
    elif head.month_day:
        month_day = head.month_day
    if month_day is None:
        return when.date() if when else None
    years = [when.year, when.year - 1] if when else []
    if not years:
        years = [reference_date.year, reference_date.year - 1]
        unsure.append("The year is not printed; the latest such date was taken.")
    for year in years:
        try:
            day = date(year, *month_day)
        except ValueError:
            continue
        # A dateline a day after the sending time is a time zone apart, not a year.
        if (when and day <= when.date() + timedelta(days=1)) or (
            not when and day <= reference_date
        ):
            return day
    return None
