"""IPTC NewsML-G2: text newsItems (and the pictures that come with them).

Reads a ``newsItem`` of class text, or a ``newsMessage`` carrying text and picture
items. Per text item: headline, standfirst (``description`` or the NITF abstract),
body from inline XHTML, NITF or plain text, dateline and ``located``, ``by``,
``creditline``, subjects (people among them), embargo, version, and its pictures:
picture items in the same message it links to (or all of them when the message
holds one story), ``link``s to images, and NITF ``media`` blocks.

Parsed only with defusedxml, DTDs refused: no entity expansion (bombs), no external
entities (XXE), no network.
"""

import re

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .ninjs import html_paragraphs, text_paragraphs
from .story import (
    NotWellFormed,
    WireError,
    WirePerson,
    WirePhoto,
    WireStory,
    wire_time,
)

FORMAT = "newsml-g2"
NAR = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXT_CLASSES = {"ninat:text", "ninat:composite"}
PICTURE_CLASSES = {"ninat:picture", "ninat:graphic"}
BEST_RENDITIONS = ("rnd:highres", "rnd:print", "rnd:web", "rnd:preview", "rnd:thumb")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return (
        [child for child in element if _local(child.tag) == name]
        if element is not None
        else []
    )


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _name(element, lang: str = "") -> str:
    """An element's ``name`` child in the item's language if it has several."""
    names = _children(element, "name")
    for name in names:
        if lang and name.get(XML_LANG, "").split("-")[0] == lang.split("-")[0]:
            return _text(name)
    return _text(names[0]) if names else ""


def _qcode_tail(element) -> str:
    qcode = element.get("qcode", "") if element is not None else ""
    return qcode.split(":", 1)[-1] if ":" in qcode else qcode


def parse_bytes(data: bytes) -> list[WireStory]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise WireError(
            "The XML declares a DTD or entities, which wire copy never needs; refused "
            f"for safety ({type(error).__name__})."
        ) from None
    except SafeET.ParseError as error:
        raise NotWellFormed(f"The XML is not well-formed: {error}.") from None
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise WireError(f"The XML cannot be read: {error}.") from None
    kind = _local(root.tag)
    if kind == "newsItem":
        items = [root]
    elif kind == "newsMessage":
        items = [i for i in root.iter() if _local(i.tag) == "newsItem"]
    elif kind == "packageItem":
        raise WireError(
            "A NewsML-G2 packageItem only references its stories; send the newsItems "
            "(or a newsMessage that carries them)."
        )
    else:
        raise WireError(
            f"The XML is not NewsML-G2: its root is <{kind}>, not <newsItem>."
        )
    if root.tag.startswith("{") and not root.tag.startswith("{" + NAR):
        raise WireError("The XML root is not in the NewsML-G2 namespace.")

    texts, pictures = [], {}
    for item in items:
        item_class = _child(_child(item, "itemMeta"), "itemClass")
        qcode = item_class.get("qcode", "") if item_class is not None else ""
        if qcode in PICTURE_CLASSES:
            pictures[item.get("guid", "")] = item
        elif qcode in TEXT_CLASSES or not qcode:
            texts.append(item)
    if not texts:
        raise WireError(
            "The NewsML-G2 holds no text item (only pictures or other media)."
        )
    stories = []
    for item in texts:
        linked = _linked_guids(item)
        if linked:
            own = [pictures[g] for g in linked if g in pictures]
        else:
            own = list(pictures.values()) if len(texts) == 1 else []
        try:
            stories.append(_story(item, own))
        except RecursionError:  # the body is walked element by nested element
            raise WireError(
                "The XML nests elements thousands deep; no story is shaped so."
            ) from None
    return stories


def _linked_guids(item) -> list[str]:
    links = _children(_child(item, "itemMeta"), "link")
    return [link.get("residref") for link in links if link.get("residref")]


def _body(item, unsure: list[str]) -> tuple[list[str], dict]:
    """Paragraphs of the item's content, and what the NITF head said (by, abstract)."""
    extra: dict = {"photos": []}
    content_set = _child(item, "contentSet")
    for inline in _children(content_set, "inlineXML"):
        for element in inline:
            name = _local(element.tag)
            if name == "nitf":
                return _nitf(element, extra), extra
            if name in {"html", "body", "div", "section", "article", "p"}:
                markup = SafeET.tostring(element, encoding="unicode")
                markup = re.sub(r"<(/?)[\w.-]+:", r"<\1", markup)  # drop ns prefixes
                return html_paragraphs(markup), extra
    for inline in _children(content_set, "inlineData"):
        kind = inline.get("contenttype", "text/plain")
        raw = "".join(inline.itertext())
        if "html" in kind:
            return html_paragraphs(raw), extra
        return text_paragraphs(raw), extra
    return [], extra


def _nitf(nitf, extra: dict) -> list[str]:
    paragraphs: list[str] = []

    def walk(element):
        for child in element:
            name = _local(child.tag)
            if name == "media":
                if child.get("media-type", "image") == "image":
                    extra["photos"].append(_nitf_media(child))
            elif name in {"p", "hl2"}:
                if text := _text(child):
                    paragraphs.append(text)
            else:
                walk(child)

    for element in nitf.iter():
        name = _local(element.tag)
        if name == "body.content":
            walk(element)
        elif name == "byline" and not extra.get("by"):
            extra["by"] = _text(element)
        elif name == "abstract" and not extra.get("abstract"):
            extra["abstract"] = _text(element)
    return paragraphs


def _nitf_media(media) -> WirePhoto:
    href = alt = caption = credit = ""
    for element in media.iter():
        name = _local(element.tag)
        if name == "media-reference" and not href:
            href = element.get("source", "")
            alt = element.get("alternate-text", "")
        elif name == "media-caption":
            caption = _text(element)
        elif name == "media-producer":
            credit = _text(element)
    return WirePhoto(caption=caption, credit=credit, alt_text=alt or caption, href=href)


def _picture(item) -> WirePhoto:
    meta = _child(item, "contentMeta")
    lang = item.get(XML_LANG, "")
    caption = ""
    for description in _children(meta, "description"):
        if description.get("role", "drol:caption") in {"drol:caption", "drol:summary"}:
            caption = _text(description)
            break
    caption = caption or _text(_child(meta, "headline"))
    creator = _child(meta, "creator")
    photographer = _name(creator, lang) if creator is not None else ""
    credit = (
        _text(_child(meta, "creditline")) or _text(_child(meta, "by")) or photographer
    )
    rights = _child(item, "rightsInfo")
    notice = _text(_child(rights, "copyrightNotice"))
    remotes = _children(_child(item, "contentSet"), "remoteContent")

    def rank(remote):
        rendition = remote.get("rendition", "").casefold()
        order = BEST_RENDITIONS.index(rendition) if rendition in BEST_RENDITIONS else 9
        return (
            order,
            -int(remote.get("width", "0") or 0)
            if remote.get("width", "").isdigit()
            else 0,
        )

    href = ""
    for remote in sorted(remotes, key=rank):
        if remote.get("href"):
            href = remote.get("href").strip()
            break
    return WirePhoto(
        caption=caption,
        credit=credit,
        alt_text=caption,
        href=href,
        uri=item.get("guid", ""),
        copyright_notice=notice,
        photographer=photographer,
    )


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _story(item, picture_items) -> WireStory:
    guid = item.get("guid", "").strip()
    if not guid:
        raise WireError(
            "The newsItem has no guid, so it cannot be matched with later versions."
        )
    lang = item.get(XML_LANG, "")
    meta = _child(item, "contentMeta")
    item_meta = _child(item, "itemMeta")
    unsure: list[str] = []
    headline = _text(_child(meta, "headline"))
    paragraphs, extra = _body(item, unsure)
    if not headline:
        raise WireError(f"The newsItem {guid} has no headline.")
    if not paragraphs:
        raise WireError(f"The newsItem {guid} has no body text.")

    dek = ""
    for description in _children(meta, "description"):
        if description.get("role", "drol:summary") in {"drol:summary", "drol:abstract"}:
            dek = _text(description)
            break
    dek = dek or extra.get("abstract", "")

    # The printed dateline's place first ("MOSCOW, Monday (Reuters)"), else located.
    place = region = ""
    dateline = _text(_child(meta, "dateline"))
    if dateline:
        place = dateline.split(",")[0].split("(")[0].strip()
    located = _child(meta, "located")
    if located is not None:
        located_name = _name(located, lang)
        if located_name and "," in located_name:
            located_name, _, region = (
                part.strip() for part in located_name.partition(",")
            )
        if not place:
            place = located_name or _qcode_tail(located)
            if not located_name and place:
                unsure.append(
                    f"The dateline place “{place}” comes from a code, not a name."
                )
        broader = [
            _name(b, lang) or _qcode_tail(b) for b in _children(located, "broader")
        ]
        region = ", ".join(b for b in [region, *broader] if b and b != place)
    if place.isupper():
        place = place.title()
    content_created = wire_time(
        _text(_child(meta, "contentCreated")), what="contentCreated", unsure=unsure
    )
    first_created = wire_time(
        _text(_child(item_meta, "firstCreated")), what="firstCreated", unsure=unsure
    )
    version_created = wire_time(
        _text(_child(item_meta, "versionCreated")),
        what="versionCreated",
        unsure=unsure,
    )
    embargo = wire_time(
        _text(_child(item_meta, "embargoed")),
        what="embargo time",
        unsure=unsure,
        strict=True,
    )
    created = content_created or first_created or version_created

    rights = _child(item, "rightsInfo")
    provider = _child(item_meta, "provider")
    holder = _child(rights, "copyrightHolder")
    agency_name = (
        (_name(provider, lang) if provider is not None else "")
        or (_name(holder, lang) if holder is not None else "")
        or _text(_child(meta, "creditline"))
    )
    agency = _qcode_tail(provider) if provider is not None else ""
    agency = agency or agency_name
    if not agency:
        source = _child(meta, "infoSource")
        agency = agency_name = _name(source, lang) if source is not None else ""
    creators = [_name(c, lang) for c in _children(meta, "creator")]
    byline = (
        _text(_child(meta, "by"))
        or extra.get("by", "")
        or ", ".join(c for c in creators if c)
    )

    subjects, people = [], []
    for subject in _children(meta, "subject"):
        name = _name(subject, lang)
        if not name:
            continue
        if subject.get("type") == "cpnat:person":
            people.append(WirePerson(name=name, roles=["subject"]))
        elif name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)

    photos = [_picture(p) for p in picture_items] + extra["photos"]
    for link in _children(item_meta, "link"):
        if link.get("contenttype", "").startswith("image/") and not link.get(
            "residref"
        ):
            photos.append(
                WirePhoto(caption=link.get("title", ""), href=link.get("href", ""))
            )
    status_el = _child(item_meta, "pubStatus")
    status = (
        status_el.get("qcode", "stat:usable") if status_el is not None else ""
    ).split(":")[-1]
    if status == "withheld":
        unsure.append("The agency marks this story withheld: do not publish it yet.")
    if created:
        unsure.append("The dateline date was taken from the item's creation time.")
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        dek=dek,
        dateline_place=place,
        dateline_region=region,
        dateline_date=created.date() if created else None,
        agency=agency,
        agency_name=agency_name,
        byline=byline,
        wire_id=guid,
        version=_version(item.get("version")),
        first_created=first_created,
        version_created=version_created,
        embargo_until=embargo,
        pub_status=status if status in {"usable", "withheld", "canceled"} else "usable",
        language=lang,
        copyright_notice=_text(_child(rights, "copyrightNotice")),
        subjects=subjects,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=FORMAT,
    )
