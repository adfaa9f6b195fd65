"""Feeds (read back with feedparser), sitemaps, the Google News sitemap, robots.txt."""

from datetime import timedelta

import feedparser
import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticlePerson, ArticlePhoto, Person
from articles.photos import photo_from_file, photo_refresh_renditions, rendition

from . import factories
from .photo_files import camera_exif, jpeg_with_camera_exif, upload

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MEDIA_NS = "http://search.yahoo.com/mrss/"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}


@pytest.fixture
def pictured_story(db):
    story = factories.article(
        1, headline="Talks & tea <in> Tokyo", byline="Anna Petrova"
    )
    photo = factories.photo(1, copyright_notice="© TASS 2026")
    photo_refresh_renditions(photo=photo, force=True)
    ArticlePhoto.objects.create(
        article=story, photo=photo, caption_override="Ministers shake hands"
    )
    story.tags.add("diplomacy", "Japan")
    return story


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/feeds/news.rss", "rss20", "application/rss+xml"),
        ("/feeds/news.atom", "atom10", "application/atom+xml"),
    ],
)
def test_news_feeds_are_valid_and_carry_the_lead_photo_with_its_credit(
    client, pictured_story, url, version, content_type
):
    older = factories.article(2, headline="Older story")
    factories.article(3, headline="Draft", status=Article.Status.DRAFT)
    response, parsed = read_feed(client, url)
    assert response["Content-Type"].startswith(content_type)
    assert parsed.version == version
    assert parsed.feed.language == "en"
    assert [e.title for e in parsed.entries] == [
        pictured_story.headline,
        older.headline,
    ]
    entry = parsed.entries[0]
    assert entry.link == "http://testserver" + pictured_story.get_absolute_url()
    assert entry.id == f"urn:uuid:{pictured_story.guid}"
    assert entry.summary == pictured_story.dek
    assert entry.author == "Anna Petrova"
    assert sorted(t.term for t in entry.tags) == ["Japan", "diplomacy"]
    assert entry.published_parsed[:5] == pictured_story.published_at.timetuple()[:5]
    (media,) = entry.media_content
    photo = pictured_story.lead_placement.photo
    # The cleaned rendition the pages show, never the uploaded original.
    assert media["url"] == "http://testserver" + rendition(photo, None, 1200).url
    assert "/media/renditions/" in media["url"]
    assert photo.image.url not in response.content.decode()
    assert media["medium"] == "image"
    assert media["type"] == "image/jpeg"
    assert (media["width"], media["height"]) == ("80", "60")
    assert entry.media_credit[0]["content"] == "© Photographer 1/TASS"
    assert not hasattr(parsed.entries[1], "media_content")  # no photo, no element
    # The caption and copyright notice travel inside the media element too.
    tree = ElementTree.fromstring(response.content)
    content = next(tree.iter(f"{{{MEDIA_NS}}}content"))
    assert content.find(f"{{{MEDIA_NS}}}description").text == "Ministers shake hands"
    assert content.find(f"{{{MEDIA_NS}}}copyright").text == "© TASS 2026"


@pytest.mark.parametrize("url", ["/feeds/news.rss", "/feeds/news.atom"])
def test_the_feed_photo_carries_no_gps_position_or_camera_serial(
    client, media_root, url
):
    sent = jpeg_with_camera_exif((1600, 900))
    assert camera_exif(sent)["gps"]  # the upload had them: the test can fail
    photo = photo_from_file(upload("camera.jpg", sent))
    ArticlePhoto.objects.create(article=factories.article(1), photo=photo)
    _, parsed = read_feed(client, url)
    (media,) = parsed.entries[0].media_content
    assert (media["width"], media["height"]) == ("1200", "675")
    assert media["type"] == "image/jpeg"
    name = media["url"].removeprefix("http://testserver/media/")
    assert name.startswith(f"renditions/{photo.guid}/") and name != photo.image.name
    assert camera_exif((media_root / name).read_bytes()) == {"gps": {}, "serial": None}


def test_tag_and_person_feeds_list_only_their_stories(client, pictured_story):
    person = Person.objects.create(name="Taro Kono", slug="taro-kono")
    ArticlePerson.objects.create(article=pictured_story, person=person)
    other = factories.article(2, headline="Other story")
    other.tags.add("football")
    for url in (
        "/feeds/tags/diplomacy.rss",
        "/feeds/tags/diplomacy.atom",
        "/feeds/people/taro-kono.rss",
        "/feeds/people/taro-kono.atom",
    ):
        _, parsed = read_feed(client, url)
        assert [e.title for e in parsed.entries] == [pictured_story.headline], url
    _, parsed = read_feed(client, "/feeds/tags/diplomacy.rss")
    assert parsed.feed.title == "Newsroom: diplomacy"
    assert parsed.feed.link == "http://testserver/tags/diplomacy/"


def test_feeds_of_a_subject_without_published_stories_are_404(client):
    story = factories.article(1, status=Article.Status.DRAFT)
    story.tags.add("secret")
    for url in (
        "/feeds/tags/secret.rss",
        "/feeds/tags/nothing.atom",
        "/feeds/people/nobody.rss",
    ):
        assert client.get(url).status_code == 404, url


def test_pages_announce_their_feeds(client, pictured_story):
    tag_page = client.get("/tags/diplomacy/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="diplomacy (RSS)" '
        'href="/feeds/tags/diplomacy.rss">'
    ) in tag_page
    assert 'href="/feeds/tags/diplomacy.atom">Atom</a>' in tag_page
    home = client.get("/").content.decode()
    assert (
        'type="application/atom+xml" title="Newsroom: all news (Atom)" '
        'href="/feeds/news.atom"' in home
    )
    assert (
        'Follow: <a href="/feeds/news.rss">RSS</a> · '
        '<a href="/feeds/news.atom">Atom</a>'
    ) in home
    person = Person.objects.create(name="Anna Petrova", slug="anna-petrova")
    ArticlePerson.objects.create(article=pictured_story, person=person, role="quoted")
    person_page = client.get(person.get_absolute_url()).content.decode()
    rss = reverse("articles:person-rss", args=[person.slug])
    atom = reverse("articles:person-atom", args=[person.slug])
    assert f'title="Anna Petrova (RSS)" href="{rss}">' in person_page
    assert f'Follow: <a href="{rss}">RSS</a> · <a href="{atom}">Atom</a>' in person_page
    # A page without feeds of its own announces all news, and has no Follow line.
    story_page = client.get(pictured_story.get_absolute_url()).content.decode()
    assert 'title="Newsroom: all news (RSS)" href="/feeds/news.rss">' in story_page
    assert "Follow:" not in story_page


def test_feed_queries_do_not_grow_with_the_stories(client, django_assert_num_queries):
    for n in range(10):
        factories.furnish(factories.article(n), 3).tags.add("common")
    with django_assert_num_queries(3):  # stories, photos, tags
        client.get("/feeds/news.rss")
    with django_assert_num_queries(4):  # the tag, stories, photos, tags
        client.get("/feeds/tags/common.atom")


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def test_sitemap_index_pages_the_stories_and_each_page_has_lastmod(client, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    stories = [factories.article(n) for n in range(5)]  # story 0 is the newest
    factories.article(9, status=Article.Status.DRAFT, headline="Draft")
    index = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    assert locations == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-sections.xml",
    ]
    pages = [xml(client, f"/sitemap-articles.xml?p={p}") for p in (1, 2, 3)]
    urls = [u for doc in pages for u in doc.iterfind("s:url", NS)]
    # Oldest first, so a page keeps its stories as new ones arrive.
    assert [u.find("s:loc", NS).text for u in urls] == [
        "http://testserver" + s.get_absolute_url() for s in reversed(stories)
    ]
    oldest = stories[-1]
    assert urls[0].find("s:lastmod", NS).text == (
        max(oldest.updated_at, oldest.published_at).date().isoformat()
    )
    pages_doc = xml(client, "/sitemap-pages.xml")
    assert [u.find("s:loc", NS).text for u in pages_doc.iterfind("s:url", NS)] == [
        "http://testserver/",
        "http://testserver/archive/",
    ]


def test_google_news_sitemap_has_only_the_last_two_days(client):
    now = timezone.now()
    fresh = factories.article(
        1, headline="Fresh & new", published_at=now - timedelta(hours=3)
    )
    day_old = factories.article(
        2, headline="Day old", published_at=now - timedelta(hours=30)
    )
    factories.article(
        3, headline="Too old", published_at=now - timedelta(days=2, minutes=1)
    )
    factories.article(4, headline="Unpublished", status=Article.Status.SUBMITTED)
    factories.article(5, headline="Later", published_at=now + timedelta(hours=1))
    doc = xml(client, "/sitemap-news.xml")
    urls = doc.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        "http://testserver" + fresh.get_absolute_url(),
        "http://testserver" + day_old.get_absolute_url(),
    ]
    news = urls[0].find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:publication_date", NS).text == fresh.published_at.isoformat()
    assert news.find("news:title", NS).text == "Fresh & new"


def test_google_news_sitemap_stops_at_1000(client):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            body="Text.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(1001)
    )
    doc = xml(client, "/sitemap-news.xml")
    titles = [t.text for t in doc.iterfind("s:url/news:news/news:title", NS)]
    assert len(titles) == 1000
    assert titles[0] == "Story 0" and titles[-1] == "Story 999"


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


ATOM_NS = "http://www.w3.org/2005/Atom"


def test_atom_entries_without_byline_or_agency_still_have_an_author(client):
    # RFC 4287 4.1.1: an entry without <author> needs one on the <feed>.
    factories.article(1, headline="Unsigned", byline="", agency=None)
    signed = factories.article(2, headline="Signed", byline="Anna Petrova")
    signed.tags.add("diplomacy")
    for url in ("/feeds/news.atom", "/feeds/tags/diplomacy.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ElementTree.fromstring(response.content)
        assert feed.findtext(f"{{{ATOM_NS}}}author/{{{ATOM_NS}}}name") == "Newsroom"
    # An entry's own author, where it has one, is still given.
    feed = ElementTree.fromstring(client.get("/feeds/news.atom").content)
    authors = {
        entry.findtext(f"{{{ATOM_NS}}}title"): entry.findtext(
            f"{{{ATOM_NS}}}author/{{{ATOM_NS}}}name"
        )
        for entry in feed.iter(f"{{{ATOM_NS}}}entry")
    }
    assert authors == {"Unsigned": None, "Signed": "Anna Petrova"}
