"""One NewsML-G2 ``newsItem`` → ``WireStory``: its text, metadata and pictures.

``newsml`` finds the items of a document (a newsItem, a newsMessage, a package);
this module reads each: headline (or the NITF title, or the first line, noted),
standfirst, body from inline XHTML, NITF or plain text (pseudo-tags turned into
characters, an agency's header block before the dateline left out), dateline and
``located``, ``by``, subjects (people among them, codes named where the message or
IPTC names them), embargo and times (read in the agency's zone when printed without
one), version of any size, urgency, keywords, genre, usage terms, and the agency's
own editorial and correction notes.
"""

import hashlib
import re

from defusedxml import ElementTree as SafeET

from .lenient import (
    PSEUDO_TAGS,
    agency_time,
    clean_all,
    headline_from,
    strip_header_block,
    urgency_of,
    version_number,
)
from .markup import nitf_to_html, rich_body
from .newsml_codes import (
    XML_LANG,
    Codes,
    child,
    children,
    local,
    name_of,
    text,
)
from .ninjs_text import html_paragraphs, text_paragraphs
from .story import WireError, WirePerson, WirePhoto, WireStory

FORMAT = "newsml-g2"
BEST_RENDITIONS = ("highres", "print", "original", "web", "preview", "thumb")
STATUSES = {"usable", "withheld", "canceled"}


def unpseudo(item) -> bool:
    """Turn pseudo-tag elements (``<endash/>``) into their characters in place."""
    changed = False
    for parent in item.iter():
        for index, element in reversed(list(enumerate(parent))):
            char = PSEUDO_TAGS.get(local(element.tag).casefold())
            if char is None or len(element) or (element.text or "").strip():
                continue  # an element with content is no pseudo-tag
            flow = char + (element.tail or "")
            if index == 0:
                parent.text = (parent.text or "") + flow
            else:
                before = parent[index - 1]
                before.tail = (before.tail or "") + flow
            parent.remove(element)
            changed = True
    return changed


def body_of(item) -> tuple[list[str], dict]:
    """Paragraphs of the item's content, and what an NITF head said (by, abstract,
    title, hedline)."""
    extra: dict = {"photos": []}
    content_set = child(item, "contentSet")
    for inline in children(content_set, "inlineXML"):
        for element in inline:
            name = local(element.tag)
            if name == "nitf":
                for content in element.iter():
                    if local(content.tag) == "body.content":
                        extra["markup"] = nitf_to_html(
                            SafeET.tostring(content, encoding="unicode")
                        )
                        break
                return _nitf(element, extra), extra
            if name in {"html", "body", "div", "section", "article", "p"}:
                markup = SafeET.tostring(element, encoding="unicode")
                markup = re.sub(r"<(/?)[\w.-]+:", r"<\1", markup)  # drop ns prefixes
                for title in re.findall(r"<title[^>]*>(.*?)</title>", markup, re.S):
                    extra.setdefault("title", " ".join(title.split()))
                for heading in re.findall(r"<h1[^>]*>(.*?)</h1>", markup, re.S):
                    extra.setdefault("hedline", re.sub(r"<[^>]+>", "", heading))
                extra["markup"] = markup
                return html_paragraphs(markup), extra
    for inline in children(content_set, "inlineData"):
        kind = inline.get("contenttype", "text/plain")
        raw = "".join(inline.itertext())
        if "html" in kind:
            extra["markup"] = raw
            return html_paragraphs(raw), extra
        return text_paragraphs(raw), extra
    return [], extra


def _nitf(nitf, extra: dict) -> list[str]:
    paragraphs: list[str] = []

    def walk(element):
        for part in element:
            name = local(part.tag)
            if name == "media":
                if part.get("media-type", "image") == "image":
                    extra["photos"].append(_nitf_media(part))
            elif name in {"p", "hl2"}:
                if value := text(part):
                    paragraphs.append(value)
            else:
                walk(part)

    for element in nitf.iter():
        name = local(element.tag)
        if name == "body.content":
            walk(element)
        elif name == "byline" and not extra.get("by"):
            extra["by"] = text(element)
        elif name == "abstract" and not extra.get("abstract"):
            extra["abstract"] = text(element)
        elif name == "title" and not extra.get("title"):
            extra["title"] = text(element)
        elif name in {"hl1", "hedline"} and not extra.get("hedline"):
            hl1 = child(element, "hl1")
            extra["hedline"] = text(element if hl1 is None else hl1)
    return paragraphs


def _nitf_media(media) -> WirePhoto:
    href = alt = caption = credit = ""
    for element in media.iter():
        name = local(element.tag)
        if name == "media-reference" and not href:
            href = element.get("source", "")
            alt = element.get("alternate-text", "")
        elif name == "media-caption":
            caption = text(element)
        elif name == "media-producer":
            credit = text(element)
    return WirePhoto(caption=caption, credit=credit, alt_text=alt or caption, href=href)


def _is_local(href: str) -> bool:
    """A path beside the input (relative, no scheme), not a URL."""
    return bool(href) and "://" not in href and not href.startswith(("/", "\\"))


def best_href(remotes) -> str:
    """The rendition to take: a file beside the input first (it can be stored),
    then the best rendition by name and width."""

    def rank(remote):
        rendition = remote.get("rendition", "").rpartition(":")[2].casefold()
        order = (
            BEST_RENDITIONS.index(rendition)
            if rendition in BEST_RENDITIONS
            else len(BEST_RENDITIONS)
        )
        width = remote.get("width", "")
        return (
            not _is_local(remote.get("href", "").strip()),
            order,
            -int(width) if width.isdigit() and len(width) < 7 else 0,
        )

    for remote in sorted(remotes, key=rank):
        if remote.get("href", "").strip():
            return remote.get("href").strip()
    return ""


def picture(item, codes: Codes) -> WirePhoto:
    """A picture newsItem as the photo it describes."""
    meta = child(item, "contentMeta")
    lang = item.get(XML_LANG, "")
    caption = ""
    for description in children(meta, "description"):
        role = description.get("role", "drol:caption").rpartition(":")[2].casefold()
        if role in {"caption", "summary"}:
            caption = text(description)
            break
    caption = caption or text(child(meta, "headline"))
    creators = [name_of(c, lang) for c in children(meta, "creator")]
    photographer = ", ".join(c for c in creators if c)
    credit = text(child(meta, "creditline")) or text(child(meta, "by")) or photographer
    rights = child(item, "rightsInfo")
    notice = text(child(rights, "copyrightNotice"))
    if not notice and (holder := child(rights, "copyrightHolder")) is not None:
        notice = name_of(holder, lang)
    return WirePhoto(
        caption=caption,
        credit=credit,
        alt_text=caption,
        href=best_href(children(child(item, "contentSet"), "remoteContent")),
        uri=item.get("guid", ""),
        copyright_notice=notice,
        photographer=photographer,
    )


def _notes(item_meta, codes: Codes) -> list[str]:
    """The agency's own editorial and correction notes."""
    notes = []
    for note in children(item_meta, "edNote"):
        value = text(note)
        if not value:
            continue
        role = note.get("role", "").casefold()
        notes.append(f"Correction: {value}" if "correct" in role else value)
    for signal in children(item_meta, "signal"):
        code = codes.code(signal)
        if code in {"correction", "corr"} and not any(
            n.startswith("Correction") for n in notes
        ):
            notes.append("Correction: the agency marks this version a correction.")
        elif code in {"withdrawal", "kill", "withdrawn"}:
            notes.append("The agency signals a withdrawal of this story.")
    return notes


def _place(meta, codes: Codes, lang: str, unsure: list[str]) -> tuple[str, str]:
    """(place, region): the printed dateline's place first, else ``located``."""
    place = region = ""
    dateline = text(child(meta, "dateline"))
    if dateline:
        place = dateline.split(",")[0].split("(")[0].strip()
    located = child(meta, "located")
    if located is not None:
        located_name = name_of(located, lang)
        if located_name and "," in located_name:
            located_name, _, region = (
                part.strip() for part in located_name.partition(",")
            )
        if not place:
            qcode = located.get("qcode", "")
            place = located_name or qcode.partition(":")[2] or qcode
            if not located_name and place:
                unsure.append(
                    f"The dateline place “{place}” comes from a code, not a name."
                )
        broader = [
            name_of(b, lang) or b.get("qcode", "").partition(":")[2]
            for b in children(located, "broader")
        ]
        region = ", ".join(b for b in [region, *broader] if b and b != place)
    if place.isupper():
        place = place.title()
    return place, region


def _agency(item, meta, item_meta, lang) -> tuple[str, str]:
    rights = child(item, "rightsInfo")
    provider = child(item_meta, "provider")
    holder = child(rights, "copyrightHolder")
    name = (
        (name_of(provider, lang) if provider is not None else "")
        or (name_of(holder, lang) if holder is not None else "")
        or text(child(meta, "creditline"))
    )
    short = ""
    if provider is not None:
        # qcode="nprov:REUTERS", or literal="reuters.com" where no code is defined.
        short = provider.get("qcode", "").partition(":")[2] or provider.get(
            "literal", ""
        )
    short = short or name
    if not short:
        source = child(meta, "infoSource")
        short = name = name_of(source, lang) if source is not None else ""
    return short.strip(), name


def _subjects(meta, codes: Codes, lang: str, unsure: list[str]):
    subjects, people, by_code = [], [], []
    for subject in children(meta, "subject"):
        name = codes.concept_name(subject, lang)
        kind = subject.get("type", "").rpartition(":")[2].casefold()
        if kind == "person":
            if name:
                people.append(WirePerson(name=name, roles=["subject"]))
            continue
        if not name:
            name = subject.get("qcode", "").strip() or subject.get("uri", "").strip()
            if not name:
                continue
            by_code.append(name)
        if name.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(name)
    if by_code:
        unsure.append(
            "Subjects sent by code alone (no name in the item or its "
            f"catalogs) were kept as codes: {', '.join(by_code[:8])}."
        )
    return subjects, people


def _rich_meta(item, meta, codes: Codes, lang: str, unsure: list[str]) -> dict:
    """Urgency, keywords, genre and usage terms, as the agency gives them."""
    genres = []
    for genre in children(meta, "genre"):
        value = name_of(genre, lang) or genre.get("qcode", "").partition(":")[2]
        if value and value not in genres:
            genres.append(value)
    keywords = []
    for keyword in children(meta, "keyword"):
        value = text(keyword)
        if value and value.casefold() not in {k.casefold() for k in keywords}:
            keywords.append(value)
    usage = " ".join(
        value
        for value in (
            text(u) for u in children(child(item, "rightsInfo"), "usageTerms")
        )
        if value
    )
    return {
        "urgency": urgency_of(text(child(meta, "urgency")) or None, unsure),
        "keywords": keywords,
        "genre": ", ".join(genres),
        "usage_terms": usage,
    }


def item_story(
    item, codes: Codes, *, pictures: list[WirePhoto], kind: str = "text"
) -> WireStory:
    """A text (or, with ``kind="picture"``, a picture) newsItem as a story."""
    unsure: list[str] = []
    lang = item.get(XML_LANG, "")
    meta = child(item, "contentMeta")
    item_meta = child(item, "itemMeta")
    if not lang and (language := child(meta, "language")) is not None:
        lang = language.get("tag", "")
    short, agency_name = _agency(item, meta, item_meta, lang)

    if unpseudo(item):
        unsure.append(
            "Pseudo-tags in the item (<endash/>) were turned into the "
            "characters they stand for."
        )
    if kind == "picture":
        paragraphs, extra = ([pictures[0].caption] if pictures[0].caption else []), {}
    else:
        paragraphs, extra = body_of(item)
    paragraphs = clean_all(paragraphs, unsure, "text")
    headline = text(child(meta, "headline"))
    paragraphs, header_keywords, header_notes, header_title = strip_header_block(
        paragraphs, headline, unsure
    )
    if not headline:
        title_source = [
            (extra.get("hedline", ""), "the NITF headline (hedline)"),
            (extra.get("title", ""), "the NITF title"),
            (header_title, "the agency's header block"),
        ]
        if not paragraphs:  # a name for the item, when there is no text to use
            title_source += [
                (text(child(item_meta, "title")), "the item's title"),
                (text(child(meta, "slugline")), "the slugline"),
            ]
        title, source = next(((t, s) for t, s in title_source if t), ("", ""))
        headline, rest = headline_from(paragraphs, unsure, title=title, source=source)
        # A picture's caption stays its text even when it gave the headline.
        paragraphs = paragraphs if kind == "picture" else rest
    guid = item.get("guid", "").strip()
    if not headline and not paragraphs:
        raise WireError(
            f"The newsItem {guid or '(without a guid)'} has no headline and no text."
        )
    if not paragraphs and kind == "text":
        unsure.append("The item has a headline but no body text.")
    if not guid:
        guid = (
            "sha1:"
            + hashlib.sha1(  # noqa: S324 (an id, not a secret)
                "\n".join([short, headline, *paragraphs[:1]]).encode()
            ).hexdigest()
        )
        unsure.append(
            "The item has no guid; an id was made from its text, so a later "
            "version may come in as a new story."
        )

    dek = ""
    for description in children(meta, "description"):
        role = description.get("role", "drol:summary").rpartition(":")[2].casefold()
        if role in {"summary", "abstract"}:
            dek = text(description)
            break
    dek = dek or extra.get("abstract", "")
    if kind == "picture":
        dek = ""

    place, region = _place(meta, codes, lang, unsure)
    times = {
        what: agency_time(
            text(child(parent, what)), what=what, unsure=unsure, agency=short
        )
        for parent, what in (
            (meta, "contentCreated"),
            (item_meta, "firstCreated"),
            (item_meta, "versionCreated"),
        )
    }
    embargo = agency_time(
        text(child(item_meta, "embargoed")),
        what="embargo time",
        unsure=unsure,
        agency=short,
        strict=True,
    )
    created = (
        times["contentCreated"] or times["firstCreated"] or times["versionCreated"]
    )
    creators = [name_of(c, lang) for c in children(meta, "creator")]
    byline = (
        text(child(meta, "by"))
        or extra.get("by", "")
        or ", ".join(c for c in creators if c)
    )
    subjects, people = _subjects(meta, codes, lang, unsure)
    rich = _rich_meta(item, meta, codes, lang, unsure)
    for keyword in header_keywords:
        if keyword.casefold() not in {k.casefold() for k in rich["keywords"]}:
            rich["keywords"].append(keyword)

    photos = list(pictures) + extra.get("photos", [])
    for link in children(item_meta, "link"):
        if link.get("contenttype", "").startswith("image/") and not link.get(
            "residref"
        ):
            photos.append(
                WirePhoto(caption=link.get("title", ""), href=link.get("href", ""))
            )
    status = codes.code(child(item_meta, "pubStatus")) or "usable"
    status = "canceled" if status == "cancelled" else status
    if status == "withheld":
        unsure.append("The agency marks this story withheld: do not publish it yet.")
    elif status not in STATUSES:
        unsure.append(
            f"The publishing status “{status}” is not usable, withheld or "
            "canceled; the story is kept as withheld."
        )
        status = "withheld"
    if created:
        unsure.append("The dateline date was taken from the item's creation time.")
    rights = child(item, "rightsInfo")
    return WireStory(
        headline=headline,
        paragraphs=paragraphs,
        body_html=rich_body(extra.get("markup", ""), paragraphs),
        dek=dek,
        dateline_place=place,
        dateline_region=region,
        dateline_date=created.date() if created else None,
        agency=short,
        agency_name=agency_name,
        byline=byline,
        wire_id=guid,
        version=version_number(item.get("version"), unsure),
        first_created=times["firstCreated"],
        version_created=times["versionCreated"],
        embargo_until=embargo,
        pub_status=status,
        language=lang,
        copyright_notice=text(child(rights, "copyrightNotice")),
        subjects=subjects,
        people=people,
        photos=photos,
        unsure=unsure,
        source_format=FORMAT,
        agency_notes=_notes(item_meta, codes) + header_notes,
        kind=kind,
        **rich,
    )
