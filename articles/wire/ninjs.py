"""IPTC ninjs (News in JSON): import 1.x, 2.x and 3.x; export 3.1.

Import validates each document against the IPTC schema of its major version (shipped
in ``schemas/``, validated offline with ``jsonschema``) before reading it; a document
that fails its schema is refused with the path and reason of the first error.

Export: ``article_to_ninjs(article, base_url=...)`` for any story, and
``story_to_ninjs(story)`` for a parsed wire story (``ingest_wire --json``). Both give
ninjs 3.1 documents that validate against ``ninjs-schema_3.1.json``.
"""

import json
import re
from datetime import UTC, date, datetime
from functools import cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from referencing import Registry, Resource

from .story import (
    NotWellFormed,
    WireError,
    WirePerson,
    WirePhoto,
    WireStory,
    wire_time,
)

FORMAT = "ninjs"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {
    "3": "ninjs-schema_3.1.json",
    "2": "ninjs-schema_2.2.json",
    "1": "ninjs-schema_1.6.json",
}
NINJS_31_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"

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
V3_KEYS = {
    "versionCreated",
    "firstCreated",
    "contentCreated",
    "pubStatus",
    "embargoedUntil",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "representationType",
    "altIds",
    "infoSources",
    "trustIndicators",
}
V2_KEYS = {"headlines", "bodies", "descriptions", "people", "subjects", "places"}
V1_KEYS = {"headline", "body_text", "body_xhtml", "body_html", "byline", "person"}


# ---- schemas -----------------------------------------------------------------


@cache
def _validator(major: str):
    # Imported here: jsonschema (with its format checkers) takes a second or more to
    # import, which agency-text ingest and every page that exports ninjs never need.
    from jsonschema import Draft7Validator, Draft202012Validator

    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[major]).read_text(encoding="utf-8"))
    geojson = json.loads(
        (SCHEMA_DIR / "GeoJSON-schema.json").read_text(encoding="utf-8")
    )
    registry = Registry().with_resource(GEOJSON_URI, Resource.from_contents(geojson))
    cls = Draft7Validator if major == "1" else Draft202012Validator
    return cls(schema, registry=registry)


def validation_error(document: dict, major: str) -> str | None:
    """The first schema error of ``document`` against ninjs ``major``, or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(major).iter_errors(document))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    message = error.message if len(error.message) < 200 else error.message[:197] + "…"
    return f"at {where}: {message}"


def _guess_major(document: dict) -> str:
    standard = document.get("standard")
    if isinstance(standard, dict) and str(standard.get("version", ""))[:1] in "123":
        declared = str(standard["version"])[:1]
        if declared in SCHEMA_FILES:
            return declared
    keys = set(document)
    if keys & V3_KEYS:
        return "3"
    if keys & V2_KEYS:
        return "2"
    if keys & V1_KEYS:
        return "1"
    return "3"


def schema_version(document: dict) -> str:
    """The ninjs major version whose schema ``document`` satisfies, or WireError."""
    guess = _guess_major(document)
    first = validation_error(document, guess)
    if first is None:
        return guess
    for major in SCHEMA_FILES:
        if major != guess and validation_error(document, major) is None:
            return major
    raise WireError(f"The document fails the ninjs {guess}.x schema {first}")


# ---- import ------------------------------------------------------------------


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
    return " ".join(value.split()) if isinstance(value, str) else ""


def _version(value) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 10 else None


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


def _paragraphs_of(doc: dict) -> list[str]:
    html, nitf, plain = [], [], []
    for key in ("body_xhtml", "body_html"):
        if isinstance(doc.get(key), str):
            html.append(doc[key])
    if isinstance(doc.get("body_text"), str):
        plain.append(doc["body_text"])
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
        if paragraphs := nitf_paragraphs(markup):
            return paragraphs
    for text in plain:
        if paragraphs := text_paragraphs(text):
            return paragraphs
    return []


def _headline_of(doc: dict) -> str:
    if isinstance(doc.get("headline"), str):
        return _text(doc["headline"])
    headlines = _items(doc.get("headlines"))
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
    by = _text(item.get("by")) or _text(item.get("byline"))
    credit = credit or by or _text(item.get("copyrightholder"))
    caption = _descriptions(item, CAPTION_ROLES) or _headline_of(item)
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
    holder = _text(doc.get("copyrightholder"))
    if holder:
        return holder, holder, None
    for source in _items(doc.get("infosources") or doc.get("infosource")):
        if _text(source.get("name")):
            return _text(source["name"]), _text(source["name"]), None
    uri = _text(doc.get("uri"))
    host = urlsplit(uri).hostname if "://" in uri else None
    if not host and uri.startswith("urn:newsml:"):
        host = uri.split(":")[2]
    if host:
        host = host.removeprefix("www.")
        return host, host, f"The agency was taken from the story id's domain ({host})."
    return "", "", None


def parse_document(document: dict) -> WireStory:
    """A ninjs document (any major version) → WireStory, or WireError."""
    if not isinstance(document, dict):
        raise WireError("A ninjs document is a JSON object; this is not one.")
    major = schema_version(document)
    doc = _lower_keys(document)
    kind = _text(doc.get("type")) or "text"
    if kind in NOT_A_STORY:
        raise WireError(
            f"This ninjs document is a {kind}, not a story: nothing to import."
        )
    headline = _headline_of(doc)
    if not headline:
        raise WireError("The ninjs document has no headline.")
    paragraphs = _paragraphs_of(doc)
    if not paragraphs:
        raise WireError("The ninjs document has no body text.")
    unsure: list[str] = []
    agency, agency_name, note = _agency_of(doc)
    if note:
        unsure.append(note)
    located = _text(doc.get("located"))
    place, _, region = located.partition(",")
    first = wire_time(doc.get("firstcreated"), what="firstCreated", unsure=unsure)
    version_created = wire_time(
        doc.get("versioncreated"), what="versionCreated", unsure=unsure
    )
    created = version_created or wire_time(
        doc.get("contentcreated"), what="contentCreated", unsure=unsure
    )
    when = first or created
    dateline_date = when.date() if when else None
    if dateline_date:
        unsure.append("The dateline date was taken from the document's creation time.")
    embargo = wire_time(
        doc.get("embargoeduntil") or doc.get("embargoed"),
        what="embargo time",
        unsure=unsure,
        strict=True,
    )
    people = [
        WirePerson(name=_text(p.get("name")), roles=["subject"])
        for p in _items(doc.get("people") or doc.get("person"))
        if _text(p.get("name"))
    ]
    subjects = []
    for subject in _items(doc.get("subjects") or doc.get("subject")):
        name = _text(subject.get("name"))
        if name and name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)
    photos = [
        _photo_of(item)
        for item in _items(doc.get("associations"))
        if _text(item.get("type")) in PICTURE_TYPES
        or (not item.get("type") and "image/" in json.dumps(item.get("renditions", "")))
    ]
    status = _text(doc.get("pubstatus")) or "usable"
    if status == "withheld":
        unsure.append("The agency marks this story withheld: do not publish it yet.")
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=_descriptions(doc, DEK_ROLES),
        dateline_place=place.strip(),
        dateline_region=region.strip(),
        dateline_date=dateline_date,
        agency=agency,
        agency_name=agency_name,
        byline=_text(doc.get("by")) or _text(doc.get("byline")),
        wire_id=_text(doc.get("uri")),
        version=_version(doc.get("version")),
        first_created=first,
        version_created=version_created,
        embargo_until=embargo,
        pub_status=status if status in {"usable", "withheld", "canceled"} else "usable",
        language=_text(doc.get("language")),
        copyright_notice=_text(doc.get("copyrightnotice")),
        subjects=subjects,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=f"{FORMAT}-{major}",
    )


def parse_bytes(data: bytes) -> WireStory:
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise WireError("The JSON is not UTF-8 (or UTF-16/32) text.") from None
    except json.JSONDecodeError as error:
        # A string that never ends ran into the end of the file as well.
        cut = error.pos >= len(data.rstrip()) or error.msg.startswith("Unterminated")
        raise NotWellFormed(
            f"Not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
            + ("; the file looks cut short." if cut else ".")
        ) from None
    except RecursionError:
        raise WireError("The JSON nests too deeply.") from None
    except ValueError as error:  # a number of thousands of digits, for one
        raise WireError(f"The JSON cannot be read: {error}.") from None
    return parse_document(document)


# ---- export ------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _is_uri(value: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$", value or ""))


def _uri(value: str, *, prefix: str) -> str:
    if _is_uri(value):
        return quote(value, safe=":/?#[]@!$&'()*+,;=%-._~")
    return f"{prefix}{quote(value, safe='-._~')}"


def _absolute(url: str, base_url: str) -> str:
    return (
        url if _is_uri(url) else base_url + ("" if url.startswith("/") else "/") + url
    )


def _build(
    *,
    uri: str,
    headline: str,
    dek: str,
    paragraphs: list[str],
    located: str,
    by: str,
    agency: tuple[str, str, str] | None,
    people: list[dict],
    subjects: list[dict],
    pictures: list[dict],
    version: int | None,
    version_created: datetime | None,
    first_created: datetime | None,
    embargo: datetime | None,
    pub_status: str,
    language: str,
    alt_ids: list[dict],
    ed_note: str = "",
) -> dict:
    """The one place ninjs 3.1 documents are put together (story or article)."""
    doc: dict = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_31_URI},
        "type": "text",
        "representationType": "full",
        "version": str(version or 1),
        "pubStatus": pub_status,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/plain",
                "value": "\n\n".join(paragraphs),
                "charCount": sum(len(p) for p in paragraphs),
                "wordCount": sum(len(p.split()) for p in paragraphs),
            },
            {
                "role": "main",
                "contentType": "text/html",
                "value": "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
            },
        ],
    }
    if dek:
        doc["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": dek}
        ]
    source = None
    if agency:
        short, name, url = agency
        source = {"name": name or short, "role": "originator", "literal": short}
        if url and _is_uri(url):
            source["uri"] = url
    optional = {
        "versionCreated": _iso(version_created),
        "firstCreated": _iso(first_created),
        "embargoedUntil": _iso(embargo),
        "located": located,
        "by": by,
        "language": language,
        "copyrightHolder": source and source["name"],
        "infoSources": source and [source],
        "people": people,
        "subjects": subjects,
        "associations": pictures,
        "altIds": alt_ids,
        "edNote": ed_note,
    }
    # ninjs has no empty values: a property is there with content or not at all.
    doc.update({key: value for key, value in optional.items() if value})
    return doc


def _picture(
    *, name, uri, caption, alt_text, credit, notice, renditions: list[dict]
) -> dict:
    from ..models import format_credit

    picture: dict = {"name": name, "uri": uri, "type": "picture"}
    descriptions = []
    if caption:
        descriptions.append(
            {"role": "caption", "contentType": "text/plain", "value": caption}
        )
    if alt_text and alt_text != caption:
        descriptions.append(
            {"role": "alt", "contentType": "text/plain", "value": alt_text}
        )
    if descriptions:
        picture["descriptions"] = descriptions
    if credit:
        picture["by"] = credit
    if notice or credit:
        picture["copyrightNotice"] = notice or format_credit(credit)
    if renditions:
        picture["renditions"] = renditions
    return picture


def story_to_ninjs(story: WireStory) -> dict:
    """A parsed wire story as a ninjs 3.1 document (``ingest_wire --json``)."""
    pictures = []
    for index, photo in enumerate(story.photos, 1):
        fallback = "|".join([story.wire_id, photo.caption, photo.credit, photo.href])
        uri = photo.uri if _is_uri(photo.uri) else None
        if uri is None:
            from hashlib import sha1

            uri = "urn:newsroom:wire-photo:" + sha1(fallback.encode()).hexdigest()  # noqa: S324
        href = photo.href if photo.href.startswith(("http://", "https://")) else ""
        pictures.append(
            _picture(
                name="mainpic" if index == 1 else f"picture{index}",
                uri=_uri(uri, prefix=""),
                caption=photo.caption,
                alt_text=photo.alt_text,
                credit=photo.credit,
                notice=photo.copyright_notice,
                renditions=[{"name": "original", "href": _uri(href, prefix="")}]
                if href
                else [],
            )
        )
    located = ", ".join(p for p in (story.dateline_place, story.dateline_region) if p)
    return _build(
        uri=_uri(
            story.wire_id, prefix=f"urn:newsroom:wire:{quote(story.agency or 'x')}:"
        ),
        headline=story.headline,
        dek=story.dek,
        paragraphs=story.paragraphs,
        located=located,
        by=story.byline,
        agency=(story.agency, story.agency_name, "") if story.agency else None,
        people=[
            {"name": p.name, "rel": (p.roles or ["subject"])[0]} for p in story.people
        ],
        subjects=[{"name": s} for s in story.subjects],
        pictures=pictures,
        version=story.version,
        version_created=story.version_created,
        first_created=story.first_created,
        embargo=story.embargo_until,
        pub_status=story.pub_status,
        language=story.language,
        alt_ids=(
            [{"role": "datelineDate", "value": story.dateline_date.isoformat()}]
            if isinstance(story.dateline_date, date)
            else []
        ),
        ed_note=" ".join(story.unsure),
    )


def _photo_renditions(photo, base_url: str) -> list[dict]:
    """The files a partner may fetch: the whole picture at the largest stored width
    (named ``main``) and each crop at up to 1200 px (named by its ratio, ``16x9``).

    Renditions, never the uploaded original: they are upright and sRGB, carry the
    credit and rights in their XMP and none of the camera's EXIF (GPS position,
    serial numbers). A photo made before renditions existed gives its original
    until ``manage.py make_renditions`` runs, as the pages do.
    """
    from ..photos import RATIOS, STRUCTURED_DATA_WIDTH, rendition
    from ..photos.renditions import lookup

    def entry(name: str, found, ratio: str | None = None) -> dict:
        item = {
            "name": name,
            "href": _uri(_absolute(found.url, base_url), prefix=""),
            "contentType": found.mime_type,
        }
        if found.width and found.height:
            item["width"], item["height"] = found.width, found.height
        if ratio:
            item["aspectRatio"] = ratio
        return item

    renditions = [entry("main", rendition(photo))]
    for ratio in RATIOS:
        crop = lookup(photo, ratio, STRUCTURED_DATA_WIDTH)
        if crop is not None:
            renditions.append(entry(ratio.replace(":", "x"), crop, ratio))
    return renditions


def article_to_ninjs(article, *, base_url: str) -> dict:
    """Any story as a ninjs 3.1 document; ``base_url`` makes its links absolute.

    ``pubStatus`` is ``usable`` only for a story readers may see now, ``canceled``
    for a killed one and ``withheld`` for everything else (drafts, scheduled,
    embargoed).
    """
    base_url = base_url.rstrip("/")
    if article.status == "killed":
        status = "canceled"
    elif article.is_published():
        status = "usable"
    else:
        status = "withheld"
    people = []
    seen = set()
    for part in article.person_roles.select_related("person"):
        key = (part.person_id, part.role)
        if key in seen:
            continue
        seen.add(key)
        people.append(
            {
                "name": part.person.name,
                "rel": part.role,
                "literal": part.person.slug,
                "uri": _absolute(part.person.get_absolute_url(), base_url),
            }
        )
    subjects = [{"name": tag.name, "literal": tag.slug} for tag in article.tags.all()]
    pictures = []
    for index, placement in enumerate(
        article.photo_placements.select_related("photo"), 1
    ):
        photo = placement.photo
        pictures.append(
            _picture(
                name="mainpic" if index == 1 else f"picture{index}",
                uri=f"urn:uuid:{photo.guid}",
                caption=placement.caption,
                alt_text=photo.alt_text,
                credit=photo.credit,
                notice=photo.copyright_notice,
                renditions=_photo_renditions(photo, base_url) if photo.image else [],
            )
        )
    agency = article.agency
    alt_ids = [
        {"role": "canonical", "value": _absolute(article.get_absolute_url(), base_url)}
    ]
    if article.wire_id:
        alt_ids.append({"role": "agencyId", "value": article.wire_id})
    if article.dateline_date:
        alt_ids.append(
            {"role": "datelineDate", "value": article.dateline_date.isoformat()}
        )
    from django.conf import settings

    from ..structured_data import date_modified

    return _build(
        uri=f"urn:uuid:{article.guid}",
        headline=article.headline,
        dek=article.dek,
        paragraphs=article.paragraphs,
        located=article.dateline_place,
        by=article.byline,
        agency=(agency.short_name, agency.name, agency.url) if agency else None,
        people=people,
        subjects=subjects,
        pictures=pictures,
        # The agency's version as it came in, plus every save through the services
        # since (an edit, a correction, a merged agency version): it rises with each
        # change and, for a story nobody touched, is the agency's number as before,
        # so a partner that skips versions it has seen misses no update.
        version=(article.wire_version or 1) + article.lock_version - 1,
        # As JSON-LD's dateModified: a story saved before its scheduled time
        # changed for readers when it appeared, never before its firstCreated.
        version_created=date_modified(article)
        if article.published_at
        else article.updated_at,
        first_created=article.published_at or article.created_at,
        embargo=article.embargo_until,
        pub_status=status,
        language=article.language or settings.NEWSROOM_LANGUAGE,
        alt_ids=alt_ids,
    )
