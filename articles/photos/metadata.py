"""Read a photo's caption, credit and rights from its XMP and IPTC IIM metadata.

XMP is preferred field by field; IPTC IIM (the older binary records most agency
pictures still carry) fills what XMP lacks, and EXIF's DateTimeOriginal is the last
resort for the date. Values are decoded as the standards say:

- IIM text is UTF-8 only when dataset 1:90 declares it (ESC % G), else Latin-1,
  read as Windows-1252: the two agree on every printable Latin-1 character, and
  1252 is what agency systems actually wrote (0x92 is ’, not a control code).
- XMP's language alternatives (``rdf:Alt``) give the site's language if present,
  then ``x-default``, then the first; a list (``rdf:Seq``/``rdf:Bag``) and a single
  value read the same way.

XMP is parsed only with defusedxml (an import error, never a silent skip); a file
whose XMP is malformed or declares entities is refused, not half-read. All values are
untrusted text: control characters are dropped here and templates escape the rest.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from PIL import IptcImagePlugin
from PIL.Image import Image

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "x": "adobe:ns:meta/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RDF = "{" + NS["rdf"] + "}"

# IIM datasets (record 2 unless noted).
IIM_CHARSET = (1, 90)
IIM_UTF8 = b"\x1b%G"
IIM = {
    "caption": (2, 120),
    "credit": (2, 110),
    "creators": (2, 80),
    "copyright_notice": (2, 116),
    "source": (2, 115),
    "city": (2, 90),
    "country": (2, 101),
    "date_created": (2, 55),
}
EXIF_IFD, EXIF_DATETIME_ORIGINAL = 0x8769, 0x9003

# C0 controls except tab/newline, DEL and C1 controls; also NUL, which PostgreSQL
# refuses in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class MetadataError(ValueError):
    """The file's metadata cannot be read safely; the message says why."""


@dataclass
class PhotoMetadata:
    caption: str = ""
    credit: str = ""
    creators: list[str] = field(default_factory=list)
    copyright_notice: str = ""
    source: str = ""
    alt_text: str = ""
    city: str = ""
    country: str = ""
    date_created: date | None = None

    @property
    def creator(self) -> str:
        """The photographer: the first creator named (agencies name one)."""
        return self.creators[0] if self.creators else ""


def clean_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value)
    return _CONTROL.sub("", value).strip()


def read_metadata(im: Image) -> PhotoMetadata:
    """What the opened image's XMP, IIM and EXIF say, XMP first, field by field."""
    xmp = read_xmp(im.info.get("xmp"))
    iim = read_iim(im)
    found = PhotoMetadata()
    for name in (
        "caption",
        "credit",
        "copyright_notice",
        "source",
        "alt_text",
        "city",
        "country",
    ):
        setattr(found, name, xmp.get(name) or iim.get(name) or "")
    found.creators = xmp.get("creators") or iim.get("creators") or []
    found.date_created = (
        xmp.get("date_created") or iim.get("date_created") or _exif_date(im)
    )
    return found


# ---------------------------------------------------------------------------- XMP


def read_xmp(packet: bytes | str | None) -> dict:
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    # Pillow hands over the whole packet, sometimes with NUL padding around it.
    packet = packet.strip(b"\x00 \t\r\n")
    try:
        root = SafeET.fromstring(packet)
    except DefusedXmlException as error:
        raise MetadataError(
            f"its XMP metadata declares XML entities or a DTD ({type(error).__name__}),"
            " which is how XML bombs work"
        ) from None
    except (ParseError, ValueError) as error:
        raise MetadataError(
            f"its XMP metadata is not well-formed XML ({error})"
        ) from None
    values = XmpValues(root)
    return {
        "caption": values.text("dc", "description"),
        "credit": values.text("photoshop", "Credit"),
        "creators": values.items("dc", "creator"),
        "copyright_notice": values.text("dc", "rights"),
        "source": values.text("photoshop", "Source"),
        "alt_text": values.text("Iptc4xmpCore", "AltTextAccessibility"),
        "city": values.text("photoshop", "City"),
        "country": values.text("photoshop", "Country"),
        "date_created": parse_date(values.text("photoshop", "DateCreated")),
    }


class XmpValues:
    """Look up simple, list and language-alternative properties in an XMP tree."""

    def __init__(self, root: Element):
        self.descriptions = list(root.iter(RDF + "Description"))

    def _raw(self, prefix: str, name: str) -> list[tuple[str, str]]:
        """(language, text) pairs of one property, wherever it is written."""
        tag = "{" + NS[prefix] + "}" + name
        for description in self.descriptions:
            if tag in description.attrib:  # shorthand: <rdf:Description ns:Name="…">
                return [("", description.attrib[tag])]
            element = description.find(tag)
            if element is None:
                continue
            container = next(
                (
                    child
                    for child in element
                    if child.tag in (RDF + "Alt", RDF + "Seq", RDF + "Bag")
                ),
                None,
            )
            if container is None:
                return [(element.get(XML_LANG, ""), element.text or "")]
            return [
                (li.get(XML_LANG, ""), "".join(li.itertext()))
                for li in container.findall(RDF + "li")
            ]
        return []

    def items(self, prefix: str, name: str) -> list[str]:
        return [
            text for text in (clean_text(t) for _, t in self._raw(prefix, name)) if text
        ]

    def text(self, prefix: str, name: str) -> str:
        pairs = [(lang.lower(), clean_text(t)) for lang, t in self._raw(prefix, name)]
        pairs = [(lang, t) for lang, t in pairs if t]
        if not pairs:
            return ""
        site = settings.NEWSROOM_LANGUAGE.lower()
        for wanted in (
            lambda lang: lang == site,
            lambda lang: lang.split("-")[0] == site.split("-")[0],
            lambda lang: lang == "x-default",
        ):
            for lang, text in pairs:
                if wanted(lang):
                    return text
        return pairs[0][1]


def parse_date(value: str) -> date | None:
    """A date from ISO 8601 (XMP), ``YYYYMMDD`` (IIM) or ``YYYY:MM:DD`` (EXIF).

    Unknown parts (``2018-03``, IIM's ``00`` month) and nonsense give ``None`` rather
    than a made-up day.
    """
    match = re.match(r"\s*(\d{4})[-:]?(\d{2})[-:]?(\d{2})", value or "")
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


# ---------------------------------------------------------------------------- IIM


def read_iim(im: Image) -> dict:
    try:
        info = IptcImagePlugin.getiptcinfo(im)
    except (SyntaxError, OSError, ValueError) as error:
        raise MetadataError(f"its IPTC metadata is damaged ({error})") from None
    if not info:
        return {}
    charset = b"".join(_as_list(info.get(IIM_CHARSET)))
    utf8 = IIM_UTF8 in charset

    def decode(raw: bytes | None) -> str:
        raw = raw or b""
        if utf8:
            return clean_text(raw.decode("utf-8", errors="replace"))
        try:
            return clean_text(raw.decode("cp1252"))
        except UnicodeDecodeError:  # the five bytes 1252 leaves undefined
            return clean_text(raw.decode("latin-1"))

    found = {}
    for name, key in IIM.items():
        raws = _as_list(info.get(key))
        if name == "creators":
            found[name] = [text for text in map(decode, raws) if text]
        elif name == "date_created":
            found[name] = parse_date(decode(raws[0])) if raws else None
        else:
            # A repeated non-repeatable dataset: the first one counts.
            found[name] = decode(raws[0]) if raws else ""
    return found


def _as_list(value) -> list[bytes]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- EXIF


def _exif_date(im: Image) -> date | None:
    try:
        value = im.getexif().get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL)
    except (SyntaxError, OSError, ValueError, KeyError, TypeError):
        return None  # EXIF is only the last resort for a date, never a credit
    return parse_date(value) if isinstance(value, str) else None
