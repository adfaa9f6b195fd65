"""Reading our pages as a browser would: strict HTML5 parsing and simple look-ups."""

import json

import html5lib


def parse(html: str):
    """The page's element tree; html5lib's strict mode raises on any parse error
    (unclosed or misnested elements, stray end tags, bad attributes, …)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return parse(response.content.decode())


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def meta(doc, key: str) -> str | None:
    """A <meta property=…> or <meta name=…> value."""
    for element in doc.iter("meta"):
        if key in (element.get("property"), element.get("name")):
            return element.get("content")
    return None


def json_ld(doc, kind: str = "NewsArticle") -> dict:
    """The page's one JSON-LD document of type ``kind``."""
    scripts = [s for s in doc.iter("script") if s.get("type") == "application/ld+json"]
    documents = [json.loads(s.text) for s in scripts]
    found = [d for d in documents if d.get("@type") == kind]
    assert len(found) == 1
    return found[0]


def headlines(doc) -> list[str]:
    """The story headlines a list page shows, in order."""
    return [text(h) for h in doc.iter("h2") if h.find("a") is not None]
