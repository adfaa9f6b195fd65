"""What every wire format parses into: plain dataclasses, no ORM.

A parser (``agency_text``, ``ninjs``, ``newsml``) turns the agency's copy into a
``WireStory``; ``importer`` turns a ``WireStory`` into an ``Article`` draft. Anything a
parser had to guess is listed in ``WireStory.unsure`` so the editor sees it.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, is_dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime

from ..body import clean_body, from_paragraphs, plain_paragraphs
from ..text import YEARS


class WireError(ValueError):
    """Bad wire input; the message says what is wrong in words an editor understands."""


class NotWellFormed(WireError):
    """Not even JSON or XML (so perhaps not the format it was taken for)."""


@dataclass
class WirePhoto:
    """A picture the agency sent with a story (usually described, not attached)."""

    caption: str = ""
    credit: str = ""
    alt_text: str = ""
    href: str = ""  # a URL, or a path relative to the input file
    uri: str = ""  # the agency's id of the picture, when it has one
    copyright_notice: str = ""
    photographer: str = ""


@dataclass
class WirePerson:
    """Someone the story names, with the title it gives them (“Foreign Minister”)."""

    name: str
    title: str = ""
    roles: list[str] = field(default_factory=list)  # ArticlePerson.Role values


@dataclass
class WireStory:
    headline: str
    paragraphs: list[str]
    dek: str = ""
    dateline_place: str = ""
    dateline_region: str = ""
    dateline_date: date | None = None
    agency: str = ""  # short name as printed in datelines: TASS
    agency_name: str = ""  # full name when the format gives one
    byline: str = ""
    wire_id: str = ""
    version: int | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    embargo_until: datetime | None = None
    pub_status: str = "usable"  # usable | withheld | canceled
    language: str = ""
    copyright_notice: str = ""
    subjects: list[str] = field(default_factory=list)
    people: list[WirePerson] = field(default_factory=list)
    photos: list[WirePhoto] = field(default_factory=list)
    # What the parser had to guess or could not read: "Check:" notes for the editor.
    unsure: list[str] = field(default_factory=list)
    source_format: str = ""
    # What the agency itself says about the item, kept apart from the parser's notes.
    urgency: int | None = None  # IPTC urgency: 1 flash, 2 urgent … 9 lowest
    keywords: list[str] = field(default_factory=list)
    genre: str = ""
    usage_terms: str = ""
    # The agency's update mark as printed: "(LEAD)", "2nd LD-Writethru", "UPDATE 2".
    version_mark: str = ""
    # The agency's editorial and correction notes ("ATTN: adds quotes in 4th para").
    agency_notes: list[str] = field(default_factory=list)
    # "text" for a story; "picture" for an item that carries only a photo.
    kind: str = "text"
    # The body's markup (subheads, links, lists, quotes) when the agency's format
    # has it (NITF, NewsML-G2 XHTML, ninjs text/html), cleaned by
    # ``articles.body.clean_body``; "" for plain copy. ``paragraphs`` stays the text.
    body_html: str = ""

    @property
    def body(self) -> str:
        """The body as a story stores it: the agency's markup mapped onto the body's
        schema when the format has some (``body_html``), else each paragraph
        escaped into a ``<p>``."""
        return self.body_html or from_paragraphs(self.paragraphs)

    def copy_fields(self) -> dict:
        """The Article fields this story sets (what an editor may later change)."""
        return {
            "headline": self.headline,
            "dek": self.dek,
            "body": self.body,
            "dateline_place": self.dateline_place,
            "dateline_date": self.dateline_date,
            "byline": self.byline,
            "embargo_until": self.embargo_until,
        }

    def to_json(self) -> dict:
        """A JSON-safe dict (for a pending update kept in the database)."""
        # Field by field rather than asdict(self), whose deep copy of every string
        # list cost a tenth of ingest's time: only people and photos are dataclasses.
        data = {}
        for item in dataclass_fields(self):
            value = getattr(self, item.name)
            if isinstance(value, list):
                value = [asdict(v) if is_dataclass(v) else v for v in value]
            data[item.name] = value
        for key in (
            "dateline_date",
            "first_created",
            "version_created",
            "embargo_until",
        ):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "WireStory":
        known = {item.name for item in dataclass_fields(cls)}
        # A story stored by an older or newer release: its unknown keys are left out.
        data = {key: value for key, value in data.items() if key in known}
        data["people"] = [WirePerson(**p) for p in data.get("people", [])]
        data["photos"] = [WirePhoto(**p) for p in data.get("photos", [])]
        if data.get("dateline_date"):
            data["dateline_date"] = date.fromisoformat(data["dateline_date"])
        for key in ("first_created", "version_created", "embargo_until"):
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        return cls(**data)


def wire_time(
    value, *, what: str, unsure: list[str], strict: bool = False
) -> datetime | None:
    """An ISO 8601 time from wire copy (``what`` names it), or None when absent.

    ``strict`` is for the embargo: a value that is not a real time (30 February),
    has no UTC offset or lies outside ``articles.text.YEARS`` refuses the story, as a
    guessed or dropped embargo could lift it early. Other times (creation, version)
    only inform the dateline date: a bad one is left out, one without an offset is
    read as UTC, each with a note for the editor.
    """
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.year not in YEARS:
        problem = (
            "is not a date and time (ISO 8601, e.g. 2026-11-30T06:00:00Z)"
            if parsed is None
            else f"is out of range (years {YEARS[0]}–{YEARS[-1]})"
        )
        if strict:
            raise WireError(
                f"The {what} “{text[:40]}” {problem}; the story is refused rather "
                "than imported without it."
            )
        unsure.append(f"The {what} “{text[:40]}” {problem}; left out.")
        return None
    if parsed.tzinfo is None:
        if strict:
            raise WireError(
                f"The {what} “{text}” gives no UTC offset, so the moment it "
                "names is unknown; the story is refused rather than guessed at."
            )
        unsure.append(f"The {what} “{text}” gives no UTC offset; read as UTC.")
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# How an editor would name the parts of a story in a message.
_LABELS = {
    "dek": "standfirst",
    "wire_id": "story id",
    "paragraphs": "body paragraph",
    "subjects": "subject",
    "unsure": "parser note",
    "agency_notes": "agency note",
    "people": "person",
    "photos": "photo",
}


def _texts(story: WireStory):
    """(where, text) for every piece of text a parsed story holds."""
    for item in dataclass_fields(story):
        value = getattr(story, item.name)
        label = _LABELS.get(item.name, item.name.replace("_", " "))
        if isinstance(value, str):
            yield label, value
        elif item.name in {
            "paragraphs",
            "subjects",
            "unsure",
            "keywords",
            "agency_notes",
        }:
            for number, text in enumerate(value, 1):
                yield f"{label} {number}", text
        elif item.name in {"people", "photos"}:
            for number, part in enumerate(value, 1):
                for attribute, text in vars(part).items():
                    if isinstance(text, str):
                        yield f"{label} {number}'s {attribute.replace('_', ' ')}", text


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def refuse_unstorable(story: WireStory) -> None:
    """Refuse a story holding what no database stores as text: a NUL character or
    a lone UTF-16 surrogate (JSON can spell both, as ``\\u0000`` and ``\\ud800``).

    SQLite would keep a NUL that every other tool cuts the text at; PostgreSQL
    refuses both. The message names the part, so the agency can be told.
    """
    for where, text in _texts(story):
        found = _UNSTORABLE.search(text)
        if found is None:
            continue
        if found[0] == "\x00":
            raise WireError(f"The {where} holds a NUL character; it cannot be stored.")
        raise WireError(
            f"The {where} holds a lone UTF-16 surrogate (JSON “\\ud800” to "
            "“\\udfff” without its pair), which is not a character."
        )


def body_fingerprint(body: str) -> str:
    """A body as ``copy_hash`` compares it: a body of plain paragraphs (the agency's
    copy, before or after it became HTML) as its text, so copy hashed before the
    body became HTML still matches; a body with any other markup (an editor's link,
    subhead or photo) as its cleaned HTML, so that markup counts as an edit."""
    cleaned = clean_body(body)
    paragraphs = plain_paragraphs(cleaned)
    if cleaned == from_paragraphs(paragraphs):
        return "\n\n".join(paragraphs)
    return cleaned


def copy_hash(fields: dict) -> str:
    """A fingerprint of a story's wire-copy fields: did an editor change them?

    Whitespace at the ends and Windows line ends are ignored, so a form round trip
    that only normalises them does not count as an edit.
    """

    def norm(value):
        if value is None:
            return ""
        if isinstance(value, datetime):
            # One instant, one text, whatever offset the agency wrote it in.
            return (
                value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
            )
        if isinstance(value, date):
            return value.isoformat()
        return str(value).replace("\r\n", "\n").strip()

    values = {k: norm(fields[k]) for k in sorted(fields)}
    if "body" in values:
        values["body"] = body_fingerprint(values["body"])
    canonical = json.dumps(values, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
