"""HTTP done right: validators, 304s, a page cache that never outlives a change,
and our own 404 and 410 pages."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from articles import caching, services
from articles.models import Article, ArticlePhoto
from articles.signals import content_changed

from . import factories
from .conftest import make_user
from .html import parse, text
from .public_urls import SURFACES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_page_cache_bounds(settings):
    """The bounds of a shared (Redis) page cache, whatever cache the run uses."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600


@pytest.mark.parametrize(
    ("cache_url", "bound"), [("locmem://", "10"), ("dummy://", "600")]
)
def test_a_process_local_page_cache_keeps_pages_only_briefly(cache_url, bound):
    # Another worker's change cannot reach one process's memory, so there the
    # default bound is seconds; a shared cache hears every change and keeps longer.
    env = {**os.environ, "DJANGO_CACHE_URL": cache_url}
    env.pop("NEWSROOM_PAGE_CACHE_SECONDS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsroom import settings as s; print(s.NEWSROOM_PAGE_CACHE_SECONDS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == bound


@pytest.fixture
def site(db):
    story = factories.furnish(factories.article(1), 1)
    story.tags.add("common")
    return story


@pytest.mark.parametrize("surface", SURFACES, ids=str)
def test_every_public_page_has_validators_and_answers_a_conditional_get(
    client, site, surface
):
    person = site.person_roles.get().person.slug
    url = surface.url(story=site, tag="common", person=person, word="story")
    first = client.get(url)
    assert first.status_code == 200, url
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"].endswith("GMT")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    stale = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200 and stale.content == first.content


def test_a_cached_page_costs_no_query(client, site, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert site.headline in response.content.decode()


def test_publishing_editing_and_killing_show_on_cached_pages_at_once(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    factories.article(1, headline="Already out").tags.add("common")
    draft = factories.article(2, headline="Breaking news", status=Article.Status.DRAFT)
    draft.tags.add("common")
    pages = [
        "/",
        "/tags/common/",
        "/feeds/news.rss",
        "/sitemap-news.xml",
        "/search/?q=news",
    ]
    for url in pages:
        assert "Breaking news" not in client.get(url).content.decode()  # now cached

    services.article_publish(article=draft, user=editor)
    for url in pages:
        assert "Breaking news" in client.get(url).content.decode(), url

    draft.headline = "Breaking: updated"
    draft.save()
    for url in pages[:-1]:  # the search page is for "news"
        assert "Breaking: updated" in client.get(url).content.decode(), url

    story_url = draft.get_absolute_url()
    assert client.get(story_url).status_code == 200  # the story's page is cached too
    services.article_kill(article=draft, user=editor, notice="Withdrawn.")
    for url in pages:
        assert "Breaking" not in client.get(url).content.decode(), url
    killed = client.get(story_url)
    assert killed.status_code == 410
    assert "Withdrawn." in killed.content.decode()


def test_the_content_changed_signal_retires_pages_even_without_a_save(client):
    story = factories.article(1, headline="Original headline")
    assert "Original headline" in client.get("/").content.decode()
    # A workflow service may write with a queryset update and then announce it.
    Article.objects.filter(pk=story.pk).update(headline="Corrected headline")
    assert "Original headline" in client.get("/").content.decode()  # still cached
    story.refresh_from_db()
    content_changed.send(sender=Article, article=story)
    assert "Corrected headline" in client.get("/").content.decode()
    assert "Corrected headline" in client.get("/search/?q=corrected").content.decode()


def test_a_new_photo_credit_shows_on_the_cached_list(client):
    story = factories.article(1)
    photo = factories.photo(1)
    ArticlePhoto.objects.create(article=story, photo=photo)
    assert "© Photographer 1/TASS" in client.get("/").content.decode()
    photo.credit = "Anna Petrova/TASS"
    photo.save()
    assert "© Anna Petrova/TASS" in client.get("/").content.decode()


def test_a_scheduled_story_appears_on_cached_pages_at_its_time(
    client,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    start = timezone.now()
    due = start + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):  # as after a real commit
        factories.article(
            1, headline="Already out", published_at=start - timedelta(hours=1)
        )
        factories.article(2, headline="Scheduled story", published_at=due)
        factories.article(
            3,
            headline="Embargoed story",
            published_at=start - timedelta(hours=1),
            embargo_until=due + timedelta(minutes=5),
        )
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    state = caching.current_state()
    assert state.next_change == due.timestamp()
    assert state.ttl(start.timestamp()) == 600  # capped at the scheduled time
    first = client.get("/")
    assert "Scheduled story" not in first.content.decode()
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Last-Modified"] == http_date(state.changed_at)
    clock["now"] = due - timedelta(seconds=30)
    with django_assert_num_queries(0):
        # No countdown to the second it goes out: clients revalidate instead.
        assert client.get("/")["Cache-Control"] == "public, max-age=0"

    clock["now"] = due + timedelta(seconds=1)
    page = client.get("/").content.decode()
    assert "Scheduled story" in page and "Embargoed story" not in page
    clock["now"] = due + timedelta(minutes=5, seconds=1)
    assert "Embargoed story" in client.get("/").content.decode()


def test_an_editor_with_a_session_always_gets_a_fresh_page(client, editor):
    story = factories.article(1, headline="Shared copy")
    client.get("/")
    Article.objects.filter(pk=story.pk).update(headline="Fresh copy")  # no signal
    client.force_login(editor)
    client.get("/admin/")  # the desk marks an editor's browser
    response = client.get("/")
    assert "Fresh copy" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_our_own_404_page(client):
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    doc = parse(response.content.decode())
    assert text(doc.find(".//h1")) == "We can’t find that page"
    assert doc.find(".//form[@role='search']") is not None
    assert "Cache-Control" not in response  # never cached as a public page


@pytest.mark.django_db
def test_a_killed_story_answers_our_own_410_page(client):
    story = factories.article(1, headline="Withdrawn story")
    editor = make_user("editor", "Editors")
    services.article_kill(article=story, user=editor, notice="Legal reasons.")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    doc = parse(response.content.decode())
    assert text(doc.find(".//h1")) == "This story has been withdrawn"
    assert "Legal reasons." in text(doc.find(".//main"))
    assert "Withdrawn story" not in response.content.decode()


def test_a_transaction_reads_the_schedule_once_after_it_commits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(5):
            factories.article(n).tags.add("common")
    with CaptureQueriesContext(connection) as after_commit:
        for callback in callbacks:
            callback()
    assert len(callbacks) >= 10 and len(after_commit) == 0  # cache deletes only
    with CaptureQueriesContext(connection) as first_page:
        client.get("/")
    with CaptureQueriesContext(connection) as next_page:
        client.get("/tags/common/")
    # Ten changed rows, one read of the schedule (by the first page after them).
    schedule = [q for q in first_page if "UNION ALL" in q["sql"]]
    assert len(schedule) >= 1
    assert not any(q["sql"] == schedule[0]["sql"] for q in next_page)


def test_a_rolled_back_change_still_retires_pages_at_the_commit(
    client, django_capture_on_commit_callbacks
):
    client.get("/")  # cached
    with django_capture_on_commit_callbacks() as callbacks:
        factories.article(1, headline="Committed story")
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.article(2)
            Article.objects.create(
                headline="Same slug",
                slug=Article.objects.get(pk=factories.article(3).pk).slug,
            )
    assert callbacks  # the rolled-back block's are dropped, the rest run
    before = caching.current_state().generation
    for callback in callbacks:
        callback()
    assert caching.current_state().generation != before
    assert "Committed story" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("page_cache_seconds", "sent", "readme_says"),
    [
        (10, "public, max-age=10", "`max-age=10` in the default set-up"),
        (600, "public, max-age=60", "`max-age=60` with Redis (600)"),
    ],
)
def test_the_readme_states_the_max_age_a_reader_gets(
    client, settings, site, page_cache_seconds, sent, readme_says
):
    # The default set-up (no Redis) keeps pages 10 seconds, and a browser is never
    # told to keep a page longer than the app itself would.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = page_cache_seconds
    settings.NEWSROOM_HTTP_MAX_AGE = 60
    assert client.get("/")["Cache-Control"] == sent
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert readme_says in " ".join(readme.split())
