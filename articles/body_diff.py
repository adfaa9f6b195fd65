"""The body as the revisions' diff reads it: text, with its structure spelled out.

The revisions page compares bodies word by word, paragraph by paragraph. Markup is
not shown as tags; each block becomes one line of text that says what it is, so a
new subhead, a quote, a list, a photo placed in the body or a removed link shows
up as words inserted or deleted:

    Subhead: Talks resume
    Quote: “We are ready,” he said.
    • first item   /   1. first item
    [Photo 42: Crowds in Tokyo]
    He said so [link: https://example.com/report] on Friday.
"""

import html
import re

from .body import _TOKEN_RE, is_markup

_LABELS = {"h2": "Subhead: ", "h3": "Subhead (small): "}


def readable_body(body: str, photo_labels: dict[int, str] | None = None) -> str:
    """``body`` as diff text: one block per paragraph, separated by blank lines."""
    if not body or not is_markup(body):
        return body or ""
    photo_labels = photo_labels or {}
    lines: list[str] = []
    current: list[str] = []
    lists: list[list] = []  # [kind, counter] of the open lists
    quote = 0
    prefix = ""
    href = ""

    def flush():
        text = " ".join("".join(current).split())
        if text:
            lines.append(prefix + text)
        current.clear()

    pos = 0
    for match in _TOKEN_RE.finditer(body):
        current.append(html.unescape(body[pos : match.start()]))
        pos = match.end()
        closing, name, attrs = match.groups()
        if name in {"p", "h2", "h3"}:
            if closing:
                flush()
            else:
                flush()
                prefix = ("Quote: " if quote else "") + _LABELS.get(name, "")
                if lists:
                    kind, count = lists[-1]
                    marker = f"{count}. " if kind == "ol" else "• "
                    prefix = "  " * (len(lists) - 1) + marker + prefix
        elif name in {"ul", "ol"}:
            if closing:
                lists.pop()
            else:
                lists.append([name, 0])
        elif name == "li" and not closing and lists:
            lists[-1][1] += 1
        elif name == "blockquote":
            quote += -1 if closing else 1
        elif name == "a":
            if closing:
                current.append(f" [link: {href}]")
            else:
                found = re.search(r'href="([^"]*)"', attrs)
                href = html.unescape(found.group(1)) if found else ""
                if href.startswith("story:"):
                    href = f"our story {href[6:]}"
        elif name == "figure" and not closing:
            flush()
            found = re.search(r'data-photo="(\d+)"', attrs)
            if found:
                pk = int(found.group(1))
                label = photo_labels.get(pk, "")
                lines.append(f"[Photo {pk}{': ' + label if label else ''}]")
    current.append(html.unescape(body[pos:]))
    flush()
    return "\n\n".join(lines)
