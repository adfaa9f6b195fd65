"""The properties of a ninjs document, by ninjs version and by vendor.

ninjs 1.x, 2.x and 3.x name things differently (``headline`` or ``headlines``,
``body_html`` or ``bodies``), and agencies' own JSON names them differently again
(``bodyXhtml``, ``news`` as a list of paragraphs, ``uno``, ``bylines``). Each reader
here looks in every place a story's part is found; keys are lower case (the
document is read through ``lower_keys``).
"""

import hashlib
import re
from urllib.parse import urlsplit

from .lenient import clean_text, urgency_of
from .ninjs_text import html_paragraphs, nitf_paragraphs, text_paragraphs
from .story import WireError, WirePhoto

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


def lower_keys(value):
    if isinstance(value, dict):
        return {str(k).lower(): lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys(v) for v in value]
    return value


def plain(value) -> str:
    return " ".join(clean_text(value).split()) if isinstance(value, str) else ""


def name_of(value) -> str:
    """A name given as a string or as an object with a ``name``."""
    if isinstance(value, dict):
        return next(
            (plain(value[k]) for k in ("name", "value", "by") if plain(value.get(k))),
            "",
        )
    if isinstance(value, list):
        return next((n for n in map(name_of, value) if n), "")
    return plain(value)


def items_of(value) -> list[dict]:
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


def role_of(item: dict) -> str:
    return str(item.get("role", "")).strip().casefold()


def ctype_of(item: dict) -> str:
    return str(item.get("contenttype", item.get("mimetype", ""))).casefold()


# Keys of other vendors' bodies: ``bodyXhtml``, ``article_html``, ``text`` …; the
# headline's and descriptions' own variants are not bodies.
NOT_BODY = ("headline", "description", "title", "caption", "summary", "slug")
BODY_WORDS = {"text", "content", "article", "story", "news", "paragraphs"}


def _is_body_key(key: str) -> bool:
    if key.startswith(NOT_BODY):
        return False
    return key.startswith("body") or key in BODY_WORDS or key.endswith("html")


def paragraphs_of(doc: dict, unsure: list[str]) -> list[str]:
    """The body's paragraphs: HTML first, then NITF, then plain text, wherever a
    ninjs version or a vendor puts them."""
    html, nitf, texts = [], [], []
    for key, value in doc.items():
        if not _is_body_key(key):
            continue
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            # A list of paragraphs (AFP's "news", other APIs' "paragraphs").
            texts.append("\n\n".join(value))
        elif not isinstance(value, str) or not value.strip():
            continue
        elif "nitf" in key:
            nitf.append(value)
        elif "html" in key or re.search(r"<(p|br|div)\b", value, re.I):
            html.append(value)
        else:
            texts.append(value)
    for body in items_of(doc.get("bodies")):
        value = body.get("value")
        if not isinstance(value, str):
            continue
        kind, role = ctype_of(body), role_of(body)
        if "nitf" in kind or role == "nitf":
            nitf.append(value)
        elif "html" in kind or role in {"xhtml", "html", "html5", "richtext"}:
            html.append(value)
        elif kind in {"", "text/plain"}:
            texts.append(value)
    for markup in html:
        if paragraphs := html_paragraphs(markup):
            return paragraphs
    for markup in nitf:
        try:
            paragraphs = nitf_paragraphs(markup)
        except WireError as error:
            unsure.append(f"{error} It was left out.")
            continue
        if paragraphs:
            return paragraphs
    for text in texts:
        if paragraphs := text_paragraphs(text):
            return paragraphs
    return []


def text_elsewhere(doc: dict) -> str:
    """Where the agency offers the text it did not send inline (a rendition's
    link, as AP's API gives its NITF), or ""."""
    for rendition in items_of(doc.get("renditions")):
        kind = ctype_of(rendition) + " " + plain(rendition.get("name")).casefold()
        href = plain(rendition.get("href"))
        if href and any(word in kind for word in ("nitf", "text", "html", "xml")):
            return href
    return ""


def headline_of(doc: dict) -> str:
    for key in ("headline", "headlines"):
        if isinstance(doc.get(key), str) and plain(doc[key]):
            return plain(doc[key])
    headlines = items_of(doc.get("headlines")) or items_of(doc.get("headline"))
    for item in sorted(headlines, key=lambda h: role_of(h) != "main"):
        if plain(item.get("value")):
            return plain(item["value"])
    return plain(doc.get("title"))


DEK_KEYS = (
    "description_text",
    "description_summary",
    "summary",
    "abstract",
    "teaser",
    "lead",
    "standfirst",
    "intro",
    "description",
)


def descriptions_of(doc: dict, roles: set[str]) -> str:
    for key in DEK_KEYS:
        if isinstance(doc.get(key), str) and plain(doc[key]):
            return plain(doc[key])
    for item in items_of(doc.get("descriptions")):
        kind = ctype_of(item)
        if (
            role_of(item) in roles
            and kind in {"", "text/plain"}
            and plain(item.get("value"))
        ):
            return plain(item["value"])
    return ""


def best_rendition(doc: dict) -> str:
    renditions = items_of(doc.get("renditions"))
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


def photo_of(item: dict) -> WirePhoto:
    credit = ""
    for description in items_of(item.get("descriptions")):
        if role_of(description) in {"creditline", "credit"}:
            credit = plain(description.get("value"))
    by = name_of(item.get("by")) or name_of(item.get("byline"))
    by = by or name_of(item.get("photographer"))
    credit = credit or plain(item.get("credit")) or plain(item.get("creditline"))
    credit = credit or by or name_of(item.get("copyrightholder"))
    caption = (
        descriptions_of(item, CAPTION_ROLES)
        or plain(item.get("caption"))
        or headline_of(item)
    )
    return WirePhoto(
        caption=caption,
        credit=credit,
        alt_text=caption,
        href=best_rendition(item),
        uri=plain(item.get("uri")),
        copyright_notice=plain(item.get("copyrightnotice")),
        photographer=by,
    )


def agency_of(doc: dict) -> tuple[str, str, str | None]:
    """(short name, full name, note) — from the copyright holder, source or id."""
    holder = name_of(doc.get("copyrightholder"))
    if holder:
        return holder, holder, None
    for source in items_of(doc.get("infosources") or doc.get("infosource")):
        if plain(source.get("name")):
            return plain(source["name"]), plain(source["name"]), None
    for key in ("source", "provider", "agency"):
        if name := name_of(doc.get(key)):
            return name, name, f"The agency was taken from the “{key}” property."
    uri = plain(doc.get("uri"))
    host = urlsplit(uri).hostname if "://" in uri else None
    if not host and uri.startswith("urn:newsml:"):
        host = uri.split(":")[2]
    if host:
        host = host.removeprefix("www.")
        return host, host, f"The agency was taken from the story id's domain ({host})."
    return "", "", None


def wire_id_of(doc: dict, unsure: list[str], fallback: str) -> str:
    """The story's id: ``uri``, else ``guid``, an altId or another vendor's id."""
    uri = doc.get("uri")
    if isinstance(uri, str) and uri.strip():
        return uri.strip()
    if isinstance(uri, int | float) and not isinstance(uri, bool):
        unsure.append("The uri is a number, not text; read as text.")
        return str(uri)
    for key in ("guid", "id", "_id", "itemid", "item_id", "urn", "uno"):
        value = doc.get(key)
        usable = isinstance(value, str | int) and not isinstance(value, bool)
        if usable and str(value).strip():
            unsure.append(f"The document has no uri; its “{key}” is the id.")
            return str(value).strip()
    altids = doc.get("altids")
    pairs = (
        list(altids.items())
        if isinstance(altids, dict)
        else [(a.get("role", ""), a.get("value")) for a in items_of(altids)]
    )
    for role, value in pairs:
        if isinstance(value, str) and value.strip():
            unsure.append(f"The document has no uri; its altId “{role}” is the id.")
            return value.strip()
    unsure.append(
        "The document has no uri or other id; an id was made from its text, "
        "so a later version may come in as a new story."
    )
    return "sha1:" + hashlib.sha1(fallback.encode()).hexdigest()  # noqa: S324


def strings_of(value) -> list[str]:
    """A list of names from a string ("a, b"), a list of strings or of objects."""
    if isinstance(value, str):
        parts = value.split(",") if "," in value else [value]
        return [plain(p) for p in parts if plain(p)]
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        return [n for n in map(name_of, value) if n]
    return []


def rich_fields(doc: dict, unsure: list[str]) -> dict:
    """Urgency, keywords, genre, usage terms and the agency's notes."""
    urgency = doc.get("urgency")
    if urgency is None:
        urgency = doc.get("priority")
    usage = plain(doc.get("usageterms"))
    rights = doc.get("rightsinfo")
    if not usage and isinstance(rights, dict | list):
        found = [
            plain(part.get(key))
            for part in ([rights] if isinstance(rights, dict) else items_of(rights))
            for key in ("usageterms", "linkedrights", "encodedrights")
            if plain(part.get(key))
        ]
        usage = " ".join(found)
    elif not usage:
        usage = plain(rights)
    keywords = []
    for keyword in strings_of(doc.get("keywords")):
        if keyword.casefold() not in {k.casefold() for k in keywords}:
            keywords.append(keyword)
    notes = doc.get("ednote")
    notes = notes if isinstance(notes, list) else [notes]
    return {
        "urgency": urgency_of(urgency, unsure),
        "keywords": keywords,
        "genre": ", ".join(strings_of(doc.get("genres") or doc.get("genre"))),
        "usage_terms": usage,
        "agency_notes": [plain(n) for n in notes or [] if plain(n)],
    }


def subjects_of(doc: dict, unsure: list[str]) -> list[str]:
    subjects, by_code = [], []
    for subject in items_of(doc.get("subjects") or doc.get("subject")):
        name = plain(subject.get("name"))
        if not name:
            name = plain(subject.get("code")) or plain(subject.get("uri"))
            name = name or plain(subject.get("qcode"))
            if name:
                by_code.append(name)
        if name and name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)
    if by_code:
        unsure.append(
            f"Subjects sent by code alone were kept as codes: {', '.join(by_code[:8])}."
        )
    return subjects


def status_of(doc: dict, unsure: list[str]) -> str:
    status = plain(doc.get("pubstatus")).casefold() or "usable"
    status = "canceled" if status == "cancelled" else status
    if status == "withheld":
        unsure.append("The agency marks this story withheld: do not publish it yet.")
    elif status not in STATUSES:
        unsure.append(
            f"The publishing status “{status[:30]}” is not usable, withheld or "
            "canceled; the story is kept as withheld."
        )
        status = "withheld"
    return status
