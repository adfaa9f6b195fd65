"""Wire copy in: one module per format, each parsing into ``WireStory``.

``read_stories`` is the one entry point for bytes from a file, standard input or an
upload: it refuses empty, binary and wrongly encoded input with a clear reason,
detects the format by content (``auto``) and hands over to the format's parser.
"""

import codecs
import json
from datetime import date

from .story import (
    NotWellFormed,
    WireError,
    WirePerson,
    WirePhoto,
    WireStory,
    refuse_unstorable,
)

FORMATS = ("auto", "agency-text", "ninjs", "newsml-g2")
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


def detect_format(data: bytes) -> str:
    """Tell the format by content: JSON → ninjs, XML → NewsML-G2, else agency text."""
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
        return "newsml-g2"
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
    from . import agency_text, newsml, ninjs

    if not data.strip():
        raise WireError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise WireError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    guessed = fmt == "auto"
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
        else:
            raise WireError(f"Unknown format “{fmt}”; use one of {', '.join(FORMATS)}.")
    except NotWellFormed as error:
        if not guessed:
            raise
        # Page text whose first line starts with “<” or “{” lands here: say why.
        name, start = ("ninjs", "{") if fmt == "ninjs" else ("NewsML-G2", "<")
        raise WireError(
            f"{error} (Read as {name} because it starts with “{start}”; if it is "
            "an agency story page, choose the agency-text format.)"
        ) from None
    for story in stories:
        refuse_unstorable(story)
    return stories
