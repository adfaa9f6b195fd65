"""Entry point: the public site's URLs and query strings, and media/preview paths.

Unknown or malformed addresses are a plain 404 (never a 500, never another story);
nothing a reader sends is echoed as markup; no path leaves the media folder.
"""

import html

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from articles.models import Article

from .. import factories
from . import payloads as p
from .checks import injected_markup, nothing_written

PREFIXES = ["news", "tags", "people"]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "slug", [c[1] for c in p.UNKNOWN_SLUGS], ids=[c[0] for c in p.UNKNOWN_SLUGS]
)
def test_an_unknown_or_malformed_slug_is_a_404(client, media_root, prefix, slug):
    factories.article(1).tags.add("Japan")
    with nothing_written(media_root):
        response = client.get(f"/{prefix}/{slug}/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.SUBMITTED], ids=str
)
def test_the_exact_slug_of_an_unpublished_story_is_a_404(client, status):
    story = factories.article(1, status=status, slug="not-yet")
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_slug_differing_only_by_an_invisible_character_is_another_address(client):
    factories.article(1, slug="talks")
    assert client.get("/news/talks/").status_code == 200
    assert client.get("/news/tal%E2%80%8Bks/").status_code == 404


# id, page value, status on a list with three pages.
PAGES = [
    *[(case_id, value, 404) for case_id, value in p.BAD_PAGES],
    ("nul", "%00", 400),  # articles.middleware: refused before any view
    ("empty", "", 200),
    ("last-is-a-word-django-knows", "last", 200),
]


@pytest.fixture
def three_pages(settings, db):
    settings.NEWSROOM_PAGE_SIZE = 2
    person = factories.Person.objects.create(name="Taro Kono")
    for n in range(6):
        story = factories.article(n)
        story.tags.add("Japan")
        story.person_roles.create(person=person, role="subject")
    return ["/", "/tags/japan/", f"/people/{person.slug}/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "status"), [c[1:] for c in PAGES], ids=[c[0] for c in PAGES]
)
def test_an_absurd_page_number_is_a_404_on_every_list(
    client, media_root, three_pages, page, status
):
    for url in three_pages:
        with nothing_written(media_root):
            response = client.get(f"{url}?page={page}")
        assert response.status_code == status, url


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/news/{slug}/", "/tags/japan/"])
def test_a_very_long_query_string_is_ignored_not_echoed(client, path):
    story = factories.article(1)
    story.tags.add("Japan")
    response = client.get(path.format(slug=story.slug) + "?" + p.LONG_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "x" * 1_000 not in page


# ----------------------------------------------------------------- preview


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tail",
    ["not-a-uuid/", "..%2F..%2Fadmin/", "../../admin/", "%00/", "00000000-0000-0000"],
)
def test_a_malformed_preview_address_is_a_404_even_for_staff(editor_client, tail):
    assert editor_client.get("/preview/" + tail).status_code == 404


@pytest.mark.django_db
def test_an_unknown_preview_id_is_a_404_and_a_reader_is_sent_to_log_in(editor_client):
    url = reverse("articles:preview", args=["6f1c2d5e-4b1a-4e8f-9c3d-2a6b0e21f318"])
    assert editor_client.get(url).status_code == 404
    response = Client().get(url)  # a reader: not logged in
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# ------------------------------------------------------------------ media


# Django's file view answers 400 to a path that climbs out, 404 to one not found.
MEDIA_STATUS = {"dot-dot": 400, "encoded": 400}


@pytest.mark.urls("tests.hostile.media_urls")
@pytest.mark.parametrize(
    ("case", "path"), p.TRAVERSAL_PATHS, ids=[c[0] for c in p.TRAVERSAL_PATHS]
)
def test_media_paths_never_leave_the_media_folder(client, media_root, case, path):
    default_storage.save("photos/inside.jpg", ContentFile(b"inside"))
    assert client.get("/media/photos/inside.jpg").status_code == 200  # route works
    response = client.get("/media/" + path)
    assert response.status_code == MEDIA_STATUS.get(case, 404)
    assert b"SECRET_KEY" not in b"".join(getattr(response, "streaming_content", []))


# --------------------------------------------------------- lists by subject

SUBJECT_PAGES = [
    "/agencies/{slug}/",
    "/places/{slug}/",
    "/feeds/tags/{slug}.rss",
    "/feeds/tags/{slug}.atom",
    "/feeds/people/{slug}.rss",
    "/feeds/people/{slug}.atom",
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", SUBJECT_PAGES)
def test_an_unknown_agency_place_or_feed_subject_is_a_404(client, page):
    """Each of ``payloads.UNKNOWN_SLUGS``; the real subject answers 200."""
    story = factories.article(1, dateline_place="Tokyo")
    story.tags.add("Japan")
    person = factories.Person.objects.create(name="Taro Kono")
    story.person_roles.create(person=person, role="subject")
    real = {"agencies": "tass", "places": "tokyo", "tags": "japan"}
    known = next((v for k, v in real.items() if f"/{k}/" in page), person.slug)
    assert client.get(page.format(slug=known)).status_code == 200
    answers = {
        case: client.get(page.format(slug=slug)) for case, slug in p.UNKNOWN_SLUGS
    }
    assert {
        case: r.status_code for case, r in answers.items() if r.status_code != 404
    } == {}
    assert [case for case, r in answers.items() if b"<script" in r.content] == []


@pytest.mark.django_db
def test_a_subject_with_unpublished_stories_only_is_a_404(client):
    """An agency, place, tag or person known only from drafts stays unknown."""
    story = factories.article(1, status=Article.Status.DRAFT, dateline_place="Nara")
    story.tags.add("Secret plans")
    person = factories.Person.objects.create(name="Quiet Source")
    story.person_roles.create(person=person, role="subject")
    story.agency = factories.Agency.objects.create(name="Wire Co", short_name="WC")
    story.save()
    for url in [
        "/agencies/wc/",
        "/places/nara/",
        "/feeds/tags/secret-plans.rss",
        f"/feeds/people/{person.slug}.atom",
    ]:
        assert client.get(url).status_code == 404, url


# ------------------------------------------------------------------ archives

# (case, address, status) with one story published on 29 November 2026.
ARCHIVE_URLS = [
    ("30-february", "/archive/2026/02/30/", 404),
    ("31-april", "/archive/2026/04/31/", 404),
    ("29-february-not-leap", "/archive/2026/02/29/", 404),
    ("year-0", "/archive/0/", 404),
    ("year-0000", "/archive/0000/", 404),
    ("year-1-first-day", "/archive/1/01/01/", 404),
    ("year-9999", "/archive/9999/", 404),
    ("9999-december", "/archive/9999/12/", 404),
    ("9999-last-day", "/archive/9999/12/31/", 404),  # its next day cannot exist
    ("year-10000", "/archive/10000/", 404),
    ("twenty-digit-year", "/archive/" + "9" * 20 + "/", 404),
    ("negative-year", "/archive/-1/", 404),
    ("month-13", "/archive/2026/13/", 404),
    ("month-00", "/archive/2026/00/", 404),
    ("one-digit-month", "/archive/2026/1/", 404),
    ("day-00", "/archive/2026/11/00/", 404),
    ("day-32", "/archive/2026/11/32/", 404),
    ("a-day-with-no-story", "/archive/2026/11/28/", 404),
    ("the-future", "/archive/2027/01/01/", 404),
    ("page-0", "/archive/2026/?page=0", 404),
    ("page-absurd", "/archive/2026/11/?page=" + "9" * 40, 404),
    ("page-word", "/archive/2026/11/29/?page=first", 404),
    ("page-nul", "/archive/2026/?page=%00", 400),
    ("page-last", "/archive/2026/11/?page=last", 200),
    ("the-year", "/archive/2026/", 200),
    ("the-month", "/archive/2026/11/", 200),
    ("the-day", "/archive/2026/11/29/", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"), [c[1:] for c in ARCHIVE_URLS], ids=[c[0] for c in ARCHIVE_URLS]
)
def test_an_archive_date_that_cannot_be_is_a_404(client, url, status):
    factories.article(1)  # published 2026-11-29 10:00 UTC
    assert client.get(url).status_code == status


# -------------------------------------------------------------------- search

# (case, query): each answers 200, echoes the query as text, shows no draft.
SEARCHES = [
    ("ten-thousand-characters", "talks" * 2_000),
    ("many-words", "talks " * 300),
    ("many-phrases", '"talks" ' * 150),
    ("fts-near", "NEAR(talks minister)"),
    ("fts-column-filter", "headline:talks"),
    ("fts-prefix", "talk*"),
    ("fts-caret", "^talks"),
    ("fts-operators-only", "AND OR NOT"),
    ("fts-minus", "-talks"),
    ("unbalanced-quote", '"talks'),
    ("empty-phrase", '""'),
    ("sql-quote", "' OR 1=1 --"),
    ("sql-union", "x' UNION SELECT password FROM auth_user --"),
    ("backslash", "\\"),
    ("like-wildcards", "%_%"),
    ("tsquery-syntax", "talks & !minister | (a <-> b):*"),
    ("emoji", "🚀"),
    ("zero-width", "\u200b"),
    ("right-to-left", "لافروف"),
    ("markup", '<script>alert("xss-query")</script>'),
]


@pytest.fixture
def two_stories(db):
    factories.article(1, headline="Talks in Tokyo", body="The talks went on.")
    factories.article(
        2, status=Article.Status.DRAFT, headline="Secret talks", body="The talks."
    )


@pytest.mark.parametrize(
    "query", [c[1] for c in SEARCHES], ids=[c[0] for c in SEARCHES]
)
def test_any_search_query_is_a_page_of_results_never_an_error(
    client, two_stories, query
):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret talks" not in page
    assert injected_markup(page, ["xss-query"]) == []
    shown = " ".join(query.split())[:200]  # search.MAX_QUERY_LENGTH
    assert f'value="{html.escape(shown)}"' in page or not shown.strip()


@pytest.mark.parametrize(
    ("page", "status"),
    [("0", 404), ("-1", 404), ("9" * 40, 404), ("1e9", 404), ("last", 200)],
    ids=["zero", "negative", "absurd", "exponent", "last"],
)
def test_an_absurd_search_page_is_a_404(client, two_stories, page, status):
    response = client.get("/search/", {"q": "talks", "page": page})
    assert response.status_code == status


# ------------------------------------------------------------------ sitemaps

SITEMAP_URLS = [
    ("unknown-section", "/sitemap-nope.xml", 404),
    ("empty-section", "/sitemap-.xml", 404),
    ("markup-section", "/sitemap-%3Cscript%3E.xml", 404),
    ("page-0", "/sitemap-articles.xml?p=0", 404),
    ("page-beyond", "/sitemap-articles.xml?p=99", 404),
    ("page-word", "/sitemap-articles.xml?p=first", 404),
    ("page-absurd", "/sitemap-articles.xml?p=" + "9" * 40, 404),
    ("page-negative", "/sitemap-pages.xml?p=-1", 404),
    ("page-float", "/sitemap-articles.xml?p=1.5", 404),
    ("page-nul", "/sitemap-articles.xml?p=%00", 400),
    ("news-page-2", "/sitemap-news.xml?p=2", 404),
    ("index-ignores-a-page", "/sitemap.xml?p=5", 200),
    ("first-page", "/sitemap-articles.xml?p=1", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"), [c[1:] for c in SITEMAP_URLS], ids=[c[0] for c in SITEMAP_URLS]
)
def test_an_unknown_sitemap_section_or_page_is_a_404(client, url, status):
    factories.article(1)
    response = client.get(url)
    assert response.status_code == status
    assert b"<script" not in response.content


# --------------------------------------------------------------- ninjs, robots

NINJS_URLS = [
    ("not-a-uuid", "/api/ninjs/not-a-uuid.json", 404),
    ("empty", "/api/ninjs/.json", 404),
    ("nul", "/api/ninjs/%00.json", 404),
    ("traversal", "/api/ninjs/..%2F..%2Fnewsroom%2Fsettings.py", 404),
    ("cut", "/api/ninjs/6f1c2d5e-4b1a-4e8f.json", 404),
    ("unknown", "/api/ninjs/00000000-0000-0000-0000-000000000000.json", 404),
    ("upper-case", "/api/ninjs/{upper}.json", 404),
    ("no-hyphens", "/api/ninjs/{hex}.json", 404),
    ("no-suffix", "/api/ninjs/{guid}", 404),
    ("a-draft", "/api/ninjs/{draft}.json", 404),
    ("with-a-long-query", "/api/ninjs/{guid}.json?" + p.LONG_QUERY, 200),
    ("the-story", "/api/ninjs/{guid}.json", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"), [c[1:] for c in NINJS_URLS], ids=[c[0] for c in NINJS_URLS]
)
def test_a_malformed_or_unknown_ninjs_id_is_a_404(client, url, status):
    """The address takes the story's id exactly as it links it; nothing else."""
    story = factories.article(1)
    draft = factories.article(2, status=Article.Status.DRAFT)
    url = url.format(
        guid=story.guid,
        upper=str(story.guid).upper(),
        hex=story.guid.hex,
        draft=draft.guid,
    )
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response.json()["uri"] == f"urn:uuid:{story.guid}"
    assert b"<script" not in response.content


@pytest.mark.django_db
def test_robots_txt_ignores_its_query_and_refuses_a_forged_host(client):
    response = client.get("/robots.txt?" + p.LONG_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"<script" not in response.content
    assert b"Sitemap: http://testserver/sitemap.xml" in response.content
    # The host goes into its sitemap lines: one not allowed is a 400, not echoed.
    forged = client.get("/robots.txt", HTTP_HOST="evil.example<script>")
    assert forged.status_code == 400
    assert b"evil.example" not in forged.content
