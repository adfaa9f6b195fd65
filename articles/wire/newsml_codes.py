"""NewsML-G2 QCodes: aliases resolved through the catalogs an item names.

A QCode (``ninat:text``) is an alias and a code; the alias stands for a scheme URI
that the item's catalogs give, by reference (``catalogRef``, IPTC's catalog being
the usual one) or inline (``catalog`` with ``scheme alias=… uri=…``). Remote
catalogs are never fetched: IPTC's own aliases are known here, an inline catalog
adds or overrides them, and an alias nobody defines is read by its code alone.
"""

from xml.etree.ElementTree import Element

from .lenient import clean_text

NEWSCODES = "http://cv.iptc.org/newscodes/"
# IPTC's catalog (catalog.IPTC-G2-Standards_NN.xml), the aliases agencies use.
IPTC_ALIASES = {
    "ninat": NEWSCODES + "ninature/",
    # The item class alias of NewsML-G2 1.x, still sent by some agencies' systems:
    # the same natures (text, picture, composite …).
    "icls": NEWSCODES + "ninature/",
    "stat": NEWSCODES + "pubstatusg2/",
    "subj": NEWSCODES + "subjectcode/",
    "iptc": NEWSCODES + "subjectcode/",
    "medtop": NEWSCODES + "mediatopic/",
    "genre": NEWSCODES + "genre/",
    "sig": NEWSCODES + "signal/",
    "drol": NEWSCODES + "descriptionrole/",
    "rnd": NEWSCODES + "rendition/",
    "cpnat": NEWSCODES + "cpnature/",
    "nprov": NEWSCODES + "newsprovider/",
    "irel": NEWSCODES + "itemrelation/",
    "urg": NEWSCODES + "urgency/",
}
NATURE_SCHEMES = {NEWSCODES + "ninature/", NEWSCODES + "itemclass/"}
TEXT_NATURES = {"text", "composite"}
PICTURE_NATURES = {"picture", "graphic"}

# The top level of IPTC's Subject Codes and Media Topics: named here so that a
# subject sent by code alone still reads as words (deeper codes stay codes).
_SUBJECT_TOP = [
    "arts, culture and entertainment",
    "crime, law and justice",
    "disaster and accident",
    "economy, business and finance",
    "education",
    "environmental issue",
    "health",
    "human interest",
    "labour",
    "lifestyle and leisure",
    "politics",
    "religion and belief",
    "science and technology",
    "social issue",
    "sport",
    "unrest, conflicts and war",
    "weather",
]
_MEDIATOPIC_TOP = [
    "arts, culture, entertainment and media",
    "crime, law and justice",
    "disaster, accident and emergency incident",
    "economy, business and finance",
    "education",
    "environment",
    "health",
    "human interest",
    "labour",
    "lifestyle and leisure",
    "politics",
    "religion",
    "science and technology",
    "society",
    "sport",
    "conflict, war and peace",
    "weather",
]
KNOWN_NAMES = {
    **{
        f"{NEWSCODES}subjectcode/{n:02d}000000": name
        for n, name in enumerate(_SUBJECT_TOP, 1)
    },
    **{
        f"{NEWSCODES}mediatopic/{n:02d}000000": name
        for n, name in enumerate(_MEDIATOPIC_TOP, 1)
    },
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name: str) -> list:
    return (
        [child for child in element if local(child.tag) == name]
        if element is not None
        else []
    )


def child(element, name: str):
    found = children(element, name)
    return found[0] if found else None


def text(element) -> str:
    if element is None:
        return ""
    return " ".join(clean_text("".join(element.itertext())).split())


def name_of(element, lang: str = "") -> str:
    """An element's ``name`` child in the item's language if it has several."""
    names = children(element, "name")
    for name in names:
        if lang and name.get(XML_LANG, "").split("-")[0] == lang.split("-")[0]:
            return text(name)
    return text(names[0]) if names else ""


class Codes:
    """The aliases in force for one document, and the concept names it carries."""

    def __init__(self, root: Element):
        self.aliases = dict(IPTC_ALIASES)
        self.names: dict[str, str] = {}
        concepts = []
        for element in root.iter():
            kind = local(element.tag)
            if kind == "scheme" and element.get("alias") and element.get("uri"):
                uri = element.get("uri").strip()
                self.aliases[element.get("alias").strip().casefold()] = uri
            elif kind == "concept":
                concepts.append(element)
        # Concepts a knowledgeItem or conceptItem of the same message defines (read
        # once every alias is known).
        for element in concepts:
            concept_id = child(element, "conceptId")
            name = name_of(element)
            if concept_id is not None and name:
                self.names[self.uri(concept_id.get("qcode", ""))] = name

    def uri(self, qcode: str) -> str:
        """The full URI a QCode stands for (the QCode itself when its alias is
        unknown)."""
        qcode = (qcode or "").strip()
        alias, colon, code = qcode.partition(":")
        scheme = self.aliases.get(alias.casefold()) if colon else None
        return scheme + code if scheme else qcode

    def code(self, element) -> str:
        """The code of an element's ``qcode`` (or ``uri``) attribute, lower case."""
        if element is None:
            return ""
        qcode = element.get("qcode", "").strip()
        if qcode:
            return qcode.rpartition(":")[2].casefold()
        return element.get("uri", "").rstrip("/").rpartition("/")[2].casefold()

    def nature(self, item) -> str:
        """The item's nature: text, picture, composite, video …, "" if not given."""
        item_class = child(child(item, "itemMeta"), "itemClass")
        if item_class is None:
            return ""
        return self.code(item_class)

    def concept_name(self, element, lang: str = "") -> str:
        """A concept's name: its own ``name``, else the message's or IPTC's name of
        its code, else ""."""
        name = name_of(element, lang)
        if name:
            return name
        qcode = element.get("qcode", "")
        uri = self.uri(qcode) if qcode else element.get("uri", "")
        return self.names.get(uri) or KNOWN_NAMES.get(uri, "")
