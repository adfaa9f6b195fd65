"""NewsArticle JSON-LD, Open Graph and Twitter cards, the canonical link."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from articles import structured_data
from articles.models import Agency, ArticlePerson, ArticlePhoto, Person
from articles.photos import photo_refresh_renditions, rendition

from . import factories
from .html import json_ld, meta, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(db):
    story = factories.article(
        1,
        headline="Japan’s missile defense poses no threat",
        dek="The plan is aimed at protecting lives, Taro Kono said",
        dateline_place="Tokyo",
        dateline_date=datetime(2026, 11, 28).date(),
    )
    photographer = Person.objects.create(name="Alexander Shcherbak")
    photo = factories.photo(
        1,
        photographer=photographer,
        agency=Agency.objects.get(short_name="TASS"),
        copyright_notice="© TASS 2026",
    )
    photo.alt_text = "Two ministers at a news conference"
    photo.save()
    photo_refresh_renditions(photo=photo, force=True)  # the crops JSON-LD lists
    ArticlePhoto.objects.create(
        article=story, photo=photo, caption_override="Kono and Lavrov"
    )
    reporter = Person.objects.create(name="Anna Petrova", slug="anna-petrova")
    ArticlePerson.objects.create(article=story, person=reporter, role="byline")
    kono = Person.objects.create(name="Taro Kono", slug="taro-kono")
    ArticlePerson.objects.create(article=story, person=kono, role="quoted", position=1)
    story.tags.add("missile defense", "Japan")
    return story


def test_article_page_carries_news_article_json_ld_with_every_property(client, story):
    doc = page(client, story.get_absolute_url())
    data = json_ld(doc)
    url = "http://testserver" + story.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["description"] == story.dek
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    published = datetime.fromisoformat(data["datePublished"])
    modified = datetime.fromisoformat(data["dateModified"])
    assert published == story.published_at and published.utcoffset() is not None
    assert modified >= published and modified.utcoffset() is not None
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Anna Petrova",
            "url": "http://testserver/people/anna-petrova/",
        }
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Newsroom",
        "url": "http://testserver/",
    }
    assert data["sourceOrganization"]["name"] == "TASS"
    assert data["dateline"] == "TOKYO, November 28. /TASS/."
    assert sorted(data["keywords"]) == ["Japan", "missile defense"]
    assert data["inLanguage"] == "en"
    photo = story.lead_placement.photo
    crops = [rendition(photo, ratio, 1200) for ratio in ("16:9", "4:3", "1:1")]
    assert len({crop.url for crop in crops}) == 3
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "contentUrl": "http://testserver" + crop.url,
            "url": "http://testserver" + crop.url,
            "width": crop.width,
            "height": crop.height,
            "caption": "Kono and Lavrov",
            "creditText": "Photographer 1/TASS",
            "creator": {
                "@type": "Person",
                "name": "Alexander Shcherbak",
                "url": "http://testserver/people/alexander-shcherbak/",
            },
            "copyrightNotice": "© TASS 2026",
            "copyrightHolder": {"@type": "Organization", "name": "TASS"},
        }
        for crop in crops
    ]
    assert "correction" not in data


def test_corrections_become_correction_comments():
    story = factories.article(1)
    corrections = [
        SimpleNamespace(
            note="An earlier version misspelt the minister’s name.",
            created_at=datetime(2026, 11, 29, 14, 5, tzinfo=UTC),
        ),
    ]
    data = structured_data.news_article(
        story,
        absolute=RequestFactory().get("/").build_absolute_uri,
        people=[],
        tags=[],
        corrections=corrections,
    )
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelt the minister’s name.",
            "datePublished": "2026-11-29T14:05:00+00:00",
        }
    ]


def test_without_a_byline_the_agency_is_the_author(client):
    story = factories.article(1, byline="")
    data = json_ld(page(client, story.get_absolute_url()))
    assert data["author"] == [{"@type": "Organization", "name": "TASS"}]
    assert "image" not in data


def test_a_headline_cannot_break_out_of_the_script(client):
    headline = 'Evil </script><script>alert("x")</script> & <!-- more'
    story = factories.article(1, headline=headline, dek="</SCRIPT>")
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "</SCRIPT>" not in html
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    data = json.loads(html[start + len('<script type="application/ld+json">') : end])
    assert data["headline"] == headline
    assert data["description"] == "</SCRIPT>"


def test_sharing_cards_and_canonical_link(client, story):
    doc = page(client, story.get_absolute_url())
    url = "http://testserver" + story.get_absolute_url()
    card = rendition(story.lead_placement.photo, "16:9", 1200)  # the 16:9 crop
    image = "http://testserver" + card.url
    canonical = [
        link.get("href") for link in doc.iter("link") if link.get("rel") == "canonical"
    ]
    assert canonical == [url]
    assert meta(doc, "description") == story.dek
    expected = {
        "og:type": "article",
        "og:site_name": "Newsroom",
        "og:title": story.headline,
        "og:description": story.dek,
        "og:url": url,
        "og:image": image,
        "og:image:width": str(card.width),
        "og:image:height": str(card.height),
        "og:image:alt": "Two ministers at a news conference",
        "article:published_time": story.published_at.isoformat(),
        "twitter:card": "summary_large_image",
        "twitter:title": story.headline,
        "twitter:description": story.dek,
        "twitter:image": image,
        "twitter:image:alt": "Two ministers at a news conference",
    }
    assert {key: meta(doc, key) for key in expected} == expected
    tags = sorted(
        m.get("content") for m in doc.iter("meta") if m.get("property") == "article:tag"
    )
    assert tags == ["Japan", "missile defense"]


def test_a_story_without_a_photo_gets_a_summary_card(client):
    story = factories.article(1)
    doc = page(client, story.get_absolute_url())
    assert meta(doc, "twitter:card") == "summary"
    assert meta(doc, "og:image") is None


def test_a_story_without_a_standfirst_is_described_by_its_first_paragraph(client):
    first = "Tokyo and Moscow agreed on Wednesday " + "to talk again " * 40
    story = factories.article(1, dek="", body=f"{first}\n\nSecond paragraph.")
    doc = page(client, story.get_absolute_url())
    summary = meta(doc, "description")
    assert summary.startswith("Tokyo and Moscow agreed on Wednesday to talk again")
    assert summary.endswith("…") and len(summary) <= 300
    words = summary.removesuffix("…")
    assert first.startswith(words) and first[len(words)] == " "  # at a word
    for key in ("og:description", "twitter:description"):
        assert meta(doc, key) == summary
    assert json_ld(doc)["description"] == summary
    feed = client.get("/feeds/news.rss").content.decode()
    assert "Tokyo and Moscow agreed on Wednesday" in feed


@pytest.mark.parametrize(
    ("language", "expected"),
    # LANGUAGE_CODE is en-us; Esperanto has no usual territory.
    [("en", "en_US"), ("pt-BR", "pt_BR"), ("ru", "ru_RU"), ("eo", None)],
)
def test_open_graph_locale_is_the_storys_language_and_territory_or_left_out(
    client, language, expected
):
    story = factories.article(1, language=language)
    assert meta(page(client, story.get_absolute_url()), "og:locale") == expected
