"""The story body: HTML cleaned against one small schema, on every write.

This module is the one place the body's schema is written down. A stored body holds
only these elements, at most ``MAX_DEPTH`` deep:

=====================  ==========================================================
``<p>``                a paragraph (text directly in the body, a quote or a list
                       item is wrapped in one)
``<h2>``, ``<h3>``     the two subhead levels (``<h1>`` becomes ``<h2>``,
                       ``<h4>``–``<h6>`` become ``<h3>``)
``<strong>``, ``<em>``  bold and italic (``<b>`` and ``<i>`` become these)
``<a href>``           links to ``http:``, ``https:`` and ``mailto:`` addresses, and
                       to our own stories as ``story:<id>`` (resolved to the
                       story's current address when read, so slug changes follow)
``<blockquote>``       a block quote (holding paragraphs)
``<ul>``, ``<ol>``,    bulleted and numbered lists
``<li>``
``<figure              a library photo between paragraphs, by reference: the
data-photo="<id>">``   caption, credit and renditions come from the library when
                       read (never a copy)
=====================  ==========================================================

Everything else goes: other elements (their text stays, except for ``<script>``,
``<style>``, ``<svg>``, ``<iframe>``, ``<form>`` and the like, whose content goes too),
every other attribute (``on*``, ``style``, ``class``…), comments and conditional
comments, ``javascript:``/``data:``/``vbscript:`` and relative addresses. The cleaning
is nh3 (Rust's ammonia and html5ever: a real HTML parser, so unbalanced tags,
entities that decode to markup and deep nesting are parsed as a browser would, then
re-serialised) followed by a linear pass that enforces the structure above.

``clean_body`` runs on write only: ``BodyField`` cleans in ``pre_save`` and again in
``get_db_prep_save``, so ``save()``, ``loaddata``'s raw saves, ``QuerySet.update()``
and ``bulk_create`` all store clean HTML, whichever path wrote it. Readers render the
stored HTML as it is (``articles.body_render``).

A body with no markup at all (the plain paragraphs of older rows, fixtures and wire
copy) is read as blank-line separated paragraphs, each escaped into a ``<p>``.
"""

import html
import re

import nh3
from django import forms
from django.db import models

TAGS = frozenset(
    {"p", "h2", "h3", "strong", "em", "a", "blockquote", "ul", "ol", "li", "figure"}
)
ATTRIBUTES = {"a": {"href"}, "figure": {"data-photo"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "story"})
# Elements whose content goes with them: never text a reader should see.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "svg", "math", "iframe", "frame", "frameset", "object",
        "embed", "form", "template", "noscript", "noembed", "noframes", "textarea",
        "select", "button", "head", "title", "audio", "video", "canvas", "applet",
    }
)  # fmt: skip
# What a word processor or a web page calls the same thing (a paste, an import).
RENAMED = {
    "b": "strong",
    "i": "em",
    "h1": "h2",
    "h4": "h3",
    "h5": "h3",
    "h6": "h3",
    "div": "p",
    "section": "p",
    "article": "p",
    "header": "p",
    "footer": "p",
    "aside": "p",
    "pre": "p",
    "address": "p",
    "dd": "p",
    "dt": "p",
    "td": "p",
    "th": "p",
    "caption": "p",
}
BLOCKS = frozenset({"p", "h2", "h3", "blockquote", "ul", "ol", "li", "figure"})
# Where text goes: paragraphs, subheads and the marks inside them.
PHRASING = frozenset({"p", "h2", "h3", "strong", "em", "a"})
LISTS = frozenset({"ul", "ol"})
# Deeper than any story needs (a list in a quote in a list…); beyond it the tags go
# and their text stays, so 10,000 nested quotes cannot reach a reader's browser.
MAX_DEPTH = 12

STORY_LINK_RE = re.compile(r"story:(\d+)$")
# A stored photo reference, as ``_structure`` writes it.
FIGURE_RE = re.compile(r'<figure data-photo="(\d+)"></figure>')
# The editor's figure (articles.body_editor): the library photo's id in the image's
# data-file, or an image address "photo:<id>" typed in the editor's image dialog.
_EDITOR_FIGURE_RE = re.compile(r"<figure\b[^>]*>(.*?)</figure\s*>", re.DOTALL | re.I)
_EDITOR_PHOTO_RE = re.compile(
    r'<img\b[^>]*?\b(?:data-file="(\d+)"|src="photo:(\d+)")', re.I
)
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
PHOTO_RE = re.compile(r"\d+$")

_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)

# Plain text may hold "<" and "&" (“a <b> c”, “AT&T”); it is read as HTML only when
# it holds an HTML element's tag, a comment or a character reference.
_HTML_NAMES = (
    "a|abbr|address|article|aside|audio|b|base|blockquote|body|br|button|caption|"
    "cite|code|dd|del|div|dl|dt|em|embed|figcaption|figure|font|footer|form|frame|"
    "h[1-6]|head|header|hr|html|i|iframe|img|input|ins|li|link|main|math|meta|nav|"
    "noscript|object|ol|p|pre|q|s|script|section|select|small|span|strike|strong|"
    "style|sub|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|title|tr|u|"
    "ul|video"
)
_MARKUP_RE = re.compile(
    rf"</?(?:{_HTML_NAMES})(?=[\s/>])|<!|&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);",
    re.IGNORECASE,
)
_RENAME_RE = re.compile(
    r"<(/?)(" + "|".join(RENAMED) + r")(?=[\s/>])", re.IGNORECASE
)
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# nh3's output is serialised by html5ever: attribute values are double-quoted with
# any quote inside escaped, so this reads every tag whole.
_TOKEN_RE = re.compile(r'<(/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
_ATTR_RE = re.compile(r'([a-z-]+)="([^"]*)"')
_EMPTY_RE = re.compile(r"<(p|h2|h3|strong|em|li|blockquote|ul|ol)>\s*</\1>")


def is_markup(text: str) -> bool:
    """Whether ``text`` holds any tag or character reference (else: plain text)."""
    return _MARKUP_RE.search(text) is not None


def from_paragraphs(paragraphs) -> str:
    """Plain paragraphs as body HTML, each escaped into its own ``<p>``."""
    return "".join(
        f"<p>{html.escape(' '.join(p.split()), quote=False)}</p>"
        for p in paragraphs
        if p.strip()
    )


def from_plain_text(text: str) -> str:
    """Blank-line separated plain text (the body before issue 21) as body HTML."""
    return from_paragraphs(text.replace("\r\n", "\n").split("\n\n"))


def clean_body(value: str | None) -> str:
    """``value`` as it may be stored: see the module docstring. Idempotent."""
    if not value:
        return ""
    if not is_markup(value):
        return from_plain_text(value)
    if "<fig" in value:
        value = _EDITOR_FIGURE_RE.sub(_photo_reference, value)
    value = _RENAME_RE.sub(_renamed, _BREAK_RE.sub(" ", value))
    return _structure(_cleaner.clean(value))


def _photo_reference(match: re.Match) -> str:
    found = _EDITOR_PHOTO_RE.search(match.group(1))
    if found is None:
        return match.group(0)
    return f'<figure data-photo="{found.group(1) or found.group(2)}"></figure>'



def _allowed_href(href: str) -> bool:
    """An absolute address with a scheme we allow (relative ones mean nothing in a
    feed or an export); a story link names a story by its id."""
    scheme = _SCHEME_RE.match(href)
    if scheme is None or scheme.group(1).lower() not in URL_SCHEMES:
        return False
    return not href.startswith("story:") or STORY_LINK_RE.match(href) is not None


def _renamed(match: re.Match) -> str:
    return f"<{match.group(1)}{RENAMED[match.group(2).lower()]}"


def _structure(markup: str) -> str:
    """Enforce the schema's structure on nh3's well-formed output, in one pass.

    Loose text and marks in the body, a quote or a list item go into a ``<p>``
    (in a list, into a new item); a block inside a paragraph or a subhead, a list
    item outside a list and anything past ``MAX_DEPTH`` lose their tags and keep
    their text; a figure keeps only its photo's id; links need a scheme we allow.
    """
    out: list[str] = []
    # Every open element as (name, kept, implicit); ``kept_names`` the kept ones.
    stack: list[tuple[str, bool, bool]] = []
    kept_names: list[str] = [""]
    skip = 0  # open figures: their content is the library's, not the body's
    figure_kept = False

    def push(name: str, kept: bool, implicit: bool = False) -> None:
        stack.append((name, kept, implicit))
        if kept:
            kept_names.append(name)
            out.append(f"<{name}>")

    def pop() -> None:
        name, kept, _ = stack.pop()
        if kept:
            kept_names.pop()
            out.append(f"</{name}>")

    def close_implicit() -> None:
        while stack and stack[-1][2]:
            pop()

    def wrap_inline() -> None:
        where = kept_names[-1]
        if where in LISTS:
            push("li", True, True)
            push("p", True, True)
        elif where not in PHRASING:
            push("p", True, True)

    def text(chunk: str) -> None:
        if skip or not chunk:
            return
        if chunk.strip():
            wrap_inline()
        if kept_names[-1] in PHRASING:
            out.append(chunk)

    pos = 0
    for match in _TOKEN_RE.finditer(markup):
        text(markup[pos : match.start()])
        pos = match.end()
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if skip:
            if name == "figure":
                skip += -1 if closing else 1
                if not skip and figure_kept:
                    out.append("</figure>")
            continue
        if closing:
            # nh3's output is balanced: the element's own tag is on the stack,
            # perhaps under implicit wrappers opened inside it.
            close_implicit()
            if stack and stack[-1][0] == name:
                pop()
            continue
        if name in BLOCKS:
            close_implicit()
            where = kept_names[-1]
            if where in PHRASING:
                stack.append((name, False, False))  # a block in a paragraph
                continue
            if name == "li" and where not in LISTS:
                stack.append((name, False, False))  # a stray item: text stays
                continue
            if where in LISTS and name != "li":
                push("li", True, True)
        else:
            wrap_inline()
        keep = len(kept_names) <= MAX_DEPTH
        attributes = dict(_ATTR_RE.findall(attrs)) if attrs else {}
        if name == "figure":
            photo = attributes.get("data-photo", "")
            figure_kept = keep and bool(PHOTO_RE.match(photo))
            if figure_kept:
                out.append(f'<figure data-photo="{photo}">')
            skip = 1
            continue
        if name == "a":
            href = html.unescape(attributes.get("href", "")).strip()
            if keep and _allowed_href(href):
                stack.append((name, True, False))
                kept_names.append(name)
                out.append(f'<a href="{html.escape(href)}">')
            else:
                stack.append((name, False, False))
            continue
        push(name, keep) if keep else stack.append((name, False, False))
    text(markup[pos:])
    while stack:
        pop()
    result = "".join(out)
    # Empty paragraphs, marks and lists (what a dropped element leaves behind).
    while True:
        tidier = _EMPTY_RE.sub("", result)
        if tidier == result:
            return result.strip()
        result = tidier


# --- Reading the stored body as text ---------------------------------------------

_BLOCK_END_RE = re.compile(
    r"</(?:p|h2|h3|li|blockquote|ul|ol)>|<figure[^>]*>.*?</figure>"
)
_TAG_RE = re.compile(r"<[^>]*>")


def plain_paragraphs(body: str) -> list[str]:
    """The body's text, one string per paragraph, subhead or list item, without
    markup (what search, JSON-LD, summaries and plain-text exports read).

    A body stored before issue 21's migration (no markup) reads as before."""
    if not body:
        return []
    if not is_markup(body):
        return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    text = _TAG_RE.sub("", _BLOCK_END_RE.sub("\n\n", body))
    return [
        " ".join(html.unescape(p).split()) for p in text.split("\n\n") if p.strip()
    ]


def body_text_length(body: str) -> int:
    """The body's length as its limit counts it: its text, paragraphs separated
    by a blank line, as before the body held markup (at least a quarter of the
    stored HTML, so markup alone cannot make a body of any size)."""
    return max(len(plain_text(body)), len(body) // 4)


def plain_text(body: str) -> str:
    """The body as plain text, paragraphs separated by a blank line."""
    return "\n\n".join(plain_paragraphs(body))


def blocks(body: str) -> list[str]:
    """The body's top-level elements (paragraphs, subheads, quotes, lists,
    figures), each as stored: what the wire desk's merge lines up."""
    if not is_markup(body or ""):
        return [from_paragraphs([p]) for p in plain_paragraphs(body or "")]
    found, depth, start = [], 0, 0
    for match in _TOKEN_RE.finditer(body):
        if match.group(1):
            depth -= 1
            if depth == 0:
                found.append(body[start : match.end()])
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    return found


# --- What the cleaning took out, for the editor ----------------------------------

_TAG_NAME_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_EVENT_RE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_UNSAFE_URL_RE = re.compile(
    r"\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*"
    r"(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE,
)
_KEPT_NAMES = TAGS | set(RENAMED) | {"br", "span", "img", "figcaption", "font", "u"}


def cleaning_notes(raw: str) -> list[str]:
    """What ``clean_body`` removes from ``raw`` that an editor would want to know
    about (formatting that simply has no place in the schema is not listed)."""
    if not raw or not is_markup(raw):
        return []
    notes = []
    removed = sorted(
        {name.lower() for name in _TAG_NAME_RE.findall(raw)} - _KEPT_NAMES
    )
    if removed:
        notes.append("elements a story cannot hold (" + ", ".join(removed) + ")")
    if _EVENT_RE.search(raw):
        notes.append("script attributes (on…)")
    if _UNSAFE_URL_RE.search(raw):
        notes.append("links to javascript:, vbscript: or data: addresses")
    if "<!--" in raw:
        notes.append("comments")
    return notes


# --- The model and form fields -----------------------------------------------------


class BodyFormField(forms.CharField):
    """The body as the admin's form cleans it: the same cleaning as the model's."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_body(value.replace("\r\n", "\n")) if value else value

    def has_changed(self, initial, data):
        # The editor re-serialises the HTML it loaded: only a cleaned difference
        # is a change (else every save would be a new revision).
        return clean_body(initial or "") != clean_body(data or "")


class BodyField(models.TextField):
    """A TextField that stores only ``clean_body``'s output, whichever way it is
    written: ``save()`` (and ``loaddata``'s raw saves) through ``pre_save``,
    ``QuerySet.update()`` and ``bulk_create``/``bulk_update`` through
    ``get_db_prep_save``. Lookups are left as they are."""

    def pre_save(self, model_instance, add):
        value = clean_body(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = clean_body(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": BodyFormField, **kwargs})
