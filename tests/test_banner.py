"""The breaking-news banner: on every public page while it runs, gone on time even
from cached pages, never pointing readers at a story they may not see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import caching, services
from articles.models import Article, AuditEntry, Banner

from . import factories
from .html import page, parse, text

pytestmark = pytest.mark.django_db


def banner_of(client, url) -> tuple[str, str] | None:
    """The banner's text and link as a reader sees them (None without one)."""
    region = page(client, url).find(".//div[@class='breaking']")
    if region is None:
        return None
    link = region.find(".//a")
    return text(link), link.get("href")


def make_banner(story, *, text="Earthquake hits the north", start=None, end=None):
    now = timezone.now()
    return Banner.objects.create(
        text=text,
        article=story,
        starts_at=start or now - timedelta(minutes=5),
        expires_at=end or now + timedelta(hours=1),
    )


def test_a_running_banner_links_to_its_story_on_every_public_page(client):
    story = factories.article(1, headline="Quake story")
    make_banner(story)
    for url in ("/", story.get_absolute_url(), "/sections/world/", "/archive/"):
        assert banner_of(client, url) == (
            "Earthquake hits the north",
            story.get_absolute_url(),
        ), url


def test_the_banner_text_is_escaped(client):
    make_banner(factories.article(1), text='<script>alert("x")</script>')
    html = client.get("/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


PINNED = factories.NOW + timedelta(days=1)


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(PINNED, tick=False)
    return PINNED


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": PINNED + timedelta(days=1)},
        {"embargo_until": PINNED + timedelta(days=1)},
        {"status": Article.Status.KILLED},
    ],
    ids=["draft", "scheduled", "embargoed", "killed"],
)
def test_a_banner_for_a_story_readers_cannot_see_is_not_shown(client, pinned, state):
    factories.article(2, headline="Something public")
    hidden = factories.article(1, headline="Hidden quake story", slug="hidden", **state)
    make_banner(hidden)
    html = client.get("/").content.decode()
    assert "Earthquake hits the north" not in html
    assert "/news/hidden/" not in html


def test_killing_the_story_takes_the_banner_off_cached_pages_at_once(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    story = factories.article(1)
    make_banner(story)
    assert banner_of(client, "/") is not None  # now cached
    services.article_kill(article=Article.objects.get(pk=story.pk), user=editor)
    assert banner_of(client, "/") is None


def test_the_banner_comes_and_goes_on_time_even_from_cached_pages(
    client,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    start = timezone.now()
    shows, ends = start + timedelta(minutes=10), start + timedelta(minutes=40)
    with django_capture_on_commit_callbacks(execute=True):  # as after a real commit
        story = factories.article(1, published_at=start - timedelta(hours=1))
        make_banner(story, start=shows, end=ends)
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    state = caching.current_state()
    assert state.next_change == shows.timestamp()  # the banner is in the schedule
    assert banner_of(client, "/") is None
    with django_assert_num_queries(0):  # served from the cache until then
        client.get("/")
    clock["now"] = shows + timedelta(seconds=1)
    assert banner_of(client, "/") is not None
    clock["now"] = ends - timedelta(seconds=1)
    with django_assert_num_queries(0):
        assert banner_of(client, "/") is not None
    clock["now"] = ends + timedelta(seconds=1)
    assert banner_of(client, "/") is None


def test_a_changed_banner_shows_on_cached_pages_at_once(client):
    banner = make_banner(factories.article(1))
    assert banner_of(client, "/")[0] == "Earthquake hits the north"
    banner.text = "Aftershocks reported"
    banner.save()
    assert banner_of(client, "/")[0] == "Aftershocks reported"
    banner.delete()
    assert banner_of(client, "/") is None


def test_the_newest_running_banner_is_the_one_shown(client):
    story = factories.article(1)
    now = timezone.now()
    make_banner(story, text="Older line", start=now - timedelta(hours=2))
    make_banner(story, text="Newer line", start=now - timedelta(minutes=1))
    assert banner_of(client, "/")[0] == "Newer line"


def add_form(story, **fields):
    now = timezone.localtime()
    data = {
        "text": "Floods in the south",
        "article": story.pk,
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "expires_at_0": (now + timedelta(hours=2)).strftime("%Y-%m-%d"),
        "expires_at_1": (now + timedelta(hours=2)).strftime("%H:%M:%S"),
    }
    data.update(fields)
    return data


def test_an_editor_sets_a_banner_and_the_audit_log_says_who(editor_client, editor):
    story = factories.article(1)
    response = editor_client.post(reverse("admin:articles_banner_add"), add_form(story))
    assert response.status_code == 302
    banner = Banner.objects.get()
    assert banner.created_by == editor
    entry = AuditEntry.objects.get(action=AuditEntry.Action.FRONT)
    assert (entry.username, entry.subject) == (
        "editor",
        "breaking news banner Floods in the south",
    )
    assert banner_of(Client(), "/")[0] == "Floods in the south"


def test_an_expiry_in_the_past_is_refused_with_a_clear_message(editor_client):
    story = factories.article(1)
    past = timezone.localtime() - timedelta(hours=1)
    response = editor_client.post(
        reverse("admin:articles_banner_add"),
        add_form(
            story,
            starts_at_1=(past - timedelta(hours=1)).strftime("%H:%M:%S"),
            starts_at_0=(past - timedelta(hours=1)).strftime("%Y-%m-%d"),
            expires_at_0=past.strftime("%Y-%m-%d"),
            expires_at_1=past.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    errors = text(parse(response.content.decode()).find(".//ul[@class='errorlist']"))
    assert "has passed: the banner would never show" in errors
    assert not Banner.objects.exists()


def test_an_expiry_before_the_start_is_refused(editor_client):
    story = factories.article(1)
    later = timezone.localtime() + timedelta(days=1)
    response = editor_client.post(
        reverse("admin:articles_banner_add"),
        add_form(
            story,
            starts_at_0=later.strftime("%Y-%m-%d"),
            starts_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    assert "must expire after it starts" in response.content.decode()
    assert not Banner.objects.exists()


def test_a_banner_for_a_draft_is_saved_with_a_warning(editor_client):
    draft = factories.article(1, status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(
        reverse("admin:articles_banner_add"), add_form(draft), follow=True
    )
    assert "readers will not see the banner until it is published" in (
        response.content.decode()
    )
    assert Banner.objects.count() == 1
    assert banner_of(Client(), "/") is None


def test_ending_a_banner_now_takes_it_off_the_pages(editor_client):
    banner = make_banner(factories.article(1))
    reader = Client()
    assert banner_of(reader, "/") is not None
    response = editor_client.post(
        reverse("admin:articles_banner_changelist"),
        {"action": "end_now", "_selected_action": [banner.pk]},
    )
    assert response.status_code == 302
    assert banner_of(reader, "/") is None
    assert AuditEntry.objects.filter(detail="Ended now.").count() == 1


def test_a_banner_for_a_scheduled_story_shows_when_the_story_does(
    client, pinned, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # as after a real commit
        story = factories.article(
            1, headline="Quake story", published_at=pinned + timedelta(minutes=30)
        )
        make_banner(story)
    assert banner_of(client, "/") is None
    assert "Quake story" not in client.get("/").content.decode()
    time_machine.move_to(pinned + timedelta(minutes=31), tick=False)
    assert banner_of(client, "/") == (
        "Earthquake hits the north",
        story.get_absolute_url(),
    )


def test_a_banner_for_a_story_deleted_meanwhile_is_refused_with_a_message(
    pinned, editor_client
):
    story = factories.article(1)
    form = add_form(story)
    story.delete()
    response = editor_client.post(reverse("admin:articles_banner_add"), form)
    assert response.status_code == 200
    said = text(parse(response.content.decode()).find(".//main"))
    assert "Select a valid choice" in said
    assert not Banner.objects.exists()


def test_changing_a_running_banners_expiry_to_the_past_ends_it(pinned, editor_client):
    banner = make_banner(factories.article(1))
    reader = Client()
    assert banner_of(reader, "/") is not None
    past = timezone.localtime() - timedelta(minutes=1)
    start = timezone.localtime(banner.starts_at)
    response = editor_client.post(
        reverse("admin:articles_banner_change", args=[banner.pk]),
        add_form(
            banner.article,
            text=banner.text,
            starts_at_0=start.strftime("%Y-%m-%d"),
            starts_at_1=start.strftime("%H:%M:%S"),
            expires_at_0=past.strftime("%Y-%m-%d"),
            expires_at_1=past.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    assert banner_of(reader, "/") is None


def test_an_unreadable_expiry_is_refused_with_a_message(pinned, editor_client):
    response = editor_client.post(
        reverse("admin:articles_banner_add"),
        add_form(factories.article(1), expires_at_0="tomorrow", expires_at_1="noon"),
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert not Banner.objects.exists()
