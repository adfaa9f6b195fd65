"""IPTC ninjs (News in JSON): import 1.x, 2.x, 3.x and dialects; export 3.1.

Import (``ninjs_read``, reading each property with ``ninjs_fields`` and bodies with
``ninjs_text``): a document its schema accepts is read as it is; any other
leniently, each deviation a "Check:" note; an API envelope may hold several stories
(``parse_many``). Schemas: ``ninjs_schema``.

Export: ``article_to_ninjs(article, base_url=...)`` for any story, and
``story_to_ninjs(story)`` for a parsed wire story (``ingest_wire --json``). Both give
ninjs 3.1 documents that validate against ``ninjs-schema_3.1.json``: strict on the
way out, whatever came in.
"""

import re
from datetime import UTC, date, datetime
from html import escape
from urllib.parse import quote

from .ninjs_read import parse_bytes, parse_document, parse_many
from .ninjs_schema import SCHEMA_DIR, schema_version, validation_error
from .ninjs_text import html_paragraphs, nitf_paragraphs, text_paragraphs
from .story import WireStory

__all__ = [
    "SCHEMA_DIR",
    "article_to_ninjs",
    "html_paragraphs",
    "nitf_paragraphs",
    "parse_bytes",
    "parse_document",
    "parse_many",
    "schema_version",
    "story_to_ninjs",
    "text_paragraphs",
    "validation_error",
]

FORMAT = "ninjs"
NINJS_31_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"


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
    html: str | None = None,
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
                # A story's own body as stored (cleaned on write), its links and
                # photos resolved; a wire story's paragraphs escaped.
                "value": html
                if html is not None
                else "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
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

    from ..body_render import body_html
    from ..copy_dates import agency_first_created
    from ..structured_data import date_modified

    return _build(
        uri=f"urn:uuid:{article.guid}",
        headline=article.headline,
        dek=article.dek,
        paragraphs=article.paragraphs,
        html=body_html(article.body, absolute=lambda url: _absolute(url, base_url)),
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
        # When the agency first sent the copy, where known (ninjs: "the date and
        # time at which the content was first created").
        first_created=agency_first_created(article)
        or article.published_at
        or article.created_at,
        embargo=article.embargo_until,
        pub_status=status,
        language=article.language or settings.NEWSROOM_LANGUAGE,
        alt_ids=alt_ids,
    )
