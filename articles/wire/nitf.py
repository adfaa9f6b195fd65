"""IPTC NITF 3.x: a news story as one XML document (AP, EFE, PA, NTB, CP, AAP).

What is read from where:

* ``head/docdata``: the story id (``du-key`` key, which stays the same across the
  agency's versions, else ``doc-id`` id-string), the version (``du-key`` version),
  ``date.issue`` (created), ``date.release`` (an embargo when later than the issue
  time), ``urgency`` ed-urg, ``doc.copyright`` holder and year, ``ed-msg`` (the
  agency's note), ``series``, ``key-list``/``keyword``, ``doc-scope``,
  ``identified-content`` persons, ``evloc`` (a place when the dateline has none) and
  ``management-status``.
* ``head/title`` (the headline when the body has no ``hedline``), ``head/tobject``
  (subjects by name, or by their IPTC code's top-level name; the genre from
  ``tobject.property``) and ``head/pubdata`` (the publication time).
* ``body.head``: ``hedline/hl1`` (headline) and ``hl2`` (standfirst), ``abstract``,
  ``byline`` (``person``, ``byttl``), ``dateline`` (``location``/``city``,
  ``story.date``), ``distributor`` and ``rights``.
* ``body.content``: paragraphs (``p``, inside ``block``s too; ``hl2`` subheads and list
  items), and pictures (``media media-type="image"``: ``media-reference`` source,
  ``media-caption``, ``media-producer`` or ``credit``).

Parsed only with defusedxml: the DOCTYPE NITF files usually carry is allowed, but no
entity is declared or expanded (no bombs) and nothing external is read (no XXE).
"""

import re
from datetime import datetime

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .markup import nitf_to_html, rich_body
from .printed_dateline import printed_dateline
from .story import NotWellFormed, WireError, WirePerson, WirePhoto, WireStory, wire_time

FORMAT = "nitf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IPTC subject codes' top-level names (the first two digits of an 8-digit refnum),
# for a tobject.subject that gives its code and no name.
IPTC_TOP_SUBJECTS = {
    "01": "arts, culture and entertainment",
    "02": "crime, law and justice",
    "03": "disaster and accident",
    "04": "economy, business and finance",
    "05": "education",
    "06": "environmental issue",
    "07": "health",
    "08": "human interest",
    "09": "labour",
    "10": "lifestyle and leisure",
    "11": "politics",
    "12": "religion and belief",
    "13": "science and technology",
    "14": "social issue",
    "15": "sport",
    "16": "unrest, conflicts and war",
    "17": "weather",
}
STATUSES = {"usable": "usable", "withheld": "withheld", "canceled": "canceled"}
BYLINE_LEAD = re.compile(r"^(?:by|von|por|par|av|di)\s+", re.IGNORECASE)
# EFE and others sign with the desk's initials ("jlm/ars"): a note, not a byline.
INITIALS = re.compile(r"^[a-z]{1,4}(?:\s*/\s*[a-z]{1,4})+$")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _find(element, name: str):
    """The first descendant called ``name`` (any namespace), or None."""
    if element is None:
        return None
    for found in element.iter():
        if found is not element and _local(found.tag) == name:
            return found
    return None


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _attr(element, name: str) -> str:
    return " ".join(element.get(name, "").split()) if element is not None else ""


def parse_bytes(data: bytes) -> list[WireStory]:
    """One NITF document → its story, or ``WireError`` with the reason."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as error:
        raise WireError(
            "The XML declares entities, which wire copy never needs; refused for "
            f"safety ({type(error).__name__})."
        ) from None
    except SafeET.ParseError as error:
        raise NotWellFormed(f"The XML is not well-formed: {error}.") from None
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise WireError(f"The XML cannot be read: {error}.") from None
    if _local(root.tag) != "nitf":
        raise WireError(f"The XML is not NITF: its root is <{_local(root.tag)}>.")
    try:
        return [_story(root)]
    except RecursionError:
        raise WireError(
            "The XML nests elements thousands deep; no story is shaped so."
        ) from None


def nitf_time(value: str, *, what: str, unsure: list[str]) -> datetime | None:
    """A NITF ``norm`` time: ISO 8601, basic ("20261206T061200+0000") or extended."""
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):  # a date alone: midnight UTC, said so below
        text += "T000000+0000"
    return wire_time(text, what=what, unsure=unsure)


def _story(root) -> WireStory:
    unsure: list[str] = []
    head, body = _child(root, "head"), _child(root, "body")
    docdata = _child(head, "docdata")
    body_head, body_content = _child(body, "body.head"), _child(body, "body.content")
    lang = (
        _attr(body, XML_LANG)
        or _attr(root, XML_LANG)
        or _attr(root, "baselang")
        or _attr(head, XML_LANG)
        or _attr(docdata, XML_LANG)
        or next(  # <meta name="language" content="de"/>, as some agencies add
            (
                _attr(meta, "content")
                for meta in _children(head, "meta")
                if _attr(meta, "name").casefold() in {"language", "lang", "dc.language"}
            ),
            "",
        )
    )

    paragraphs, photos = _content(body_content, unsure)
    body_end = _child(body, "body.end")
    for tagline in _children(body_end, "tagline"):
        if text := _text(tagline):
            paragraphs.append(text)
    if not paragraphs:
        raise WireError("The NITF has no body text (no paragraphs in body.content).")

    hedline = _child(body_head, "hedline")
    headline = _text(_child(hedline, "hl1"))
    dek = _text(_child(hedline, "hl2")) or _text(_child(body_head, "abstract"))
    if not headline:
        headline = _text(_child(head, "title"))
        if not headline:
            headline = _first_sentence(paragraphs[0])
            unsure.append(
                "The NITF has no headline (no hedline, no title): the first "
                "sentence stands in for it."
            )

    wire_id, version = _identity(docdata, unsure)
    created = nitf_time(
        _attr(_child(docdata, "date.issue"), "norm"), what="date.issue", unsure=unsure
    )
    published = nitf_time(
        _attr(_child(head, "pubdata"), "date.publication"),
        what="date.publication",
        unsure=unsure,
    )
    release = nitf_time(
        _attr(_child(docdata, "date.release"), "norm"),
        what="date.release",
        unsure=unsure,
    )
    status = _attr(docdata, "management-status").casefold()
    embargo = release if release and created and release > created else None
    if status == "embargoed" and embargo is None:
        embargo = release
        if embargo is None:
            status = "withheld"
            unsure.append(
                "The agency marks this story embargoed but gives no release time: "
                "held back until an editor decides."
            )

    place, region, story_date = _dateline(body_head, docdata, unsure)
    byline, people = _byline(body_head)
    if INITIALS.match(byline):
        notes_first = [f"Signed with the desk's initials “{byline}”."]
        byline = ""
    else:
        notes_first = []
    printed = printed_dateline(paragraphs[0])
    agency, agency_name, notice = _agency(docdata, body_head, printed)
    if not place and printed:
        place, region = printed.place, printed.region
    if place.isupper():
        place = place.title()
    subjects, genre = _subjects(head, unsure)
    people += _identified_people(docdata)
    keywords = [
        _attr(keyword, "key")
        for keyword in _find_all(docdata, "keyword")
        if _attr(keyword, "key")
    ]
    key_list = _child(docdata, "key-list")
    if _attr(key_list, "key") and _attr(key_list, "key") not in keywords:
        keywords.append(_attr(key_list, "key"))
    for scope in _children(docdata, "doc-scope"):
        if _attr(scope, "scope") and _attr(scope, "scope") not in keywords:
            keywords.append(_attr(scope, "scope"))

    notes = notes_first + [
        _attr(message, "info") or _text(message)
        for message in _children(docdata, "ed-msg")
    ]
    for series in _children(docdata, "series"):
        name, part = _attr(series, "series.name"), _attr(series, "series.part")
        total = _attr(series, "series.totalpart")
        if name or part:
            of = f" of {total}" if total and total != "0" else ""
            notes.append(
                f"Series “{name}”" + (f", part {part}{of}" if part else "") + "."
            )
    urgency = _attr(_child(docdata, "urgency"), "ed-urg")
    dated = story_date or created or published
    if not story_date and dated:
        unsure.append("The dateline date was taken from the story's issue time.")
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        body_html=rich_body(
            nitf_to_html(SafeET.tostring(body_content, encoding="unicode"))
            if body_content is not None
            else "",
            paragraphs,
        ),
        dek=dek if dek != headline else "",
        dateline_place=place,
        dateline_region=region,
        dateline_date=dated.date() if dated else None,
        agency=agency,
        agency_name=agency_name,
        byline=byline,
        wire_id=wire_id,
        version=version,
        first_created=created,
        version_created=published or created,
        embargo_until=embargo,
        pub_status=STATUSES.get(status, "usable"),
        language=lang,
        copyright_notice=notice,
        subjects=subjects,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=FORMAT,
        urgency=int(urgency) if re.fullmatch("[1-9]", urgency) else None,
        keywords=[k for k in keywords if k],
        genre=genre,
        usage_terms=_text(_child(docdata, "doc.rights"))
        or _attr(_child(docdata, "doc.rights"), "limitations"),
        agency_notes=[n for n in notes if n],
    )


def _find_all(element, name: str) -> list:
    if element is None:
        return []
    return [found for found in element.iter() if _local(found.tag) == name]


def _first_sentence(paragraph: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    return sentence if len(sentence) <= 200 else sentence[:199].rstrip() + "…"


def _content(body_content, unsure: list[str]) -> tuple[list[str], list[WirePhoto]]:
    """Paragraphs and pictures of ``body.content``, in order."""
    paragraphs: list[str] = []
    photos: list[WirePhoto] = []
    skipped: set[str] = set()

    def walk(element):
        for child in element:
            name = _local(child.tag)
            if name == "media":
                if _attr(child, "media-type").casefold() in {"image", "photo", ""}:
                    photos.append(_media(child))
                else:
                    skipped.add(f"{_attr(child, 'media-type')} media")
            elif name in {"p", "hl2", "li", "dt", "dd", "bq"}:
                if name == "bq" or any(_local(c.tag) == "p" for c in child):
                    walk(child)
                elif text := _text(child):
                    paragraphs.append(text)
            elif name in {"table", "nitf-table", "fn", "note"}:
                skipped.add(name)
            else:  # block, ul, ol, dl, pre …: their paragraphs count
                if name == "pre" and (text := _text(child)):
                    paragraphs.append(text)
                else:
                    walk(child)

    if body_content is not None:
        walk(body_content)
    if skipped:
        unsure.append(
            "Left out of the body: " + ", ".join(sorted(skipped)) + " (not text)."
        )
    return paragraphs, photos


def _media(media) -> WirePhoto:
    caption = _text(_child(media, "media-caption"))
    producer = _child(media, "media-producer")
    credit = _text(_find(producer, "credit")) or _text(producer)
    credit = credit or _text(_find(media, "credit"))
    href = alt = ""
    for reference in _children(media, "media-reference"):
        if reference.get("source") or reference.get("data-location"):
            href = (reference.get("source") or reference.get("data-location")).strip()
            alt = _attr(reference, "alternate-text")
            break
    photographer = _text(_find(producer, "person"))
    return WirePhoto(
        caption=caption,
        credit=credit,
        alt_text=alt or caption,
        href=href,
        uri=_attr(media, "id"),
        photographer=photographer,
    )


def _identity(docdata, unsure: list[str]) -> tuple[str, int | None]:
    du_key = _child(docdata, "du-key")
    doc_id = _child(docdata, "doc-id")
    wire_id = _attr(du_key, "key") or _attr(doc_id, "id-string")
    if not wire_id:
        raise WireError(
            "The NITF has no story id (docdata's du-key or doc-id), so it cannot be "
            "matched with later versions."
        )
    version = _attr(du_key, "version")
    # ASCII digits only: str.isdigit() also passes "²", which int() refuses.
    number = re.fullmatch("[0-9]{1,9}", version)
    if version and not number:
        unsure.append(f"The version “{version}” is not a number; left out.")
    return wire_id, int(version) if number else None


def _dateline(body_head, docdata, unsure: list[str]):
    """(place, region, date) from body.head's dateline, else docdata's evloc."""
    dateline = _child(body_head, "dateline")
    place = region = ""
    location = _child(dateline, "location")
    city = _find(location, "city")
    if city is not None:
        place = _text(city)
        region = ", ".join(
            _text(part)
            for part in (_find(location, "state"), _find(location, "country"))
            if _text(part)
        )
    elif location is not None:
        place = _text(location)
    elif dateline is not None:
        printed = "".join(
            (dateline.text or "", *(c.tail or "" for c in dateline))
        ).strip()
        place = " ".join(printed.split(",")[0].split())
    if not place:
        evloc = _child(docdata, "evloc")
        place = _attr(evloc, "city")
        region = region or _attr(evloc, "state-prov") or _attr(evloc, "iso-cc")
    story_date = _child(dateline, "story.date")
    when = None
    if story_date is not None and _attr(story_date, "norm"):
        when = nitf_time(_attr(story_date, "norm"), what="story.date", unsure=unsure)
    return place, region, when


def _byline(body_head) -> tuple[str, list[WirePerson]]:
    names, people = [], []
    for byline in _children(body_head, "byline"):
        persons = _children(byline, "person")
        title = _text(_child(byline, "byttl"))
        if persons:
            for person in persons:
                name = _text(person)
                names.append(name)
                people.append(WirePerson(name=name, title=title, roles=["byline"]))
        else:
            text = " ".join(
                "".join((byline.text or "", *(c.tail or "" for c in byline))).split()
            ).strip(" ,")
            if text:
                names.append(BYLINE_LEAD.sub("", text))
    return ", ".join(n for n in names if n), [p for p in people if p.name]


def _agency(docdata, body_head, printed) -> tuple[str, str, str]:
    """(short name as in datelines, full name, copyright notice)."""
    copyright_el = _child(docdata, "doc.copyright")
    holder, year = _attr(copyright_el, "holder"), _attr(copyright_el, "year")
    notice = (
        f"© {year} {holder}" if holder and year else (f"© {holder}" if holder else "")
    )
    distributor = _text(_child(body_head, "distributor"))
    owner = _text(_find(_child(body_head, "rights"), "rights.owner"))
    full = holder or distributor or owner
    short = _attr(_child(docdata, "doc-id"), "regsrc")
    if not short and printed:
        short = printed.agency
    return short or full, full or short, notice


def _subjects(head, unsure: list[str]) -> tuple[list[str], str]:
    subjects: list[str] = []
    tobject = _child(head, "tobject")
    coded = []
    for subject in _children(tobject, "tobject.subject"):
        name = (
            _attr(subject, "tobject.subject.detail")
            or _attr(subject, "tobject.subject.matter")
            or _attr(subject, "tobject.subject.type")
        )
        refnum = _attr(subject, "tobject.subject.refnum")
        if not name and refnum:
            name = IPTC_TOP_SUBJECTS.get(refnum.zfill(8)[:2], "")
            coded.append(refnum)
        if name and name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)
    if coded:
        unsure.append(
            "Subjects given only by code (" + ", ".join(coded) + ") are named by "
            "their IPTC top-level subject."
        )
    genre = _attr(_child(tobject, "tobject.property"), "tobject.property.type")
    return subjects, genre or _attr(tobject, "tobject.type")


def _identified_people(docdata) -> list[WirePerson]:
    """``identified-content/person``: the name (its ``name.given``/``name.family``
    parts or plain text, else the ``value`` attribute), ``function`` as the title."""
    people = []
    for content in _children(docdata, "identified-content"):
        for person in _children(content, "person"):
            pieces = [person.text or ""]
            for child in person:
                if _local(child.tag) != "function":
                    pieces.append(_text(child))
                pieces.append(child.tail or "")
            name = " ".join(" ".join(pieces).split()) or _attr(person, "value")
            if name:
                title = _text(_child(person, "function"))
                people.append(WirePerson(name=name, title=title, roles=["subject"]))
    return people
