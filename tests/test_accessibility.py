"""Accessible, valid pages: strict HTML5, landmarks, one h1, alt text, labels,
visible focus, sufficient contrast, nothing that needs JavaScript."""

import re
from collections import Counter
from pathlib import Path

import pytest

from articles import services
from articles.models import ArticlePerson, ArticlePhoto, Person

from . import factories
from .conftest import make_user
from .html import parse
from .public_urls import surfaces

CSS = Path(__file__).resolve().parent.parent / "articles/static/articles/site.css"


@pytest.fixture
def site(db):
    story = factories.furnish(factories.article(1, headline="A story"), 3)
    story.tags.add("common")
    other = factories.article(2, headline="Another story")
    other.tags.add("common")
    ArticlePhoto.objects.create(article=other, photo=factories.photo(9))
    person = Person.objects.create(name="Someone", slug="someone")
    ArticlePerson.objects.create(article=story, person=person)
    return story


def pages(client, story):
    for url in [
        *(
            s.url(story=story, tag="common", person="someone", word="story")
            for s in surfaces("page")
        ),
        "/search/",
        "/search/?q=nothing+matches+this",
        "/no-such-page/",
    ]:
        yield url, client.get(url).content.decode()
    killed = factories.article(77, headline="Withdrawn")
    services.article_kill(article=killed, user=make_user("killer", "Editors"))
    gone = client.get(killed.get_absolute_url())
    assert gone.status_code == 410
    yield "410", gone.content.decode()


@pytest.mark.django_db
def test_every_page_is_valid_accessible_html(client, site):
    for url, html in pages(client, site):
        doc = parse(html)  # strict: any HTML5 parse error fails the test
        root = doc.getroot() if hasattr(doc, "getroot") else doc
        assert root.get("lang") == "en", url
        assert doc.find(".//title").text.strip(), url
        assert len(list(doc.iter("h1"))) == 1, url
        # Landmarks: banner, navigation, main, contentinfo; the skip link lands.
        body = doc.find(".//body")
        assert [child.tag for child in body if child.tag != "a"] == [
            "header",
            "main",
            "footer",
        ], url
        assert doc.find(".//header//nav[@aria-label]") is not None, url
        assert doc.find(".//main[@id='main']") is not None, url
        assert body[0].get("href") == "#main", url
        for img in doc.iter("img"):
            assert img.get("alt"), (url, img.get("src"))
        ids = Counter(e.get("id") for e in doc.iter() if e.get("id"))
        assert all(n == 1 for n in ids.values()), (url, ids)
        labels = {label.get("for") for label in doc.iter("label")}
        for field in doc.iter("input"):
            assert field.get("id") in labels, (url, field.get("id"))
        # Works without JavaScript: the only script is JSON-LD data.
        for script in doc.iter("script"):
            assert script.get("type") == "application/ld+json", url


def hex_to_rgb(value: str) -> tuple[float, ...]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa_contrast():
    css = CSS.read_text()
    palette = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{3,6})", css))
    paper = palette["paper"]
    for name in ("ink", "muted", "accent"):
        assert contrast(palette[name], paper) >= 4.5, name
    # Literal text colours used in the stylesheet, on the page background.
    for literal in set(re.findall(r"[^-]color:\s*(#[0-9a-fA-F]{3,6})", css)):
        assert contrast(literal, paper) >= 4.5, literal
    # Button text on the accent colour.
    assert contrast(paper, palette["accent"]) >= 4.5


def test_focus_is_visible_on_every_interactive_element():
    css = CSS.read_text()
    rule = re.search(r"([^{}]*:focus-visible[^{}]*)\{([^}]*)\}", css)
    selectors, declarations = rule.groups()
    for element in ("a", "input", "button"):
        assert f"{element}:focus-visible" in selectors
    palette = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{3,6})", css))
    outline = re.search(r"outline:\s*3px solid var\(--([a-z]+)\)", declarations)
    # WCAG 2.2: a focus indicator contrasts at least 3:1 with what is around it.
    assert contrast(palette[outline.group(1)], palette["paper"]) >= 3
    assert contrast(palette[outline.group(1)], palette["accent"]) >= 3 or (
        "box-shadow" in declarations
    )
