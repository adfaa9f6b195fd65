"""Markup to paragraphs: HTML, XHTML, NITF and plain text bodies of wire copy.

Used by the ninjs and NewsML-G2 readers alike.
"""

import re
from html.parser import HTMLParser

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .story import WireError


class _Paragraphs(HTMLParser):
    """Text of the block elements of an HTML body, one paragraph each.

    Figures, captions, scripts and the page's own head are left out: they are not
    the story's paragraphs.
    """

    BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
    SKIP = {"figure", "figcaption", "script", "style", "head", "title", "h1", "aside"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._depth = 0
        self._skip = 0
        self._loose: list[str] = []  # text outside any block (markup without <p>)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._depth += 1
        elif tag == "br":
            (self._buffer if self._depth else self._loose).append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._flush()
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data):
        if self._skip:
            return
        (self._buffer if self._depth else self._loose).append(data)

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.paragraphs.append(text)
        self._buffer = []

    def close(self):
        super().close()
        self._flush()
        if not self.paragraphs:
            self.paragraphs = text_paragraphs("".join(self._loose))


def html_paragraphs(markup: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


def nitf_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an NITF document's body.content (parsed with defusedxml)."""
    try:
        root = SafeET.fromstring(markup.encode("utf-8"), forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise WireError(
            f"The NITF body is not well-formed, safe XML ({error})."
        ) from None
    paragraphs = []
    for element in root.iter():
        if _local(element.tag) == "body.content":
            for p in element.iter():
                if _local(p.tag) in {"p", "hl2"}:
                    text = " ".join("".join(p.itertext()).split())
                    if text:
                        paragraphs.append(text)
    return paragraphs


def text_paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [" ".join(p.split()) for p in parts if p.strip()]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
