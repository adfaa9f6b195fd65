"""Wire copy in: one module per format, each parsing into ``WireStory``.

``read_stories`` is the one entry point for bytes from a file, standard input or an
upload: it refuses empty, binary and wrongly encoded input with a clear reason,
detects the format by content (``auto``) and hands over to the format's parser.
IPTC 7901 / ANPA 1312 alone is read in Windows-1252 when it is not UTF-8 (old wires
are not), with a note; every other format must be UTF-8 (or UTF-16 with a BOM).
"""

import codecs
import json
import re
from datetime import date

from .story import (
    NotWellFormed,
    WireError,
    WirePerson,
    WirePhoto,
    WireStory,
    refuse_unstorable,
)

FORMATS = ("auto", "agency-text", "ninjs", "newsml-g2", "nitf", "iptc7901", "anpa")
# Other names a format is known by: ANPA 1312 and IPTC 7901 share one parser.
SYNONYMS = {"anpa": "iptc7901"}
# Before the root element of an XML document: the declaration, processing
# instructions, comments, a DOCTYPE (with its internal subset) and white space.
XML_PROLOGUE = re.compile(
    rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL
)
XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")
MAX_BYTES = 20 * 1024 * 1024

__all__ = [
    "FORMATS",
    "WireError",
    "WirePerson",
    "WirePhoto",
    "WireStory",
    "decode_text",
    "detect_format",
    "read_stories",
]


def decode_text(data: bytes) -> str:
    """Bytes → text: UTF-8 (a BOM is fine), or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise WireError("The file claims UTF-16 but is not valid UTF-16.") from None
    if b"\x00" in data:
        raise WireError("This is a binary file, not wire copy (it contains NUL bytes).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WireError(
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02x} at position "
            f"{error.start}); save it as UTF-8 and import it again."
        ) from None


def xml_root(head: bytes) -> str:
    """The local name of an XML document's root element ("" when not found)."""
    found = XML_ROOT.match(head, XML_PROLOGUE.match(head).end())
    return found[1].decode("ascii", "replace") if found else ""


def detect_format(data: bytes) -> str:
    """Tell the format by content: JSON → ninjs; XML whose root is ``nitf`` → NITF,
    other XML → NewsML-G2 (which may carry NITF inside); SOH/SYN framing or an
    IPTC 7901 / ANPA header line → iptc7901; anything else → agency text."""
    from .anpa import looks_like

    head = data[:4096]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = (
                head[len(bom) :]
                .decode(
                    "utf-16" if bom != codecs.BOM_UTF8 else "utf-8", errors="ignore"
                )
                .encode()
            )
            break
    start = head.lstrip()[:1]
    if start == b"{":
        return "ninjs"
    if start == b"<":
        return "nitf" if xml_root(head) == "nitf" else "newsml-g2"
    if looks_like(head):
        return "iptc7901"
    return "agency-text"


JSON_KINDS = {
    list: "a list",
    str: "a string",
    bool: "true or false",
    type(None): "null",
}


def refuse_other_json(data: bytes) -> None:
    """A file that is JSON but no object is no ninjs, and no agency page either:
    say so, rather than fail it as a page without a dateline."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return
    kind = JSON_KINDS.get(type(value), "a number")
    raise WireError(
        f"The file is JSON holding {kind}, not a ninjs document (one JSON object, "
        "{ … })."
    )


def read_stories(
    data: bytes,
    *,
    fmt: str = "auto",
    reference_date: date,
) -> list[WireStory]:
    """Parse one input (a file's bytes) into its stories, or raise ``WireError``."""
    from . import agency_text, anpa, newsml, ninjs, nitf
    from .language import settle_language

    if not data.strip():
        raise WireError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise WireError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    guessed = fmt == "auto"
    fmt = SYNONYMS.get(fmt, fmt)
    if guessed:
        fmt = detect_format(data)
        if fmt == "agency-text":
            refuse_other_json(data)
    try:
        if fmt == "agency-text":
            text = decode_text(data)
            stories = [agency_text.parse(text, reference_date=reference_date)]
        elif fmt == "ninjs":
            stories = ninjs.parse_many(data)
        elif fmt == "newsml-g2":
            stories = newsml.parse_bytes(data)
        elif fmt == "nitf":
            stories = nitf.parse_bytes(data)
        elif fmt == "iptc7901":
            stories = anpa.parse_bytes(data, reference_date=reference_date)
        else:
            raise WireError(f"Unknown format “{fmt}”; use one of {', '.join(FORMATS)}.")
    except NotWellFormed as error:
        if not guessed:
            raise
        # Page text whose first line starts with “<” or “{” lands here: say why.
        name, start = {"ninjs": ("ninjs", "{"), "nitf": ("NITF", "<")}.get(
            fmt, ("NewsML-G2", "<")
        )
        raise WireError(
            f"{error} (Read as {name} because it starts with “{start}”; if it is "
            "an agency story page, choose the agency-text format.)"
        ) from None
    for story in stories:
        refuse_unstorable(story)
        settle_language(story)  # the agency's tag tidied, or told from the text
    return stories
