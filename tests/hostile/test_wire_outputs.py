"""Where hostile text ends up: every page, feed, sitemap and JSON a story is shown in.

Fifteen ninjs stories, each with one XSS payload in every field ninjs carries (and
a picture file beside it), come in through ``manage.py ingest_wire --publish``. Each
value must then read back as exactly the text sent, never as markup: on the story
page, in its ``<title>``, meta description, Open Graph and Twitter tags and NewsArticle
JSON-LD; on the home, search, archive, agency and place pages; in RSS and Atom
(as feedparser reads them, and as XML); in the sitemaps; in the ninjs export; in the
admin's story list and story page (with the agency copy it lists and the parser's
notes, one quoting a payload sent as the version's time). A second case
does the same for what only the admin fills: correction notes, copyright notices and
alt text that differs from the caption.
"""

import html
import io
from urllib.parse import urlsplit

import feedparser
import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.text import tidy_tag_names
from articles.wire.ninjs import html_paragraphs

from .. import factories
from ..conftest import jpeg_bytes
from . import payloads as p
from . import wire_copy as w
from .checks import head, injected_markup, page_text, structured_data

FIELDS = w.CARRIES["ninjs"]
MARKERS = [f"xss-{f}" for f in [*FIELDS, "id", "note", "alt", "notice", "correction"]]
SITE = "Newsroom"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


class Sent:
    """One payload's values as sent, and as stored where storing changes them."""

    def __init__(self, template: str):
        self.template = template
        self.copy = w.Copy(**{field: p.xss(template, field) for field in FIELDS})
        # Not a time: the parser's note for the editor quotes it.
        self.copy = self.copy.but(version_created=p.xss(template, "note"))
        self.note = f"The versionCreated “{self.copy.version_created[:40]}” is not a"
        self.tag = tidy_tag_names([self.copy.subject])[0]  # " becomes '
        self.place = w.expected("ninjs", self.copy, "place")  # up to a comma
        agency = self.copy.agency
        self.short = agency if len(agency) <= 40 else agency[:39].rstrip() + "…"

    def shown(self, *fields: str) -> list[str]:
        return [self.value(field) for field in fields]

    def value(self, field: str) -> str:
        return {"subject": self.tag, "place": self.place}.get(
            field, getattr(self.copy, field, None)
        )


def inert(response, status: int = 200) -> str:
    """The page's text, after checking it answered and ran none of the payloads."""
    assert response.status_code == status, response.request["PATH_INFO"]
    found = injected_markup(response.content.decode(), MARKERS)
    assert found == [], (response.request["PATH_INFO"], found)
    return page_text(response)


def read_feed(response, title: str, headlines: list[str]):
    """The feed as feedparser reads it, after checking that it says ``title`` and
    ``headlines`` as text: in the XML itself, and to feedparser.

    Atom marks its titles as text, and feedparser gives them back as sent. RSS
    cannot say: feedparser (like many readers) takes a title that looks like HTML
    for HTML and sanitizes it, so there the check is that nothing of it runs.
    """
    xml = ElementTree.fromstring(response.content)
    atom = xml.tag == f"{{{NS['atom']}}}feed"
    path = (
        ("atom:title", "atom:entry/atom:title")
        if atom
        else ("channel/title", "channel/item/title")
    )
    assert xml.findtext(path[0], namespaces=NS) == title
    assert [t.text for t in xml.iterfind(path[1], NS)] == headlines
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    for detail, sent in [
        (feed.feed.title_detail, title),
        *((entry.title_detail, entry.title) for entry in feed.entries),
    ]:
        if atom or detail.type == "text/plain":
            assert detail.value in {sent, *headlines}
        else:
            assert injected_markup(detail.value, MARKERS) == [], detail.value
    return feed


def missing(text: str, values: list[str]) -> list[str]:
    return [value for value in values if value not in text]


@pytest.fixture
def published(tmp_path, chief):
    """The fifteen payload stories, ingested in one run and published."""
    sent = []
    for number, (_, template) in enumerate(p.XSS):
        one = Sent(template)
        (tmp_path / f"{number:02}.jpg").write_bytes(jpeg_bytes((320, 200)))
        # The agency's id for the story is shown in the admin and the export too.
        one.copy = one.copy.but(wire_id=f"{p.xss(template, 'id')} {number}")
        copy = one.copy.but(photo_href=f"{number:02}.jpg")
        (tmp_path / f"{number:02}.json").write_bytes(w.ninjs(copy))
        sent.append(one)
    out = io.StringIO()
    call_command(
        "ingest_wire", str(tmp_path), "--publish", "--user", chief.username, stdout=out
    )
    assert f"created {len(sent)}," in out.getvalue()
    stories = {story.headline: story for story in Article.objects.published()}
    assert len(stories) == len(sent)
    return [(one, stories[one.copy.headline]) for one in sent]


@pytest.mark.django_db
def test_wire_payloads_read_back_as_text_everywhere(client, chief_client, published):
    for one, story in published:
        copy = one.copy
        # The story page: shown as sent, and in everything its <head> says.
        response = client.get(story.get_absolute_url())
        text = inert(response)
        everything = one.shown(*FIELDS[:-1])  # the agency shows by its short name
        assert missing(text, [*everything, one.short]) == [], copy.headline
        said = head(response)
        assert said.title == f"{copy.headline} · {SITE}"
        assert said.meta["description"] == [copy.dek]
        assert said.meta["og:title"] == said.meta["twitter:title"] == [copy.headline]
        assert said.meta["og:description"] == [copy.dek]
        assert said.meta["twitter:description"] == [copy.dek]
        assert said.meta["article:tag"] == [one.tag]
        assert said.meta["og:image:alt"] == said.meta["twitter:image:alt"]
        assert said.meta["og:image:alt"] == [copy.caption]
        data, breadcrumb = structured_data(response)
        assert (data["headline"], data["description"]) == (copy.headline, copy.dek)
        # The breadcrumb ends with the headline, as text too.
        assert breadcrumb["itemListElement"][-1]["name"] == copy.headline
        assert data["keywords"] == [one.tag]
        assert data["author"] == [{"@type": "Person", "name": copy.byline}]
        assert data["dateline"] == story.dateline
        assert data["sourceOrganization"]["name"] == copy.agency
        assert {image["caption"] for image in data["image"]} == {copy.caption}
        assert {image["creditText"] for image in data["image"]} == {copy.credit}

        # The ninjs export: each value as sent, its HTML body inert.
        response = client.get(story.get_ninjs_url())
        assert response["Content-Type"] == "application/json; charset=utf-8"
        doc = response.json()
        assert doc["headlines"][0]["value"] == copy.headline
        assert doc["descriptions"][0]["value"] == copy.dek
        plain, markup = doc["bodies"]
        assert plain["value"] == f"{copy.body}\n\n{w.SECOND_PARAGRAPH}"
        assert injected_markup(markup["value"], MARKERS) == []
        assert html_paragraphs(markup["value"]) == [copy.body, w.SECOND_PARAGRAPH]
        assert (doc["by"], doc["located"]) == (copy.byline, one.place)
        assert [s["name"] for s in doc["subjects"]] == [one.tag]
        assert [person["name"] for person in doc["people"]] == [copy.person]
        assert doc["copyrightHolder"] == copy.agency
        assert doc["infoSources"][0]["literal"] == one.short
        assert {"role": "agencyId", "value": copy.wire_id} in doc["altIds"]
        [picture] = doc["associations"]
        assert picture["descriptions"][0]["value"] == copy.caption
        assert picture["by"] == copy.credit

        # Its tag's RSS and its person's Atom feed, and its agency and place pages
        # (the tag's and person's own pages: test_xss.py).
        for url, name in [
            (reverse("articles:tag-rss", args=[story.tags.get().slug]), one.tag),
            (reverse("articles:person-atom", args=[story.people.get().slug]), None),
            (story.agency.get_absolute_url(), copy.agency),
            (story.get_place_url(), one.place),
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            if url.startswith("/feeds/"):
                title = f"{SITE}: {name or copy.person}"
                read_feed(response, title, [copy.headline])
            else:
                assert name in inert(response), url

        # The admin's story page, with the agency copy and its photos listed.
        response = chief_client.get(
            reverse("admin:articles_article_change", args=[story.pk])
        )
        text = inert(response)
        shown = [copy.headline, copy.caption, f"© {copy.credit}", one.note]
        shown.append(copy.wire_id)
        assert missing(text, shown) == []

    headlines = {one.copy.headline for one, _ in published}
    deks = {one.copy.dek for one, _ in published}
    story_urls = {
        "http://testserver" + story.get_absolute_url() for _, story in published
    }

    # Lists: every headline shown as sent, none of them markup.
    day = published[0][1].published_at
    for url in [
        reverse("articles:home"),
        reverse("articles:search") + "?q=Second+paragraph",
        reverse("articles:archive-day", args=[day.year, day.month, day.day]),
    ]:
        assert missing(inert(client.get(url)), sorted(headlines)) == [], url
    admin_list = chief_client.get(reverse("admin:articles_article_changelist"))
    assert missing(inert(admin_list), sorted(headlines)) == []

    # All-news feeds: feedparser reads each title and summary back as sent text.
    newest_first = [
        story.headline for story in Article.objects.published().newest_first()
    ]
    for url in [reverse("articles:feed-rss"), reverse("articles:feed-atom")]:
        feed = read_feed(client.get(url), f"{SITE}: all news", newest_first)
        assert {html.unescape(entry.summary) for entry in feed.entries} == deks
        # The summary is HTML (RSS readers take it so): none of it may be markup.
        for entry in feed.entries:
            assert injected_markup(entry.summary, MARKERS) == [], url
            assert entry.summary_detail.type in {"text/html", "text/plain"}
            # The full body (content:encoded, Atom content): cleaned HTML, inert.
            for content in entry.get("content", []):
                assert injected_markup(content.value, MARKERS) == [], url
        for entry, story in zip(feed.entries, newest_first, strict=True):
            one = next(one for one, s in published if s.headline == story)
            assert entry.author == one.copy.byline
            assert [tag.term for tag in entry.tags] == [one.tag]
    # The same feed as XML: each element's text is the value itself.
    rss = ElementTree.fromstring(client.get(reverse("articles:feed-rss")).content)
    items = rss.findall("channel/item")
    assert {item.findtext("title") for item in items} == headlines
    assert {html.unescape(item.findtext("description")) for item in items} == deks
    captions = {one.copy.caption for one, _ in published}
    credits = {f"© {one.copy.credit}" for one, _ in published}
    media = [item.find("media:content", NS) for item in items]
    assert {m.findtext("media:description", namespaces=NS) for m in media} == captions
    assert {m.findtext("media:credit", namespaces=NS) for m in media} == credits

    # Sitemaps: the headlines as news titles, the stories' addresses as locations.
    news = ElementTree.fromstring(client.get(reverse("articles:sitemap-news")).content)
    assert {t.text for t in news.iterfind(".//news:title", NS)} == headlines
    section = reverse("articles:sitemap-section", args=["articles"])
    urls = ElementTree.fromstring(client.get(section).content)
    assert {loc.text for loc in urls.iterfind(".//sm:loc", NS)} == story_urls
    for loc in story_urls:
        assert client.get(urlsplit(loc).path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template", [case[1] for case in p.XSS], ids=[case[0] for case in p.XSS]
)
def test_notes_notices_and_alt_text_read_back_as_text(client, template):
    """What only the desk fills: a correction, a copyright notice, an alt text."""
    correction = p.xss(template, "correction")
    photo = factories.photo(1, copyright_notice=p.xss(template, "notice"))
    photo.caption, photo.alt_text = p.xss(template, "caption"), p.xss(template, "alt")
    photo.save()
    story = factories.article(1, corrected_at=factories.NOW)
    story.photo_placements.create(photo=photo)
    story.corrections.create(note=correction, created_at=factories.NOW)

    response = client.get(story.get_absolute_url())
    assert missing(inert(response), [correction, photo.alt_text]) == []
    said = head(response)
    assert said.meta["og:image:alt"] == said.meta["twitter:image:alt"]
    assert said.meta["og:image:alt"] == [photo.alt_text]
    data, _breadcrumb = structured_data(response)
    assert [c["text"] for c in data["correction"]] == [correction]
    assert {image["copyrightNotice"] for image in data["image"]} == {
        photo.copyright_notice
    }

    [picture] = client.get(story.get_ninjs_url()).json()["associations"]
    assert picture["copyrightNotice"] == photo.copyright_notice
    assert [d["value"] for d in picture["descriptions"]] == [
        photo.caption,
        photo.alt_text,
    ]

    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert not feed.bozo
    rss = ElementTree.fromstring(client.get(reverse("articles:feed-rss")).content)
    media = rss.find("channel/item/media:content", NS)
    assert media.findtext("media:copyright", namespaces=NS) == photo.copyright_notice
    assert media.findtext("media:description", namespaces=NS) == photo.caption
