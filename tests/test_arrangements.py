"""Arranged home and section pages: the editors' lead and top stories on top, the
newest after them, each story once; hidden stories skipped at once."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import caching, services
from articles.models import Arrangement, ArrangementSlot, Article, AuditEntry

from . import factories
from .html import headlines, page, parse, text

pytestmark = pytest.mark.django_db


def arrange(stories, *, section=None, goes_live_at=None) -> Arrangement:
    arrangement = Arrangement.objects.create(
        section=section,
        goes_live_at=goes_live_at or timezone.now() - timedelta(minutes=1),
    )
    for position, story in enumerate(stories):
        ArrangementSlot.objects.create(
            arrangement=arrangement, article=story, position=position
        )
    return arrangement


def lead_and_top(doc) -> tuple[list[str], list[str]]:
    lead = doc.find(".//ol[@class='story-list lead-story']")
    top = doc.find(".//ol[@class='story-list top-stories']")
    return (
        headlines(lead) if lead is not None else [],
        headlines(top) if top is not None else [],
    )


@pytest.fixture
def five():
    """Five published stories, "Story 0" the newest."""
    return [factories.article(n, headline=f"Story {n}") for n in range(5)]


def test_the_home_page_shows_the_lead_then_top_stories_then_the_rest(client, five):
    arrange([five[3], five[1], five[4]])
    doc = page(client, "/")
    assert lead_and_top(doc) == (["Story 3"], ["Story 1", "Story 4"])
    # The rest, newest first, without the arranged ones.
    assert headlines(doc)[3:] == ["Story 0", "Story 2"]


def test_killing_the_lead_lets_the_next_story_take_its_place_at_once(
    client, five, editor
):
    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    arrange([five[3], five[1], five[4]])
    assert lead_and_top(page(client, "/"))[0] == ["Story 3"]  # cached now
    services.article_kill(article=Article.objects.get(pk=five[3].pk), user=editor)
    assert lead_and_top(page(client, "/")) == (["Story 1"], ["Story 4"])


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": factories.NOW + timedelta(days=3650)},
        {"embargo_until": factories.NOW + timedelta(days=3650)},
    ],
    ids=["draft", "scheduled", "embargoed"],
)
def test_a_slot_whose_story_is_not_public_is_skipped(client, five, state):
    hidden = factories.article(9, headline="Hidden story", **state)
    arrange([hidden, five[2]])
    doc = page(client, "/")
    assert lead_and_top(doc) == (["Story 2"], [])
    assert "Hidden story" not in client.get("/").content.decode()


def test_a_deleted_story_takes_its_slot_with_it(client, five):
    arrangement = arrange([five[4], five[2]])
    five[4].delete()
    assert arrangement.slots.count() == 1
    assert lead_and_top(page(client, "/")) == (["Story 2"], [])


def test_a_section_page_has_its_own_arrangement(client, five):
    world = factories.section()
    arrange([five[4]], section=world)
    arrange([five[2]])
    assert lead_and_top(page(client, "/sections/world/"))[0] == ["Story 4"]
    assert lead_and_top(page(client, "/"))[0] == ["Story 2"]


def test_the_arrangement_is_only_on_the_first_page(client, five, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    arrange([five[4]])
    second = page(client, "/?page=2")
    assert lead_and_top(second) == ([], [])
    # Page 1: the lead, then 0 and 1; page 2: 2 and 3; never story 4 again.
    assert headlines(second) == ["Story 2", "Story 3"]


def test_a_scheduled_arrangement_goes_live_at_its_time_even_on_cached_pages(
    client, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    start = timezone.now()
    due = start + timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):  # as after a commit
        five = [factories.article(n, headline=f"Story {n}") for n in range(5)]
        arrange([five[1]], goes_live_at=start - timedelta(hours=1))
        arrange([five[4]], goes_live_at=due)
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    assert caching.current_state().next_change == due.timestamp()
    assert lead_and_top(page(client, "/"))[0] == ["Story 1"]
    clock["now"] = due - timedelta(seconds=1)
    assert lead_and_top(page(client, "/"))[0] == ["Story 1"]
    clock["now"] = due + timedelta(seconds=1)
    assert lead_and_top(page(client, "/"))[0] == ["Story 4"]


def test_a_draft_arrangement_is_not_live_but_can_be_previewed(
    client, editor_client, five
):
    arrange([five[1]])
    draft = Arrangement.objects.create()
    ArrangementSlot.objects.create(arrangement=draft, article=five[4], position=0)
    reader = Client()
    assert lead_and_top(page(reader, "/"))[0] == ["Story 1"]
    url = reverse("articles:preview-arrangement", args=[draft.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    doc = parse(response.content.decode())
    assert lead_and_top(doc)[0] == ["Story 4"]
    assert "readers do not see this page" in text(doc.find(".//p[@role='status']"))
    # Readers are sent to sign in; the public page is unchanged.
    assert reader.get(url).status_code == 302
    assert lead_and_top(page(reader, "/"))[0] == ["Story 1"]


def test_two_arrangements_of_one_page_cannot_go_live_at_the_same_moment(
    editor_client, five
):
    when = (timezone.localtime() + timedelta(hours=1)).replace(microsecond=0)
    arrange([five[1]], goes_live_at=when)
    response = editor_client.post(
        reverse("admin:articles_arrangement_add"),
        {
            "section": "",
            "goes_live_at_0": when.strftime("%Y-%m-%d"),
            "goes_live_at_1": when.strftime("%H:%M:%S"),
            "note": "",
            "slots-TOTAL_FORMS": "0",
            "slots-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "goes live at exactly this time" in response.content.decode()
    assert Arrangement.objects.count() == 1


def test_an_editor_arranges_the_home_page_and_the_audit_log_says_so(
    editor_client, five
):
    when = timezone.localtime() - timedelta(minutes=1)
    response = editor_client.post(
        reverse("admin:articles_arrangement_add"),
        {
            "section": "",
            "goes_live_at_0": when.strftime("%Y-%m-%d"),
            "goes_live_at_1": when.strftime("%H:%M:%S"),
            "note": "Morning",
            "slots-TOTAL_FORMS": "2",
            "slots-INITIAL_FORMS": "0",
            "slots-0-position": "2",
            "slots-0-article": five[3].pk,
            "slots-1-position": "1",
            "slots-1-article": five[2].pk,
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.FRONT).count() == 1
    # Lowest position first: the lead is story 2.
    assert lead_and_top(page(Client(), "/")) == (["Story 2"], ["Story 3"])


def test_the_arrangement_screen_says_why_a_slot_is_skipped(editor_client, five):
    killed = factories.article(8, headline="Withdrawn", status=Article.Status.KILLED)
    arrangement = arrange([killed, five[0]])
    response = editor_client.get(
        reverse("admin:articles_arrangement_change", args=[arrangement.pk])
    )
    said = text(parse(response.content.decode()).find(".//main"))
    assert "Skipped on the public page: the story is not public (Killed)." in said
    assert "Shown" in said


def test_an_old_arrangement_is_restored_as_a_new_draft(editor_client, five):
    old = arrange([five[2], five[3]])
    response = editor_client.post(
        reverse("admin:articles_arrangement_changelist"),
        {"action": "copy_as_draft", "_selected_action": [old.pk]},
    )
    assert response.status_code == 302
    copy = Arrangement.objects.exclude(pk=old.pk).get()
    assert copy.goes_live_at is None
    assert list(copy.slots.values_list("article_id", flat=True)) == [
        five[2].pk,
        five[3].pk,
    ]


@pytest.mark.parametrize("count", [2, 20])
def test_the_arranged_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    stories = [
        factories.furnish(factories.article(n, headline=f"Listed {n}"), 1)
        for n in range(count * 2)
    ]
    world = factories.section()
    arrange(stories[:count])
    arrange(stories[1 : count + 1], section=world)
    # The furniture (nav, banner), the slots, arranged stories, page, photos: no
    # count (pages go "older" and "newer").
    with django_assert_num_queries(5):
        doc = page(client, "/")
    assert len(lead_and_top(doc)[1]) == count - 1
    # The furniture and slots from the cache now.
    with django_assert_num_queries(3):
        client.get("/sections/world/")


def test_a_section_page_counts_only_its_own_stories_among_the_arranged(
    client, settings
):
    settings.NEWSROOM_PAGE_SIZE = 1
    world, sport = factories.section(), factories.section("Sport")
    match = factories.article(1, headline="Match report", section=sport)
    first = factories.article(2, headline="World one")
    factories.article(3, headline="World two")
    arrange([match, first], section=world)
    doc = page(client, "/sections/world/")
    assert lead_and_top(doc) == (["Match report"], ["World one"])
    # One world story left for the list: one page, no pagination.
    assert headlines(doc)[2:] == ["World two"]
    assert doc.find(".//nav[@class='pagination']") is None
