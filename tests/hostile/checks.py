"""Assertions every hostile case shares: nothing written, markup inert, errors named."""

import hashlib
import html
import json
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps

from ..conftest import stored_files

# Our rows and the tags; a refused input must change none of them.
WATCHED_APPS = ("articles", "taggit")


def database_state() -> dict[str, list[tuple]]:
    """Every row of every watched model, as plain tuples, ordered by primary key."""
    state = {}
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.managed:
                continue  # the search index: its columns differ by database
            rows = model._default_manager.order_by("pk").values_list()
            state[model._meta.label] = list(rows)
    return state


def media_state(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in stored_files(root)
    }


@contextmanager
def nothing_written(media_root: Path):
    """Assert that the block leaves every row and every stored file as it was."""
    rows, files = database_state(), media_state(media_root)
    yield
    after_rows = database_state()
    changed = [label for label in rows if rows[label] != after_rows[label]]
    assert changed == [], f"rows changed in {changed}"
    assert media_state(media_root) == files, "files in media changed"


def page_text(response) -> str:
    """The page as a reader's browser shows its text (entities decoded)."""
    return html.unescape(response.content.decode())


ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)


def form_errors(response) -> list[str]:
    """Every error message the form shows, as text."""
    found = []
    for block in ERRORS.findall(response.content.decode()):
        found += [
            html.unescape(re.sub(r"<[^>]+>", "", li))
            for li in re.findall(r"<li>(.*?)</li>", block, re.S)
        ]
    return found


def field_errors(response, field: str) -> list[str]:
    """The errors the admin shows under ``field`` (its ``id_<field>_error`` list)."""
    page = response.content.decode()
    match = re.search(
        rf'<ul class="errorlist[^"]*" id="id_{re.escape(field)}_error">(.*?)</ul>',
        page,
        re.S,
    )
    if not match:
        return []
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", match[1], re.S)]


# --------------------------------------------------------------- inert markup

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data"}
ACTIVE_TAGS = {"script", "style", "iframe", "svg", "object", "embed", "math"}
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _InjectionFinder(HTMLParser):
    """Finds markup that came from user text: a marker where markup runs."""

    def __init__(self, markers: list[str]):
        super().__init__(convert_charrefs=True)
        self.markers = [m.lower() for m in markers]
        self.found: list[str] = []
        self._inside: list[str] = []

    def _marked(self, text: str | None) -> bool:
        text = (text or "").lower()
        return any(marker in text for marker in self.markers)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if self._marked(name):
                self.found.append(f"<{tag}> has an attribute named {name!r}")
            elif name.startswith("on") and self._marked(value):
                self.found.append(f"<{tag} {name}={value!r}>: an event handler")
            elif (
                name in URL_ATTRIBUTES
                and value.strip().lower().startswith(SCRIPT_SCHEMES)
                and self._marked(value)
            ):
                self.found.append(f"<{tag} {name}={value!r}>: a script URL")
            elif tag in ACTIVE_TAGS and self._marked(value):
                self.found.append(f"<{tag} {name}={value!r}>: an active element")
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.lower() in DATA_SCRIPT_TYPES:
            self._inside.append("data")  # JSON-LD: text inside is data, not code
        elif tag in ACTIVE_TAGS:
            self._inside.append(tag)

    def handle_endtag(self, tag):
        if self._inside and self._inside[-1] in {tag, "data"}:
            self._inside.pop()

    def handle_data(self, data):
        if self._inside and self._inside[-1] != "data" and self._marked(data):
            self.found.append(f"<{self._inside[-1]}> runs {data.strip()[:80]!r}")


def injected_markup(page: str, markers: list[str]) -> list[str]:
    """What of the user text on ``page`` became markup (empty when all is inert)."""
    finder = _InjectionFinder(markers)
    finder.feed(page)
    finder.close()
    return finder.found


# ------------------------------------------------------- what machines read


class _Head(HTMLParser):
    """A page's <title>, meta tags and JSON-LD scripts, as a browser parses them.

    Script text is raw up to the first ``</script``, as in a browser: a value that
    broke out of its JSON-LD would leave JSON that no longer parses.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content") or "")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in {"title", "script"}:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld[-1] += data


def head(response) -> _Head:
    parsed = _Head()
    parsed.feed(response.content.decode())
    parsed.close()
    return parsed


def structured_data(response) -> list[dict]:
    """Every JSON-LD block of the page, parsed; none may hold a way out of it."""
    blocks = head(response).json_ld
    for text in blocks:
        lowered = text.lower()
        assert "</script" not in lowered and "<!--" not in lowered, text[:200]
    return [json.loads(text) for text in blocks]
