"""What every wire format parses into: plain dataclasses, no ORM.

A parser (``agency_text``, ``ninjs``, ``newsml``) turns the agency's copy into a
``WireStory``; ``importer`` turns a ``WireStory`` into an ``Article`` draft. Anything a
parser had to guess is listed in ``WireStory.unsure`` so the editor sees it.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime


class WireError(ValueError):
    """Bad wire input; the message says what is wrong in words an editor understands."""


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
    unsure: list[str] = field(default_factory=list)
    source_format: str = ""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

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
        data = asdict(self)
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
        data = dict(data)
        data["people"] = [WirePerson(**p) for p in data.get("people", [])]
        data["photos"] = [WirePhoto(**p) for p in data.get("photos", [])]
        if data.get("dateline_date"):
            data["dateline_date"] = date.fromisoformat(data["dateline_date"])
        for key in ("first_created", "version_created", "embargo_until"):
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        return cls(**data)


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

    canonical = json.dumps({k: norm(fields[k]) for k in sorted(fields)}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
