"""Arranged home and section pages: the editors' lead and top stories on top, the
newest after them, each story once; hidden stories skipped at once."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import caching, services
from articles.models import (
    Arrangement,
    ArrangementSlot,
    ArrangementVersion,
    Article,
    AuditEntry,
)

from . import factories
from .conftest import make_user
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


# -- bad input: each gets a clear message or a safe outcome, never a 500 -----------

PINNED = factories.NOW + timedelta(days=1)


def arrangement_form(when=None, *, slots=(), initial=0, section="") -> dict:
    """The arrangement form as the browser posts it; ``slots`` are (slot pk or
    "", story pk, position)."""
    data = {
        "section": section,
        "goes_live_at_0": when.strftime("%Y-%m-%d") if when else "",
        "goes_live_at_1": when.strftime("%H:%M:%S") if when else "",
        "note": "",
        "slots-TOTAL_FORMS": str(len(slots)),
        "slots-INITIAL_FORMS": str(initial),
    }
    for row, (slot, story, position) in enumerate(slots):
        data[f"slots-{row}-id"] = slot
        data[f"slots-{row}-article"] = story
        data[f"slots-{row}-position"] = position
    return data


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(PINNED, tick=False)
    return PINNED


def test_a_slot_for_a_story_deleted_meanwhile_is_refused_with_a_message(
    pinned, editor_client, five
):
    gone = five[4].pk
    five[4].delete()  # after the editor picked it, before the save
    response = editor_client.post(
        reverse("admin:articles_arrangement_add"),
        arrangement_form(slots=[("", gone, 0), ("", five[1].pk, 1)]),
    )
    assert response.status_code == 200
    errors = text(parse(response.content.decode()).find(".//main"))
    assert "Select a valid choice" in errors
    assert not Arrangement.objects.exists()


def test_saving_an_arrangement_whose_slot_was_removed_meanwhile_says_so(
    pinned, editor_client, five
):
    arrangement = arrange([five[3], five[1]], goes_live_at=pinned - timedelta(hours=1))
    first, second = arrangement.slots.order_by("position")
    url = reverse("admin:articles_arrangement_change", args=[arrangement.pk])
    form = arrangement_form(
        timezone.localtime(arrangement.goes_live_at),
        slots=[(first.pk, five[3].pk, 1), (second.pk, five[1].pk, 0)],
        initial=2,
    )
    # The lead story is deleted while the editor reorders: its slot goes with it.
    five[3].delete()
    response = editor_client.post(url, form)
    assert response.status_code == 200
    assert "Someone else removed a row" in response.content.decode()
    assert list(arrangement.slots.values_list("article_id", "position")) == [
        (five[1].pk, 1)
    ]
    # The public page never showed the deleted story, and does not now.
    assert lead_and_top(page(Client(), "/")) == (["Story 1"], [])


def test_the_same_story_twice_in_one_arrangement_is_refused(
    pinned, editor_client, five
):
    response = editor_client.post(
        reverse("admin:articles_arrangement_add"),
        arrangement_form(slots=[("", five[2].pk, 0), ("", five[2].pk, 1)]),
    )
    assert response.status_code == 200
    said = text(parse(response.content.decode()).find(".//main"))
    assert "A story can fill only one slot: remove its second slot." in said
    assert not Arrangement.objects.exists()


def test_moving_an_arrangement_onto_another_ones_time_is_refused(
    pinned, editor_client, five
):
    when = pinned + timedelta(hours=2)
    arrange([five[1]], goes_live_at=when)
    other = arrange([five[2]], goes_live_at=when + timedelta(minutes=5))
    response = editor_client.post(
        reverse("admin:articles_arrangement_change", args=[other.pk]),
        arrangement_form(timezone.localtime(when), slots=[], initial=0),
    )
    assert response.status_code == 200
    assert "goes live at exactly this time" in response.content.decode()
    other.refresh_from_db()
    assert other.goes_live_at == when + timedelta(minutes=5)


def test_two_arrangements_live_at_the_same_moment_show_the_one_saved_last(
    pinned, client, five
):
    # Two editors saving at the same instant both pass the form's check: the
    # page still has one arrangement, the later saved, and every page answers.
    when = pinned - timedelta(minutes=5)
    arrange([five[1]], goes_live_at=when)
    arrange([five[2], five[3]], goes_live_at=when)
    assert lead_and_top(page(client, "/")) == (["Story 2"], ["Story 3"])


def test_a_reader_or_a_desk_member_without_preview_rights_cannot_preview(
    pinned, client, five
):
    hidden = factories.article(9, headline="Draft lead", status=Article.Status.DRAFT)
    draft = Arrangement.objects.create()
    ArrangementSlot.objects.create(arrangement=draft, article=hidden, position=0)
    url = reverse("articles:preview-arrangement", args=[draft.pk])
    assert client.get(url).status_code == 302
    client.force_login(make_user("outsider", None))
    response = client.get(url)
    assert response.status_code == 403
    assert "Draft lead" not in response.content.decode()


def test_a_draft_story_in_a_preview_is_skipped_as_on_the_public_page(
    pinned, editor_client, five
):
    hidden = factories.article(9, headline="Draft lead", status=Article.Status.DRAFT)
    draft = Arrangement.objects.create()
    for position, story in enumerate([hidden, five[2]]):
        ArrangementSlot.objects.create(
            arrangement=draft, article=story, position=position
        )
    url = reverse("articles:preview-arrangement", args=[draft.pk])
    response = editor_client.get(url)
    assert lead_and_top(parse(response.content.decode())) == (["Story 2"], [])
    assert "Draft lead" not in response.content.decode()
    assert (
        editor_client.get(
            reverse("articles:preview-arrangement", args=[draft.pk + 99])
        ).status_code
        == 404
    )


def test_a_change_to_the_live_arrangement_shows_on_the_next_request(
    pinned, client, five, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600
    arrangement = arrange([five[3], five[1]])
    assert lead_and_top(page(client, "/")) == (["Story 3"], ["Story 1"])  # cached
    for story, position in ((five[1], 0), (five[3], 1)):  # as the admin saves rows
        slot = arrangement.slots.get(article=story)
        slot.position = position
        slot.save()
    assert lead_and_top(page(client, "/")) == (["Story 1"], ["Story 3"])


# -- history: every save kept, any earlier order restored as a new draft -----------


def test_an_order_changed_in_place_is_restored_from_the_arrangement_history(
    pinned, editor_client, five
):
    when = timezone.localtime(pinned - timedelta(hours=1))
    add = editor_client.post(
        reverse("admin:articles_arrangement_add"),
        arrangement_form(when, slots=[("", five[1].pk, 0), ("", five[2].pk, 1)]),
    )
    assert add.status_code == 302
    live = Arrangement.objects.get()
    first, second = live.slots.order_by("position")
    # Changed in place: story 2 now leads, story 3 joins.
    change_url = reverse("admin:articles_arrangement_change", args=[live.pk])
    changed = editor_client.post(
        change_url,
        arrangement_form(
            when,
            slots=[
                (first.pk, five[1].pk, 1),
                (second.pk, five[2].pk, 0),
                ("", five[3].pk, 2),
            ],
            initial=2,
        ),
    )
    assert changed.status_code == 302
    assert lead_and_top(page(Client(), "/")) == (["Story 2"], ["Story 1", "Story 3"])
    details = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.FRONT)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details[0].endswith("Order: lead: Story 1; 1: Story 2.")
    assert details[1].endswith("Order: lead: Story 2; 1: Story 1; 2: Story 3.")

    # The change form lists both orders; the first one is restored.
    said = text(parse(editor_client.get(change_url).content.decode()).find(".//main"))
    assert "lead: Story 1; 1: Story 2 — restore as a new draft" in said
    oldest = live.versions.order_by("pk").first()
    restore = reverse("admin:articles_arrangement_restore", args=[live.pk, oldest.pk])
    confirm = editor_client.get(restore)
    assert confirm.status_code == 200
    assert "Lead: Story 1" in text(parse(confirm.content.decode()).find(".//main"))
    five[2].delete()  # deleted since: left out of the draft, with a word
    done = editor_client.post(restore, follow=True)
    assert "Left out: 1 of its stories, deleted since." in done.content.decode()
    draft = Arrangement.objects.exclude(pk=live.pk).get()
    assert draft.goes_live_at is None
    assert list(draft.slots.values_list("article_id", flat=True)) == [five[1].pk]
    # The live page is unchanged until the draft is given a time.
    assert lead_and_top(page(Client(), "/")) == (["Story 1"], ["Story 3"])
    assert AuditEntry.objects.filter(detail__startswith="Restored from").exists()


def test_restoring_is_for_editors_only_and_a_wrong_version_is_not_found(
    pinned, client, editor_client, five
):
    one = arrange([five[1]])
    other = arrange([five[2]], goes_live_at=pinned - timedelta(hours=3))
    version = ArrangementVersion.objects.create(arrangement=one, story_ids=[five[1].pk])
    url = reverse("admin:articles_arrangement_restore", args=[one.pk, version.pk])
    assert Client().post(url).status_code == 302  # to the sign-in page
    reporter = Client()
    reporter.force_login(make_user("reporter", "Reporters"))
    assert reporter.post(url).status_code == 403
    wrong = reverse("admin:articles_arrangement_restore", args=[other.pk, version.pk])
    assert editor_client.post(wrong).status_code == 404
    assert Arrangement.objects.count() == 2
