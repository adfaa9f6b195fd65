"""Nobody outside the desk switches the page cache off or fills it.

A made-up cookie gets the same cached page as every reader; only a signed-in
editor's browser, marked at sign-in with a signed cookie, gets fresh pages. Query
parameters a page does not read share its cached copy.
"""

import pytest
from django.test import Client

from articles import caching
from articles.models import Article

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600


def test_a_made_up_session_cookie_gets_the_cached_page(client):
    story = factories.article(1, headline="Shared copy")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="Changed quietly")
    hostile = Client(headers={"Cookie": "sessionid=x; newsroom_editor=1"})
    response = hostile.get(story.get_absolute_url())
    assert "Shared copy" in response.content.decode()
    assert response["Cache-Control"].startswith("public")


def test_signing_in_marks_the_browser_and_signing_out_unmarks_it(client, editor):
    editor.set_password("a long editor password")
    editor.save()
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": "a long editor password"},
    )
    assert response.status_code == 302
    mark = response.cookies[caching.EDITOR_COOKIE]
    assert mark["httponly"] and mark.value != "1"  # signed, not guessable
    story = factories.article(1, headline="Shared copy")
    client.get(story.get_absolute_url())
    response = client.post("/admin/logout/")
    assert response.cookies[caching.EDITOR_COOKIE].value == ""


def test_a_readers_page_never_reads_the_session(client):
    story = factories.article(1)
    response = client.get(story.get_absolute_url())
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_unread_query_parameters_share_one_cached_page(
    client, long_cache, django_assert_num_queries
):
    story = factories.article(1)
    client.get(story.get_absolute_url())
    # Served from the one cached copy: no query, and no new entry was made.
    with django_assert_num_queries(0):
        for number in range(20):
            page = client.get(f"{story.get_absolute_url()}?q={number}&utm={number}")
            assert page.status_code == 200


def test_a_list_page_keeps_its_pages_apart(client, long_cache, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for number in range(5):
        factories.article(number, headline=f"Listed story {number}")
    first = client.get("/?junk=1").content.decode()
    second = client.get("/?page=2&junk=2").content.decode()
    assert "Listed story 0" in first and "Listed story 0" not in second
    # The next-page link carries the page number, not a reader's made-up parameter.
    assert "junk" not in first and "junk" not in second


def test_search_pages_are_kept_briefly(client, long_cache, settings):
    settings.NEWSROOM_SEARCH_CACHE_SECONDS = 60
    factories.article(1, headline="Harbour bridge reopens")
    response = client.get("/search/?q=harbour")
    assert response.status_code == 200
    assert int(response["Cache-Control"].split("max-age=")[1]) <= 60
