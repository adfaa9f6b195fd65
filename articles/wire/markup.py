"""The agency's body markup mapped onto the story body's schema (issue 21).

Parsers read the text of a body into ``WireStory.paragraphs`` and tidy it (header
blocks, end marks and other furniture go). ``rich_body`` then keeps the agency's
own markup for the paragraphs that came through unchanged: NewsML-G2 XHTML and
ninjs ``text/html`` bodies as HTML, NITF with its ``hl2`` subheads, ``bq`` quotes,
lists and ``a`` links renamed to ours. Everything goes through
``articles.body.clean_body``: the same allow-list as every other write.
"""

import html
import re

from ..body import blocks, clean_body, from_paragraphs, plain_paragraphs
from .ninjs_fields import items_of

# NITF's names for what the body's schema has.
_NITF_RE = re.compile(r"<(/?)(hl2|bq|block|media)(?=[\s/>])")
_NITF_NAMES = {"hl2": "h2", "bq": "blockquote", "block": "div", "media": "template"}
_PREFIX_RE = re.compile(r"<(/?)[\w.-]+:")
# How far ahead a block's text is looked for among the paragraphs (furniture the
# parser took out between two kept paragraphs).
LOOK_AHEAD = 3


def nitf_to_html(markup: str) -> str:
    """NITF ``body.content`` as HTML (its media are left out: photos come apart)."""
    markup = _PREFIX_RE.sub(r"<\1", markup)
    return _NITF_RE.sub(lambda m: f"<{m.group(1)}{_NITF_NAMES[m.group(2)]}", markup)


def rich_body(markup: str, paragraphs: list[str]) -> str:
    """Body HTML for ``paragraphs`` that keeps the agency's markup where a block of
    ``markup`` has the very text of the paragraphs in order; "" when nothing but
    plain paragraphs would come of it (the story then stores its paragraphs)."""
    if not markup or not paragraphs:
        return ""
    wanted = [" ".join(html.unescape(p).split()) for p in paragraphs]
    out: list[str] = []
    done = 0
    for block in blocks(clean_body(markup)):
        if block.startswith("<figure"):
            continue  # the agency's photos are not in our library
        texts = plain_paragraphs(block)
        if not texts:
            continue
        for start in range(done, min(done + LOOK_AHEAD, len(wanted)) + 1):
            if wanted[start : start + len(texts)] == texts:
                out.append(from_paragraphs(paragraphs[done:start]))
                out.append(block)
                done = start + len(texts)
                break
    out.append(from_paragraphs(paragraphs[done:]))
    body = "".join(out)
    return "" if body == from_paragraphs(paragraphs) else body


def html_markup_of(doc: dict) -> str:
    """A ninjs document's HTML (or NITF, as HTML) body, wherever the version or
    vendor puts it; "" when it has none."""
    for key, value in doc.items():
        if isinstance(value, str) and key.startswith("body") and "html" in key:
            return value
    for body in items_of(doc.get("bodies")):  # a list, a keyed object, or junk
        if not isinstance(body.get("value"), str):
            continue
        kind = str(body.get("contentType") or body.get("contenttype") or "").lower()
        if "nitf" in kind:
            return nitf_to_html(body["value"])
        if "html" in kind:
            return body["value"]
    if isinstance(value := doc.get("body_nitf"), str):
        return nitf_to_html(value)
    return ""
