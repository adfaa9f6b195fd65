"""IPTC ninjs in, as it arrives: schema-valid documents, dialects and envelopes.

A document its ninjs schema (1.x, 2.x or 3.x) accepts is read as it is. Any other
is read leniently, each deviation a "Check:" note for the editor: properties no
ninjs version defines (``guid``, ``priority``, ``service``, ``source``), an id
from ``guid`` or an altId when there is no ``uri``, 1.x/2.x lower-case keys
(``headline``, ``body_text``, ``versioncreated``), associations keyed by name,
other vendors' names for the same things, and API envelopes (``{"data": {"item":
…}}``, ``{"results": […]}``, ``{"items": […]}``) holding one story or several. A
document is refused only when neither a headline nor a body can be found in it.
"""

import hashlib
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .lenient import (
    agency_time,
    clean_all,
    clean_text,
    headline_from,
    strip_header_block,
    urgency_of,
    version_number,
)
from .ninjs_schema import schema_check, unknown_keys
from .story import WireError, WirePerson, WirePhoto, WireStory

FORMAT = "ninjs"
PICTURE_TYPES = {"picture", "graphic"}
NOT_A_STORY = {"picture", "graphic", "video", "audio", "event", "planning"}
DEK_ROLES = {"", "summary", "lead", "abstract", "dek", "standfirst", "text", "teaser"}
CAPTION_ROLES = {"", "caption", "text", "summary", "description"}
BEST_RENDITIONS = (
    "original",
    "main",
    "highres",
    "supplied",
    "hires",
    "r00",
    "viewimage",
)
STATUSES = {"usable", "withheld", "canceled"}


class _Paragraphs(HTMLParser):
    """Text of the block elements of an HTML body, one paragraph each.

    Figures, captions, scripts and the page's own head are left out: they are not
    the story's paragraphs.
    """

    BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
    SKIP = {"figure", "figcaption", "script", "style", "head", "title", "h1", "aside"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._depth = 0
        self._skip = 0
        self._loose: list[str] = []  # text outside any block (markup without <p>)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._depth += 1
        elif tag == "br":
            (self._buffer if self._depth else self._loose).append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._flush()
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data):
        if self._skip:
            return
        (self._buffer if self._depth else self._loose).append(data)

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.paragraphs.append(text)
        self._buffer = []

    def close(self):
        super().close()
        self._flush()
        if not self.paragraphs:
            self.paragraphs = text_paragraphs("".join(self._loose))


def html_paragraphs(markup: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


def nitf_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an NITF document's body.content (parsed with defusedxml)."""
    try:
        root = SafeET.fromstring(markup.encode("utf-8"), forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise WireError(
            f"The NITF body is not well-formed, safe XML ({error})."
        ) from None
    paragraphs = []
    for element in root.iter():
        if _local(element.tag) == "body.content":
            for p in element.iter():
                if _local(p.tag) in {"p", "hl2"}:
                    text = " ".join("".join(p.itertext()).split())
                    if text:
                        paragraphs.append(text)
    return paragraphs


def text_paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [" ".join(p.split()) for p in parts if p.strip()]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lower_keys(value):
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _text(value) -> str:
    return " ".join(clean_text(value).split()) if isinstance(value, str) else ""


def _name(value) -> str:
    """A name given as a string or as an object with a ``name``."""
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("value"))
    if isinstance(value, list):
        return next((n for n in map(_name, value) if n), "")
    return _text(value)


def _items(value) -> list[dict]:
    """ninjs 1.x keeps some arrays as objects keyed by name; give a list either way."""
    if isinstance(value, dict):
        return [
            dict(v, name=v.get("name", k))
            for k, v in value.items()
            if isinstance(v, dict)
        ]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _role(item: dict) -> str:
    return str(item.get("role", "")).strip().casefold()


def _ctype(item: dict) -> str:
    return str(item.get("contenttype", item.get("mimetype", ""))).casefold()


def _paragraphs_of(doc: dict, unsure: list[str]) -> list[str]:
    html, nitf, plain = [], [], []
    for key in ("body_xhtml", "body_html"):
        if isinstance(doc.get(key), str):
            html.append(doc[key])
    if isinstance(doc.get("body_nitf"), str):
        nitf.append(doc["body_nitf"])
    if isinstance(doc.get("body_text"), str):
        plain.append(doc["body_text"])
    # Other vendors' names for the body: markup or plain text as it looks.
    for key in ("body", "text", "content", "bodytext", "body_plain"):
        value = doc.get(key)
        if isinstance(value, str) and value.strip():
            (html if re.search(r"<(p|br|div)\b", value, re.I) else plain).append(value)
    for body in _items(doc.get("bodies")):
        value = body.get("value")
        if not isinstance(value, str):
            continue
        kind, role = _ctype(body), _role(body)
        if "nitf" in kind or role == "nitf":
            nitf.append(value)
        elif "html" in kind or role in {"xhtml", "html", "html5", "richtext"}:
            html.append(value)
        elif kind in {"", "text/plain"}:
            plain.append(value)
    for markup in html:
        if paragraphs := html_paragraphs(markup):
            return paragraphs
    for markup in nitf:
        try:
            paragraphs = nitf_paragraphs(markup)
        except WireError as error:
            unsure.append(f"Check: {error} It was left out.")
            continue
        if paragraphs:
            return paragraphs
    for text in plain:
        if paragraphs := text_paragraphs(text):
            return paragraphs
    return []


def _headline_of(doc: dict) -> str:
    for key in ("headline", "headlines"):
        if isinstance(doc.get(key), str) and _text(doc[key]):
            return _text(doc[key])
    headlines = _items(doc.get("headlines")) or _items(doc.get("headline"))
    for item in sorted(headlines, key=lambda h: _role(h) != "main"):
        if _text(item.get("value")):
            return _text(item["value"])
    return _text(doc.get("title"))


def _descriptions(doc: dict, roles: set[str]) -> str:
    if isinstance(doc.get("description_text"), str):
        return _text(doc["description_text"])
    for item in _items(doc.get("descriptions")):
        kind = _ctype(item)
        if (
            _role(item) in roles
            and kind in {"", "text/plain"}
            and _text(item.get("value"))
        ):
            return _text(item["value"])
    return ""


def _best_rendition(doc: dict) -> str:
    renditions = _items(doc.get("renditions"))
    if not renditions:
        return ""

    def rank(r):
        name = str(r.get("name", "")).casefold()
        named = (
            BEST_RENDITIONS.index(name)
            if name in BEST_RENDITIONS
            else len(BEST_RENDITIONS)
        )
        width = r.get("width") if isinstance(r.get("width"), int) else 0
        return (named, -width)

    for rendition in sorted(renditions, key=rank):
        if isinstance(rendition.get("href"), str) and rendition["href"].strip():
            return rendition["href"].strip()
    return ""


def _photo_of(item: dict) -> WirePhoto:
    credit = ""
    for description in _items(item.get("descriptions")):
        if _role(description) in {"creditline", "credit"}:
            credit = _text(description.get("value"))
    by = _name(item.get("by")) or _name(item.get("byline"))
    by = by or _name(item.get("photographer"))
    credit = credit or _text(item.get("credit")) or _text(item.get("creditline"))
    credit = credit or by or _name(item.get("copyrightholder"))
    caption = (
        _descriptions(item, CAPTION_ROLES)
        or _text(item.get("caption"))
        or _headline_of(item)
    )
    return WirePhoto(
        caption=caption,
        credit=credit,
        alt_text=caption,
        href=_best_rendition(item),
        uri=_text(item.get("uri")),
        copyright_notice=_text(item.get("copyrightnotice")),
        photographer=by,
    )


def _agency_of(doc: dict) -> tuple[str, str, str | None]:
    """(short name, full name, note) — from the copyright holder, source or id."""
    holder = _name(doc.get("copyrightholder"))
    if holder:
        return holder, holder, None
    for source in _items(doc.get("infosources") or doc.get("infosource")):
        if _text(source.get("name")):
            return _text(source["name"]), _text(source["name"]), None
    for key in ("source", "provider", "agency"):
        if name := _name(doc.get(key)):
            return name, name, f"The agency was taken from the “{key}” property."
    uri = _text(doc.get("uri"))
    host = urlsplit(uri).hostname if "://" in uri else None
    if not host and uri.startswith("urn:newsml:"):
        host = uri.split(":")[2]
    if host:
        host = host.removeprefix("www.")
        return host, host, f"The agency was taken from the story id's domain ({host})."
    return "", "", None


def _wire_id(doc: dict, unsure: list[str], fallback: str) -> str:
    """The story's id: ``uri``, else ``guid``, an altId or another vendor's id."""
    uri = doc.get("uri")
    if isinstance(uri, str) and uri.strip():
        return uri.strip()
    if isinstance(uri, int | float) and not isinstance(uri, bool):
        unsure.append("Check: the uri is a number, not text; read as text.")
        return str(uri)
    for key in ("guid", "id", "_id", "itemid", "item_id", "urn"):
        value = doc.get(key)
        usable = isinstance(value, str | int) and not isinstance(value, bool)
        if usable and str(value).strip():
            unsure.append(f"Check: the document has no uri; its “{key}” is the id.")
            return str(value).strip()
    altids = doc.get("altids")
    pairs = (
        list(altids.items())
        if isinstance(altids, dict)
        else [(a.get("role", ""), a.get("value")) for a in _items(altids)]
    )
    for role, value in pairs:
        if isinstance(value, str) and value.strip():
            unsure.append(
                f"Check: the document has no uri; its altId “{role}” is the id."
            )
            return value.strip()
    unsure.append(
        "Check: the document has no uri or other id; an id was made from its text, "
        "so a later version may come in as a new story."
    )
    return "sha1:" + hashlib.sha1(fallback.encode()).hexdigest()  # noqa: S324


def _strings(value) -> list[str]:
    """A list of names from a string ("a, b"), a list of strings or of objects."""
    if isinstance(value, str):
        parts = value.split(",") if "," in value else [value]
        return [_text(p) for p in parts if _text(p)]
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        return [n for n in map(_name, value) if n]
    return []


def _rich(doc: dict, unsure: list[str]) -> dict:
    """Urgency, keywords, genre, usage terms and the agency's notes."""
    urgency = doc.get("urgency")
    if urgency is None:
        urgency = doc.get("priority")
    usage = _text(doc.get("usageterms"))
    rights = doc.get("rightsinfo")
    if not usage and isinstance(rights, dict | list):
        found = [
            _text(part.get(key))
            for part in ([rights] if isinstance(rights, dict) else _items(rights))
            for key in ("usageterms", "linkedrights", "encodedrights")
            if _text(part.get(key))
        ]
        usage = " ".join(found)
    elif not usage:
        usage = _text(rights)
    keywords = []
    for keyword in _strings(doc.get("keywords")):
        if keyword.casefold() not in {k.casefold() for k in keywords}:
            keywords.append(keyword)
    notes = doc.get("ednote")
    notes = notes if isinstance(notes, list) else [notes]
    return {
        "urgency": urgency_of(urgency, unsure),
        "keywords": keywords,
        "genre": ", ".join(_strings(doc.get("genres") or doc.get("genre"))),
        "usage_terms": usage,
        "agency_notes": [_text(n) for n in notes or [] if _text(n)],
    }


def _subjects(doc: dict, unsure: list[str]) -> list[str]:
    subjects, by_code = [], []
    for subject in _items(doc.get("subjects") or doc.get("subject")):
        name = _text(subject.get("name"))
        if not name:
            name = _text(subject.get("code")) or _text(subject.get("uri"))
            name = name or _text(subject.get("qcode"))
            if name:
                by_code.append(name)
        if name and name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)
    if by_code:
        unsure.append(
            "Check: subjects sent by code alone were kept as codes: "
            f"{', '.join(by_code[:8])}."
        )
    return subjects


def _status(doc: dict, unsure: list[str]) -> str:
    status = _text(doc.get("pubstatus")).casefold() or "usable"
    status = "canceled" if status == "cancelled" else status
    if status == "withheld":
        unsure.append("The agency marks this story withheld: do not publish it yet.")
    elif status not in STATUSES:
        unsure.append(
            f"Check: the publishing status “{status[:30]}” is not usable, withheld or "
            "canceled; the story is kept as withheld."
        )
        status = "withheld"
    return status


def parse_document(document: dict) -> WireStory:
    """A ninjs document (any major version, or a dialect) → WireStory, or
    WireError when it holds neither a headline nor a body."""
    if not isinstance(document, dict):
        raise WireError("A ninjs document is a JSON object; this is not one.")
    unsure: list[str] = []
    major, error = schema_check(document)
    if error is not None:
        unsure.append(
            f"Check: the document is not valid ninjs {major}.x ({error}); it was "
            "read leniently."
        )
        extras = unknown_keys(document)
        if extras:
            unsure.append(
                "Check: properties ninjs does not define: "
                f"{', '.join(sorted(extras)[:12])}."
            )
    doc = _lower_keys(document)
    kind = _text(doc.get("type")) or "text"
    if kind in NOT_A_STORY:
        raise WireError(
            f"This ninjs document is a {kind}, not a story: nothing to import."
        )
    headline = _headline_of(doc)
    if (
        headline
        and not isinstance(doc.get("headline"), str)
        and not doc.get("headlines")
    ):
        unsure.append("Check: the headline was taken from the document's title.")
    paragraphs = clean_all(_paragraphs_of(doc, unsure), unsure, "body")
    if not headline and not paragraphs:
        raise WireError("The ninjs document has no headline and no body text.")
    paragraphs, header_keywords, header_notes, header_title = strip_header_block(
        paragraphs, headline, unsure
    )
    if not headline:
        title, source = header_title, "the agency's header block"
        if not title and not paragraphs:
            title, source = _text(doc.get("slugline")), "the slugline"
        headline, paragraphs = headline_from(
            paragraphs, unsure, title=title, source=source
        )
    if not paragraphs:
        unsure.append("Check: the document has a headline but no body text.")
    agency, agency_name, note = _agency_of(doc)
    if note:
        unsure.append(note)
    located = _name(doc.get("located"))
    place, _, region = located.partition(",")

    def when(*keys, what, strict=False):
        value = next((doc[k] for k in keys if doc.get(k) not in (None, "")), None)
        return agency_time(
            value, what=what, unsure=unsure, agency=agency, strict=strict
        )

    first = when("firstcreated", what="firstCreated")
    version_created = when("versioncreated", "updated", what="versionCreated")
    created = version_created or when("contentcreated", what="contentCreated")
    moment = first or created
    dateline_date = moment.date() if moment else None
    if dateline_date:
        unsure.append("The dateline date was taken from the document's creation time.")
    embargo = when("embargoeduntil", "embargoed", what="embargo time", strict=True)
    people = [
        WirePerson(name=_text(p.get("name")), roles=["subject"])
        for p in _items(doc.get("people") or doc.get("person"))
        if _text(p.get("name"))
    ]
    photos = [
        _photo_of(item)
        for item in _items(doc.get("associations"))
        if _text(item.get("type")) in PICTURE_TYPES
        or (not item.get("type") and "image/" in json.dumps(item.get("renditions", "")))
    ]
    rich = _rich(doc, unsure)
    for keyword in header_keywords:
        if keyword.casefold() not in {k.casefold() for k in rich["keywords"]}:
            rich["keywords"].append(keyword)
    rich["agency_notes"] += header_notes
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=_descriptions(doc, DEK_ROLES),
        dateline_place=place.strip(),
        dateline_region=region.strip(),
        dateline_date=dateline_date,
        agency=agency,
        agency_name=agency_name,
        byline=_name(doc.get("by")) or _name(doc.get("byline")),
        wire_id=_wire_id(doc, unsure, f"{agency}\n{headline}"),
        version=version_number(doc.get("version"), unsure),
        first_created=first,
        version_created=version_created,
        embargo_until=embargo,
        pub_status=_status(doc, unsure),
        language=_text(doc.get("language")),
        copyright_notice=_text(doc.get("copyrightnotice")),
        subjects=_subjects(doc, unsure),
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=f"{FORMAT}-{major}",
        **rich,
    )
