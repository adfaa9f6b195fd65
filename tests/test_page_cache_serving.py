"""The page cache answers early, and only where the full stack would have cached.

``PageCacheMiddleware`` answers a repeated public page before the session, CSRF,
auth, messages and CSP middleware run; these tests hold it to the guarantees the
page cache gives (tests/test_http_caching.py has the content rules).
"""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles import caching

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_page_cache_bounds(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600


def counting_page(respond=None, **options):
    """A public page behind the page cache middleware, counting how often it is made."""
    made = []

    def view(request):
        made.append(request.method)
        response = HttpResponse("<p>page</p>")
        if respond:
            respond(request, response)
        return response

    return caching.PageCacheMiddleware(caching.public_page(view, **options)), made


def test_a_cached_answer_has_every_header_a_fresh_one_has(
    client, django_assert_num_queries
):
    story = factories.article(1)
    fresh = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        cached = client.get(story.get_absolute_url())
    assert cached.content == fresh.content
    for header in (
        "Content-Type",
        "Content-Length",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "ETag",
        "Last-Modified",
        "Cache-Control",
    ):
        assert cached[header] == fresh[header], header
    # Each answer has its own request id, and none sets a cookie.
    assert cached["X-Request-ID"] != fresh["X-Request-ID"]
    assert not cached.cookies and not fresh.cookies


def test_a_cached_answer_to_a_client_with_the_page_is_a_304(client):
    story = factories.article(1)
    etag = client.get(story.get_absolute_url())["ETag"]
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag and again["X-Request-ID"]


def test_a_page_is_made_once_and_then_served_from_the_cache():
    page, made = counting_page()
    factory = RequestFactory()
    for _ in range(3):
        assert page(factory.get("/page/")).status_code == 200
    page(factory.head("/page/"))
    assert made == ["GET"]
    page(factory.get("/page/?other=1"))  # a parameter the page does not read
    assert made == ["GET"]
    page(factory.get("/other-page/"))  # another address, another page
    assert made == ["GET", "GET"]


def test_a_post_is_never_answered_from_the_cache():
    page, made = counting_page()
    factory = RequestFactory()
    page(factory.get("/page/"))
    page(factory.post("/page/"))
    assert made == ["GET", "POST"]


def test_a_signed_in_editor_gets_a_fresh_private_page():
    page, made = counting_page()
    factory = RequestFactory()
    page(factory.get("/page/"))
    marked = HttpResponse()
    marked.set_signed_cookie(caching.EDITOR_COOKIE, "1", salt="articles.caching.editor")
    factory.cookies.load(
        {caching.EDITOR_COOKIE: marked.cookies[caching.EDITOR_COOKIE].value}
    )
    for _ in range(2):
        response = page(factory.get("/page/"))
        assert response["Cache-Control"] == "private, no-cache"
    assert made == ["GET", "GET", "GET"]


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "made-up"},
        {"newsroom_editor": "1"},
        {"newsroom_editor": "1:forged:signature", "sessionid": "x"},
    ],
)
def test_a_made_up_cookie_gets_the_shared_cached_page(cookies):
    page, made = counting_page()
    factory = RequestFactory()
    page(factory.get("/page/"))
    factory.cookies.load(cookies)
    for _ in range(3):
        response = page(factory.get("/page/"))
        assert response["Cache-Control"].startswith("public")
    assert made == ["GET"]


def test_a_response_with_a_cookie_is_never_stored():
    page, made = counting_page(
        respond=lambda request, response: response.set_cookie("seen", "1")
    )
    factory = RequestFactory()
    page(factory.get("/page/"))
    page(factory.get("/page/"))
    assert made == ["GET", "GET"]


def test_a_policy_with_a_nonce_is_never_stored():
    def with_nonce(request, response):
        response["Content-Security-Policy"] = "script-src 'nonce-abc123'"

    page, made = counting_page(respond=with_nonce)
    factory = RequestFactory()
    page(factory.get("/page/"))
    page(factory.get("/page/"))
    assert made == ["GET", "GET"]


def test_a_page_the_view_did_not_mark_is_never_stored():
    made = []

    def view(request):
        made.append(1)
        return HttpResponse("<p>not a public page</p>")

    page = caching.PageCacheMiddleware(view)
    factory = RequestFactory()
    page(factory.get("/healthz"))
    page(factory.get("/healthz"))
    assert made == [1, 1]


def test_our_404_page_is_never_stored(client, django_assert_max_num_queries):
    client.get("/news/no-such-story/")
    with django_assert_max_num_queries(10) as queries:
        assert client.get("/news/no-such-story/").status_code == 404
    assert len(queries) > 0  # looked up again


def test_a_change_while_a_page_is_made_retires_that_page():
    # An editor's save lands while a reader's page is being made from the old data:
    # that page is stored under the generation it began with, which the save has
    # already replaced, so the next reader gets a page made after the save.
    def concurrent_save(request, response):
        if not concurrent_save.done:
            concurrent_save.done = True
            caching.note_change()

    concurrent_save.done = False
    page, made = counting_page(respond=concurrent_save)
    factory = RequestFactory()
    page(factory.get("/page/"))
    page(factory.get("/page/"))
    page(factory.get("/page/"))
    assert made == ["GET", "GET"]


def test_caching_switched_off_makes_every_page(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    page, made = counting_page()
    factory = RequestFactory()
    for _ in range(2):
        response = page(factory.get("/page/"))
        assert response["ETag"] and response["Cache-Control"] == "public, max-age=0"
    assert made == ["GET", "GET"]


def test_a_capped_page_is_kept_no_longer_than_its_cap(monkeypatch):
    page, made = counting_page(time_dependent=True, max_ttl=300)
    factory = RequestFactory()
    start = caching.timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(caching.timezone, "now", lambda: clock["now"])
    page(factory.get("/page/"))
    clock["now"] = start + timedelta(seconds=290)
    assert page(factory.get("/page/"))["Cache-Control"] == "public, max-age=10"
    assert made == ["GET"]
    clock["now"] = start + timedelta(seconds=301)
    page(factory.get("/page/"))
    assert made == ["GET", "GET"]
