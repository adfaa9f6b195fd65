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

import json

from .lenient import (
    agency_time,
    clean_all,
    headline_from,
    strip_header_block,
    version_number,
)
from .markup import html_markup_of, rich_body
from .ninjs_fields import (
    agency_of,
    descriptions_of,
    headline_of,
    items_of,
    lower_keys,
    name_of,
    paragraphs_of,
    photo_of,
    plain,
    rich_fields,
    status_of,
    subjects_of,
    text_elsewhere,
    wire_id_of,
)
from .ninjs_schema import schema_check, unknown_keys
from .story import NotWellFormed, WireError, WirePerson, WireStory

FORMAT = "ninjs"
PICTURE_TYPES = {"picture", "graphic"}
NOT_A_STORY = {"picture", "graphic", "video", "audio", "event", "planning"}
DEK_ROLES = {"", "summary", "lead", "abstract", "dek", "standfirst", "text", "teaser"}


def parse_document(document: dict) -> WireStory:
    """A ninjs document (any major version, or a dialect) → WireStory, or
    WireError when it holds neither a headline nor a body."""
    if not isinstance(document, dict):
        raise WireError("A ninjs document is a JSON object; this is not one.")
    unsure: list[str] = []
    major, error = schema_check(document)
    if error is not None:
        unsure.append(
            f"The document is not valid ninjs {major}.x ({error}); it was "
            "read leniently."
        )
        extras = unknown_keys(document)
        if extras:
            unsure.append(
                f"Properties ninjs does not define: {', '.join(sorted(extras)[:12])}."
            )
    doc = lower_keys(document)
    kind = plain(doc.get("type")) or "text"
    if kind in NOT_A_STORY:
        raise WireError(
            f"This ninjs document is a {kind}, not a story: nothing to import."
        )
    headline = headline_of(doc)
    if headline and not any(doc.get(key) for key in ("headline", "headlines")):
        unsure.append("The headline was taken from the document's title.")
    paragraphs = clean_all(paragraphs_of(doc, unsure), unsure, "body")
    if not headline and not paragraphs:
        raise WireError("The ninjs document has no headline and no body text.")
    paragraphs, header_keywords, header_notes, header_title = strip_header_block(
        paragraphs, headline, unsure
    )
    if not headline:
        title, source = header_title, "the agency's header block"
        if not title and not paragraphs:
            title, source = plain(doc.get("slugline")), "the slugline"
        headline, paragraphs = headline_from(
            paragraphs, unsure, title=title, source=source
        )
    if not paragraphs:
        offered = text_elsewhere(doc)
        offered = f"; the agency offers the text at {offered[:200]}" if offered else ""
        unsure.append(f"The document has a headline but no body text{offered}.")
    agency, agency_name, note = agency_of(doc)
    if note:
        unsure.append(note)
    located = name_of(doc.get("located")) or plain(doc.get("dateline"))
    place, _, region = located.partition(",")
    if not place.strip():
        # Vendors' structured datelines: {"city": …, "countryname": …}.
        where = doc.get("datelinelocation")
        where = where if isinstance(where, dict) else doc
        place = plain(where.get("city"))
        region = plain(where.get("countryname")) or name_of(where.get("country"))

    def when(*keys, what, strict=False):
        value = next((doc[k] for k in keys if doc.get(k) not in (None, "")), None)
        return agency_time(
            value, what=what, unsure=unsure, agency=agency, strict=strict
        )

    first = when("firstcreated", "created", what="firstCreated")
    version_created = when(
        "versioncreated", "updated", "modified", "published", what="versionCreated"
    )
    created = version_created or when("contentcreated", what="contentCreated")
    moment = first or created
    dateline_date = moment.date() if moment else None
    if dateline_date:
        unsure.append("The dateline date was taken from the document's creation time.")
    embargo = when("embargoeduntil", "embargoed", what="embargo time", strict=True)
    people = [
        WirePerson(name=plain(p.get("name")), roles=["subject"])
        for p in items_of(doc.get("people") or doc.get("person"))
        if plain(p.get("name"))
    ]
    photos = [
        photo_of(item)
        for item in items_of(doc.get("associations"))
        if plain(item.get("type")) in PICTURE_TYPES
        or (not item.get("type") and "image/" in json.dumps(item.get("renditions", "")))
    ]
    rich = rich_fields(doc, unsure)
    for keyword in header_keywords:
        if keyword.casefold() not in {k.casefold() for k in rich["keywords"]}:
            rich["keywords"].append(keyword)
    rich["agency_notes"] += header_notes
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        body_html=rich_body(html_markup_of(doc), paragraphs),
        dek=descriptions_of(doc, DEK_ROLES),
        dateline_place=place.strip(),
        dateline_region=region.strip(),
        dateline_date=dateline_date,
        agency=agency,
        agency_name=agency_name,
        byline=next(
            (
                name_of(doc[key])
                for key in ("by", "byline", "bylines", "author", "authors", "creator")
                if name_of(doc.get(key))
            ),
            "",
        ),
        wire_id=wire_id_of(doc, unsure, f"{agency}\n{headline}"),
        version=version_number(doc.get("version"), unsure),
        first_created=first,
        version_created=version_created,
        embargo_until=embargo,
        pub_status=status_of(doc, unsure),
        language=plain(doc.get("language")) or plain(doc.get("lang")),
        copyright_notice=plain(doc.get("copyrightnotice")),
        subjects=subjects_of(doc, unsure),
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=f"{FORMAT}-{major}",
        **rich,
    )


# ---- envelopes ---------------------------------------------------------------

HEADLINE_KEYS = {"headline", "headlines"}
BODY_KEYS = {"body", "bodies", "body_text", "body_html", "body_xhtml", "body_nitf"}
ID_KEYS = {"uri", "guid"}
MAX_ITEMS = 5000


def _looks_like_item(value: dict) -> bool:
    keys = {str(k).casefold() for k in value}
    return bool(keys & (HEADLINE_KEYS | BODY_KEYS)) or (
        "title" in keys and bool(keys & ID_KEYS) and "type" in keys
    )


def _find_items(value, path: list[str], depth: int = 0) -> list[tuple[dict, str]]:
    """The story documents inside an API envelope, with the path to each."""
    if depth > 6:
        return []
    if isinstance(value, dict):
        if _looks_like_item(value):
            return [(value, " → ".join(path))]
        found = []
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                found += _find_items(inner, [*path, str(key)], depth + 1)
        return found
    if isinstance(value, list):
        value = value[:MAX_ITEMS]
        dicts = [inner for inner in value if isinstance(inner, dict)]
        if any(_looks_like_item(inner) for inner in dicts):
            # A list of stories: each one counts, so a broken one is reported.
            return [(inner, " → ".join(path)) for inner in dicts]
        found = []
        for inner in value:
            found += _find_items(inner, path, depth + 1)
        return found
    return []


def _load(data: bytes):
    try:
        return json.loads(data)
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


def parse_many(data: bytes) -> list[WireStory]:
    """The stories of a ninjs document, or of an API envelope holding several.

    Each story the envelope holds that cannot be read is left out with a note on
    the first story; WireError when none can be read.
    """
    value = _load(data)
    try:
        return _parse_value(value)
    except RecursionError:
        raise WireError("The JSON nests too deeply.") from None


def _parse_value(value) -> list[WireStory]:
    if isinstance(value, dict) and _looks_like_item(value):
        return [parse_document(value)]
    if not isinstance(value, dict):
        # A bare list is no ninjs document, whatever it holds (as --format auto
        # says); APIs wrap their lists in an object.
        raise WireError("A ninjs document is a JSON object; this is not one.")
    found = _find_items(value, [])
    if not found:
        return [parse_document(value)]  # says what is missing
    stories, failures = [], []
    for number, (document, path) in enumerate(found, 1):
        where = f"Item {number} of {len(found)}" if len(found) > 1 else "The item"
        try:
            story = parse_document(document)
        except WireError as error:
            failures.append(f"{where}: {error}")
            continue
        story.unsure.insert(
            0, f"{where} of an API envelope ({path}); read the story inside it."
        )
        stories.append(story)
    if not stories:
        raise WireError("; ".join(failures[:3]))
    stories[0].unsure += [f"{failure} Left out." for failure in failures]
    return stories


def parse_bytes(data: bytes) -> WireStory:
    """The one story of a ninjs document (or an envelope holding one)."""
    stories = parse_many(data)
    if len(stories) > 1:
        raise WireError(
            f"The JSON holds {len(stories)} stories; read it with parse_many."
        )
    return stories[0]
