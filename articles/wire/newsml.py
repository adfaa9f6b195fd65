"""IPTC NewsML-G2 as agencies send it: items, messages and packages → stories.

Reads a ``newsItem``, a ``packageItem`` or a ``newsMessage`` carrying several of
them. Each text item (``ninat:text``, the older ``icls:text``, or any alias an
inline catalog maps to IPTC's item natures) becomes a story; a package gives its
text the package's pictures (with caption, credit and rights); a picture item that
no text claims becomes a story of its own (``kind="picture"``) with its one photo.
``newsml_items`` reads each item.

Lenient on the way in: each deviation tolerated is a "Check:" note in the story's
``unsure``; an item is refused only when it has neither headline nor text, and
the other stories of the same message are kept (the first one notes the loss).

Parsed only with defusedxml, DTDs refused: no entity expansion (bombs), no external
entities (XXE), no network.
"""

from xml.etree.ElementTree import SubElement

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .newsml_codes import (
    NATURE_SCHEMES,
    PICTURE_NATURES,
    TEXT_NATURES,
    Codes,
    child,
    children,
    local,
    text,
)
from .newsml_items import FORMAT, item_story, picture
from .story import NotWellFormed, WireError, WirePhoto, WireStory

__all__ = ["FORMAT", "parse_bytes"]

NAR = "http://iptc.org/std/nar/2006-10-01/"
ITEM_KINDS = {"newsItem", "packageItem"}
NOT_STORIES = {"knowledgeItem", "conceptItem", "planningItem", "catalogItem"}


def _read(data: bytes):
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise WireError(
            "The XML declares a DTD or entities, which wire copy never needs; refused "
            f"for safety ({type(error).__name__})."
        ) from None
    except SafeET.ParseError as error:
        raise NotWellFormed(f"The XML is not well-formed: {error}.") from None
    except (ValueError, LookupError) as error:  # e.g. an unknown declared encoding
        raise WireError(f"The XML cannot be read: {error}.") from None


def parse_bytes(data: bytes) -> list[WireStory]:
    """The stories of a NewsML-G2 document, or WireError saying why there are none."""
    root = _read(data)
    kind = local(root.tag)
    if kind in ITEM_KINDS:
        items = [root]
    elif kind == "newsMessage":
        items = [i for i in root.iter() if local(i.tag) in ITEM_KINDS]
    elif kind in NOT_STORIES:
        raise WireError(
            f"The NewsML-G2 document is a {kind} (codes and concepts), not a story."
        )
    else:
        raise WireError(
            f"The XML is not NewsML-G2: its root is <{kind}>, not <newsItem>, "
            "<packageItem> or <newsMessage>."
        )
    if root.tag.startswith("{") and not root.tag.startswith("{" + NAR):
        raise WireError("The XML root is not in the NewsML-G2 namespace.")
    try:
        return _stories(root, items)
    except RecursionError:  # the body is walked element by nested element
        raise WireError(
            "The XML nests elements thousands deep; no story is shaped so."
        ) from None


def _nature(item, codes: Codes) -> str:
    """text, picture, composite (a package), or another nature ("" for none)."""
    if local(item.tag) == "packageItem":
        return "composite"
    nature = codes.nature(item)
    item_class = child(child(item, "itemMeta"), "itemClass")
    scheme = codes.uri(item_class.get("qcode", "")) if item_class is not None else ""
    if nature and scheme and not any(scheme.startswith(s) for s in NATURE_SCHEMES):
        # An alias no catalog here defines: read by its code, which is noted.
        item.set("{newsroom}class-note", item_class.get("qcode", ""))
    return nature or "text"


class _Message:
    """The items of one document, and which pictures each story takes."""

    def __init__(self, root, items):
        self.codes = Codes(root)
        self.texts, self.pictures, self.packages, self.other = [], {}, [], []
        for item in items:
            nature = _nature(item, self.codes)
            guid = item.get("guid", "").strip()
            if local(item.tag) == "packageItem":
                self.packages.append(item)
            elif nature in TEXT_NATURES:
                self.texts.append(item)
            elif nature in PICTURE_NATURES:
                self.pictures[guid or f"#{len(self.pictures)}"] = item
            else:
                self.other.append((guid, nature))
        self.claimed: set[str] = set()  # pictures a story took
        self.by_guid = {
            guid: item for item in self.texts if (guid := item.get("guid", "").strip())
        }

    def photo(self, guid: str) -> WirePhoto:
        self.claimed.add(guid)
        return picture(self.pictures[guid], self.codes)


def _refs(package) -> list:
    """The package's item references, in document order."""
    return [
        ref
        for group in children(child(package, "groupSet"), "group")
        for ref in children(group, "itemRef")
    ] + children(package, "itemRef")


def _ref_photo(ref, codes: Codes) -> WirePhoto:
    """A picture the package only references: what the reference says of it."""
    caption = text(child(ref, "description")) or text(child(ref, "title"))
    return WirePhoto(
        caption=caption,
        alt_text=caption,
        href=ref.get("href", "").strip(),
        uri=ref.get("residref", "").strip(),
    )


def _stories(root, items) -> list[WireStory]:
    message = _Message(root, items)
    codes = message.codes
    stories: list[WireStory] = []
    failures: list[str] = []
    taken: set[str] = set()  # text items a package already made into stories

    def attempt(make, label):
        try:
            story = make()
        except WireError as error:
            failures.append(f"{label}: {error}")
            return None
        stories.append(story)
        return story

    for package in message.packages:
        attempt(
            lambda p=package: _package_story(p, message, taken),
            f"the package {package.get('guid', '').strip() or '(without a guid)'}",
        )
    lone_text = len(message.texts) == 1 and not message.packages
    for item in message.texts:
        guid = item.get("guid", "").strip()
        if guid and guid in taken:
            continue
        linked = [
            link.get("residref", "").strip()
            for link in children(child(item, "itemMeta"), "link")
            if link.get("residref")
        ]
        own = [g for g in linked if g in message.pictures]
        if not linked and lone_text:
            own = [g for g in message.pictures if g not in message.claimed]

        def make(item=item, own=own):
            story = item_story(item, codes, pictures=[message.photo(g) for g in own])
            _class_note(item, story)
            return story

        attempt(make, f"the item {guid or '(without a guid)'}")
    for guid, item in message.pictures.items():
        if guid in message.claimed:
            continue

        def make_picture(item=item, guid=guid):
            story = item_story(
                item, codes, pictures=[message.photo(guid)], kind="picture"
            )
            _class_note(item, story)
            return story

        attempt(make_picture, f"the picture {guid}")
    if not stories:
        if failures:
            raise WireError("; ".join(failures[:3]))
        natures = ", ".join(sorted({n for _, n in message.other})) or "nothing"
        raise WireError(
            f"The NewsML-G2 holds no text or picture item (only {natures})."
        )
    notes = [f"{failure[:1].upper()}{failure[1:]}; left out." for failure in failures]
    notes += [
        f"The {nature} item {guid} was left out (only text and pictures are read)."
        for guid, nature in message.other
    ]
    stories[0].unsure.extend(notes)
    return stories


def _class_note(item, story: WireStory) -> None:
    qcode = item.get("{newsroom}class-note")
    if qcode:
        story.unsure.append(
            f"The item class “{qcode}” uses an alias no catalog here defines; "
            "read by its code."
        )


def _package_story(package, message: _Message, taken: set[str]) -> WireStory:
    """The package's text with the package's pictures; or, when the message does
    not carry the text, a story made from the package itself."""
    codes = message.codes
    refs = _refs(package)
    text_refs, photos = [], []
    for ref in refs:
        guid = ref.get("residref", "").strip()
        nature = codes.code(child(ref, "itemClass"))
        if not guid:
            continue
        if guid in message.by_guid:
            text_refs.append(guid)
        elif guid in message.pictures:
            photos.append(message.photo(guid))
        elif nature in PICTURE_NATURES:
            photos.append(_ref_photo(ref, codes))
        elif nature in TEXT_NATURES or not nature:
            text_refs.append(guid)
    carried = [g for g in text_refs if g in message.by_guid]
    if carried:
        main = message.by_guid[carried[0]]
        story = item_story(main, codes, pictures=photos)
        _class_note(main, story)
        taken.add(carried[0])
        return story
    # Only references: the package's own metadata, the text's reference for the rest.
    ref = next((r for r in refs if r.get("residref", "").strip() in text_refs), None)
    if ref is not None:
        _fill_from_ref(package, ref)
    story = item_story(
        package,
        codes,
        pictures=photos,
        kind="text" if ref is not None or not photos else "picture",
    )
    if story.kind == "picture":
        story.paragraphs = [p.caption for p in photos if p.caption][:1]
    story.unsure.append(
        "The package only references its items; their text was not sent "
        "with it" + (f" (the story {ref.get('residref')})." if ref is not None else ".")
    )
    return story


def _fill_from_ref(package, ref) -> None:
    """Give a package the headline and summary of the text it references (a
    package's own headline is often only its name: "UK", "TOP NEWS")."""
    meta = child(package, "contentMeta")
    if meta is None:
        meta = SubElement(package, "contentMeta")
    title, summary = text(child(ref, "title")), text(child(ref, "description"))
    if title:
        for old in children(meta, "headline"):
            meta.remove(old)
        SubElement(meta, "headline").text = title
    if summary and not children(meta, "description"):
        SubElement(meta, "description", role="drol:summary").text = summary
