"""The workflow in the admin, per role: buttons, stale forms, list actions,
history with diffs, restore, kill and the audit log."""

import threading
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.admin.stories import ArticleAdminForm
from articles.models import Agency, Article, ArticleRevision, AuditEntry, Person

from . import factories, photo_files
from .conftest import make_user
from .formdata import form_data, pressed
from .html import parse
from .threads import run_in_threads

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response.content.decode(), "article_form")


def buttons(html: str) -> set[str]:
    names = ("_submit", "_publish", "_unpublish", "_correct")
    return {name for name in names if f'name="{name}"' in html}


def messages_on(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def second_editor(db):
    return make_user("alice", "Editors")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "expected", "kill_link"),
    [
        ("Reporters", Status.DRAFT, {"_submit"}, False),
        ("Editors", Status.DRAFT, {"_submit", "_publish"}, False),
        ("Editors", Status.SUBMITTED, {"_publish", "_unpublish"}, False),
        ("Editors", Status.PUBLISHED, {"_correct", "_unpublish"}, True),
    ],
)
def test_each_role_sees_only_the_buttons_it_may_press(
    role, status, expected, kill_link
):
    story = factories.article(1, status=status)
    html = logged_in(make_user("someone", role)).get(change_url(story)).content.decode()
    assert buttons(html) == expected
    assert ("/kill/" in html) is kill_link


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.KILLED])
def test_a_reporter_sees_stories_past_draft_read_only_and_cannot_post(reporter, status):
    story = factories.article(1, status=status)
    client = logged_in(reporter)
    html = client.get(change_url(story)).content.decode()
    assert 'name="headline"' not in html and buttons(html) == set()
    assert "Lock version" not in html
    response = client.post(change_url(story), {"headline": "Changed", "_save": "1"})
    assert response.status_code == 403
    assert Article.objects.get().headline == "Story number 1"


@pytest.mark.django_db
def test_a_photo_editor_cannot_change_or_add_stories(db):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(make_user("photos", "Photo editors"))
    assert 'name="headline"' not in client.get(change_url(story)).content.decode()
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


@pytest.mark.django_db
def test_a_reporter_submits_a_draft_from_the_form(reporter):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(reporter)
    data = open_form(client, story)
    data["dek"] = "Reporter's standfirst"
    data["_submit"] = "Save and submit"
    response = client.post(pressed(change_url(story), "_submit"), data, follow=True)
    assert "was submitted" in messages_on(response)
    stored = Article.objects.get()
    assert (stored.status, stored.dek) == (Status.SUBMITTED, "Reporter's standfirst")


@pytest.mark.django_db
def test_the_second_editor_is_refused_told_what_changed_and_keeps_their_input(
    editor, second_editor
):
    story = factories.article(1, status=Status.DRAFT)
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)

    their_form["headline"] = "Alice's headline"
    their_form["dek"] = "Alice's standfirst"
    assert theirs.post(change_url(story), their_form).status_code == 302

    my_form["dek"] = "My standfirst, typed with care"
    response = mine.post(change_url(story), my_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "changed after you opened it" in html
    assert "alice at" in html and "headline, standfirst" in html
    assert "My standfirst, typed with care" in html  # nothing typed is lost
    assert "now on file: “Alice's standfirst”" in unescape(html)
    stored = Article.objects.get()
    assert (stored.headline, stored.dek) == ("Alice's headline", "Alice's standfirst")

    # Saving again is a deliberate choice with both on screen: her headline, which
    # I did not touch, was taken into my form and survives; my standfirst wins.
    again = form_data(html, "article_form")
    assert again["headline"] == "Alice's headline"
    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert (stored.headline, stored.dek) == (
        "Alice's headline",
        "My standfirst, typed with care",
    )


@pytest.mark.django_db
def test_a_stale_publish_button_is_refused_too(editor, second_editor):
    story = factories.article(1, status=Status.DRAFT)
    stale = open_form(logged_in(editor), story)
    fresh = open_form(logged_in(second_editor), story)
    fresh["body"] = "Rewritten."
    logged_in(second_editor).post(change_url(story), fresh)
    stale["_publish"] = "Save and publish"
    response = logged_in(editor).post(pressed(change_url(story), "_publish"), stale)
    assert "changed after you opened it" in response.content.decode()
    assert Article.objects.get().status == Status.DRAFT


@pytest.mark.django_db
def test_an_action_on_a_row_changed_since_the_list_was_shown_is_refused(
    editor, second_editor
):
    # Fresh copy (no dateline day): publishing old copy asks for a date first.
    changed, untouched = (
        factories.article(n, status=Status.DRAFT, dateline_date=None) for n in (1, 2)
    )
    client = logged_in(editor)
    listing = form_data(client.get(CHANGELIST).content.decode(), "changelist-form")
    # Alice edits one of them meanwhile.
    data = open_form(logged_in(second_editor), changed)
    data["body"] = "Alice's new body."
    logged_in(second_editor).post(change_url(changed), data)

    listing.update(
        action="publish_selected",
        _selected_action=[str(changed.pk), str(untouched.pk)],
    )
    listing.pop("_save", None)
    response = client.post(CHANGELIST, listing, follow=True)
    text = messages_on(response)
    assert "Published 1 story" in text
    assert "Not published — “Story number 1”" in text and "alice at" in text
    assert Article.objects.get(pk=changed.pk).status == Status.DRAFT
    assert Article.objects.get(pk=untouched.pk).status == Status.PUBLISHED


def run_action(client, action: str, stories) -> tuple[str, str]:
    """Tick ``stories`` in the story list, pick ``action`` and press Go, as an editor
    does; returns the list page as shown and the messages after the redirect."""
    listing_html = client.get(CHANGELIST).content.decode()
    listing = form_data(listing_html, "changelist-form")
    listing.pop("_save", None)
    listing.update(
        action=action, index="0", _selected_action=[str(s.pk) for s in stories]
    )
    response = client.post(CHANGELIST, listing, follow=True)
    assert response.status_code == 200
    return listing_html, messages_on(response)


def statuses(*stories) -> list[str]:
    return [Article.objects.get(pk=s.pk).status for s in stories]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "reason"),
    [
        ("Editors", "Only a draft can be submitted; this story is published."),
        ("Reporters", "only an editor who may publish can change it now."),
    ],
)
def test_drafts_are_submitted_from_the_list_and_other_states_refused_by_name(
    role, reason
):
    drafts = [factories.article(n, status=Status.DRAFT) for n in (1, 2)]
    live = factories.article(3, headline="Already live")
    client = logged_in(make_user("desk", role))
    listing, text = run_action(client, "submit_selected", [*drafts, live])
    assert 'value="submit_selected"' in listing  # offered to both roles
    assert "Submitted 2 stories." in text
    assert "Not submitted — “Already live”: " in text and reason in text
    assert statuses(*drafts, live) == [Status.SUBMITTED] * 2 + [Status.PUBLISHED]
    latest = ArticleRevision.objects.filter(article=drafts[0]).latest("version")
    assert (latest.action, latest.user.username) == ("submitted", "desk")


@pytest.mark.django_db
def test_an_editor_unpublishes_from_the_list_and_the_stories_leave_the_site(
    client, editor
):
    live = factories.article(1, headline="Live story")
    submitted = factories.article(2, status=Status.SUBMITTED)
    draft = factories.article(3, headline="Just a draft", status=Status.DRAFT)
    assert client.get(live.get_absolute_url()).status_code == 200
    _, text = run_action(
        logged_in(editor), "unpublish_selected", [live, submitted, draft]
    )
    assert "Moved back to draft 2 stories." in text
    assert "Not moved back to draft — “Just a draft”: Only a published" in text
    assert statuses(live, submitted, draft) == [Status.DRAFT] * 3
    assert client.get(live.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="unpublish").count() == 2


@pytest.mark.django_db
def test_a_reporter_is_not_offered_unpublish_and_posting_it_changes_nothing(
    reporter,
):
    live = factories.article(1, headline="Live story")
    submitted = factories.article(2, status=Status.SUBMITTED)
    listing, text = run_action(
        logged_in(reporter), "unpublish_selected", [live, submitted]
    )
    assert 'value="submit_selected"' in listing
    assert 'value="unpublish_selected"' not in listing
    assert 'value="publish_selected"' not in listing
    assert "No action selected." in text
    assert statuses(live, submitted) == [Status.PUBLISHED, Status.SUBMITTED]
    assert not AuditEntry.objects.exists()


def time_of(story):
    return Article.objects.get(pk=story.pk).published_at


@pytest.mark.django_db
def test_the_list_shows_times_as_text_and_a_posted_time_changes_nothing(editor):
    # The publication time is changed in the story's form (with its checks and
    # history); the list shows it, in the newsroom's one format, and no more.
    when = datetime(2031, 5, 1, 8, 15, 42, tzinfo=UTC)
    story = factories.article(1, status=Status.DRAFT, published_at=when)
    client = logged_in(editor)
    html = client.get(CHANGELIST).content.decode()
    assert parse(html).find(".//input[@name='form-0-published_at']") is None
    assert "1 May 2031, 08:15 UTC" in html
    listing = form_data(html, "changelist-form")
    listing.update({"form-0-id": str(story.pk), "form-0-published_at": ""})
    listing.update({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1"})
    listing["_save"] = "Save"
    assert client.post(CHANGELIST, listing).status_code == 200
    assert time_of(story) == when
    assert Article.objects.get(pk=story.pk).lock_version == story.lock_version


@pytest.mark.django_db
def test_history_shows_who_changed_what_and_a_readable_diff(editor):
    story = factories.article(1, status=Status.DRAFT, body="The minister said no.")
    client = logged_in(editor)
    data = open_form(client, story)
    data["body"] = "The minister said yes."
    client.post(change_url(story), data)

    history = client.get(
        reverse("admin:articles_article_history", args=[story.pk])
    ).content.decode()
    assert "First recorded state" in history and "Edited" in history
    assert "<td>editor</td>" in history and "<td>body</td>" in history

    diff = client.get(
        reverse("admin:articles_article_revision", args=[story.pk, 1])
    ).content.decode()
    assert "<del>no.</del> <ins>yes.</ins>" in diff
    assert "Restore revision 1" in diff


@pytest.mark.django_db
def test_a_reporter_sees_a_storys_revisions_but_only_an_editor_its_audit_log(
    editor, reporter
):
    story = factories.article(1, status=Status.DRAFT, body="The minister said no.")
    client = logged_in(editor)
    data = open_form(client, story)
    data["body"] = "The minister said yes."
    client.post(change_url(story), data)
    services.article_publish(article=Article.objects.get(), user=editor)
    services.article_kill(
        article=Article.objects.get(), user=editor, notice="Withdrawn: legal advice."
    )
    url = reverse("admin:articles_article_history", args=[story.pk])

    as_reporter = logged_in(reporter).get(url)
    assert as_reporter.status_code == 200
    html = as_reporter.content.decode()
    assert 'id="revision-list"' in html
    assert "<td>Edited</td>" in html and "<td>Killed</td>" in html
    assert "Audit log" not in html and 'id="audit-list"' not in html
    assert "Withdrawn: legal advice." not in html

    html = logged_in(editor).get(url).content.decode()
    assert 'id="revision-list"' in html and "<td>Killed</td>" in html
    assert "Audit log" in html and 'id="audit-list"' in html
    assert "<td>Withdrawn: legal advice.</td>" in html


@pytest.mark.django_db
def test_restore_from_the_admin_adds_a_revision_and_is_audited(editor):
    story = factories.article(1, status=Status.DRAFT, headline="<b>Original</b>")
    client = logged_in(editor)
    data = open_form(client, story)
    data["headline"] = "Rewritten"
    client.post(change_url(story), data)
    page = client.get(reverse("admin:articles_article_revision", args=[story.pk, 1]))
    assert "&lt;b&gt;Original&lt;/b&gt;" in page.content.decode()  # escaped
    restore = form_data(page.content.decode(), "restore-form")
    response = client.post(
        reverse("admin:articles_article_revision", args=[story.pk, 1]),
        restore,
        follow=True,
    )
    assert "Restored revision 1" in messages_on(response)
    assert Article.objects.get().headline == "<b>Original</b>"
    assert ArticleRevision.objects.count() == 3
    assert AuditEntry.objects.get().action == "restore"


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["zz", "", None])
def test_a_restore_without_a_readable_version_is_refused(editor, version):
    story = factories.article(1, status=Status.DRAFT, headline="Original")
    client = logged_in(editor)
    data = open_form(client, story)
    data["headline"] = "Rewritten"
    client.post(change_url(story), data)
    url = reverse("admin:articles_article_revision", args=[story.pk, 1])
    restore = form_data(client.get(url).content.decode(), "restore-form")
    if version is None:
        del restore["lock_version"]
    else:
        restore["lock_version"] = version
    response = client.post(url, restore)
    assert (response.status_code, response["Location"]) == (302, url)
    assert messages_on(client.get(url)) == (
        "Revision 1 was not restored: the form did not say which version of the "
        "story it was made from. Compare it with the story now and restore again."
    )
    assert Article.objects.get().headline == "Rewritten"
    assert ArticleRevision.objects.count() == 2
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_kill_asks_for_confirmation_then_records_who_and_when(editor):
    story = factories.article(1)
    client = logged_in(editor)
    kill_url = reverse("admin:articles_article_kill", args=[story.pk])
    page = client.get(kill_url).content.decode()
    assert "410 Gone" in page
    data = form_data(page, "kill-form")
    data["kill_notice"] = "Withdrawn at the source's request."
    response = client.post(kill_url, data, follow=True)
    assert "was killed" in messages_on(response)
    assert Article.objects.get().status == Status.KILLED
    audit = client.get(reverse("admin:articles_auditentry_changelist"))
    html = audit.content.decode()
    assert "Withdrawn at the source&#x27;s request." in html and "editor" in html


@pytest.mark.django_db
def test_killing_a_draft_is_refused_with_a_message(editor):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(editor)
    page = client.get(reverse("admin:articles_article_kill", args=[story.pk]))
    assert "only a published story can be killed" in page.content.decode()
    response = client.post(
        reverse("admin:articles_article_kill", args=[story.pk]),
        {"kill_notice": "x", "lock_version": str(story.lock_version)},
    )
    assert "Not killed: Only a published story can be killed" in messages_on(response)
    assert Article.objects.get().status == Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "", None, "1.0"])
def test_a_kill_without_a_readable_version_is_refused_and_asked_again(editor, version):
    story = factories.article(1)
    client = logged_in(editor)
    kill_url = reverse("admin:articles_article_kill", args=[story.pk])
    data = form_data(client.get(kill_url).content.decode(), "kill-form")
    data["kill_notice"] = "Withdrawn at the source's request."
    if version is None:
        del data["lock_version"]
    else:
        data["lock_version"] = version
    response = client.post(kill_url, data)
    assert response.status_code == 400
    assert messages_on(response) == (
        "Not killed: the form did not say which version of the story it was made "
        "from. Check the story and kill it again."
    )
    again = form_data(response.content.decode(), "kill-form")
    assert again["lock_version"] == str(story.lock_version)
    assert again["kill_notice"] == "Withdrawn at the source's request."
    assert Article.objects.get().status == Status.PUBLISHED
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_reporter_cannot_open_the_kill_page(reporter):
    story = factories.article(1)
    url = reverse("admin:articles_article_kill", args=[story.pk])
    assert logged_in(reporter).post(url, {"kill_notice": "x"}).status_code == 403
    assert Article.objects.get().status == Status.PUBLISHED


@pytest.mark.django_db
def test_save_and_correct_needs_a_note_and_then_shows_it(editor):
    story = factories.article(1)
    client = logged_in(editor)
    data = open_form(client, story)
    data["body"] = "Corrected first paragraph.\n\nSecond paragraph."
    data["_correct"] = "Save and correct"
    response = client.post(pressed(change_url(story), "_correct"), data)
    assert "Write the correction note" in response.content.decode()
    assert Article.objects.get().corrected_at is None

    data["correction_note"] = "An earlier version gave the wrong date."
    response = client.post(pressed(change_url(story), "_correct"), data, follow=True)
    assert "was corrected" in messages_on(response)
    stored = Article.objects.get()
    assert stored.corrections.get().note == "An earlier version gave the wrong date."
    assert stored.body.startswith("<p>Corrected first paragraph.")
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "update",
        "correct",
    ]


@pytest.mark.django_db
def test_a_past_embargo_in_the_form_is_refused_and_the_input_kept(editor):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(editor)
    data = open_form(client, story)
    data.update(
        embargo_until_0="2020-01-01", embargo_until_1="10:00:00", dek="Kept dek"
    )
    response = client.post(change_url(story), data)
    html = response.content.decode()
    assert "is in the past" in html and "Kept dek" in html
    assert Article.objects.get().embargo_until is None


@pytest.mark.django_db
def test_changelist_spells_out_scheduled_and_embargoed(editor):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(days=2)
    factories.article(1, published_at=later, headline="Tomorrow's story")
    factories.article(2, embargo_until=later, headline="Embargoed story")
    client = logged_in(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "Scheduled for" in html and "Embargoed until" in html
    embargoed = client.get(CHANGELIST, {"publication": "embargoed"}).content.decode()
    assert "Embargoed story" in embargoed and "Tomorrow&#x27;s story" not in embargoed


@pytest.mark.django_db
def test_role_changes_in_the_admin_are_audited(db):
    admin_user = get_user_model().objects.create_superuser(
        "ops", password="a-long-test-password"
    )
    someone = make_user("newbie", "Reporters")
    client = logged_in(admin_user)
    url = reverse("admin:auth_user_change", args=[someone.pk])
    data = form_data(client.get(url).content.decode(), "user_form")
    data["groups"] = [str(Group.objects.get(name="Editors").pk)]
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.subject) == (
        "roles",
        "ops",
        "user newbie",
    )
    assert entry.detail == "added to groups: Editors; removed from groups: Reporters"
    audit = client.get(reverse("admin:articles_auditentry_changelist")).content
    assert b"user newbie" in audit


@pytest.mark.django_db
def test_an_editor_can_read_the_audit_log_but_a_reporter_cannot(editor, reporter):
    url = reverse("admin:articles_auditentry_changelist")
    assert logged_in(editor).get(url).status_code == 200
    assert logged_in(reporter).get(url).status_code == 403


@pytest.mark.django_db
def test_a_reporter_whose_draft_was_published_meanwhile_gets_their_text_back(
    reporter,
):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(reporter)
    data = open_form(client, story)
    services.article_publish(article=story, user=make_user("desk", "Editors"))
    data["body"] = "My late rewrite of the story."
    response = client.post(change_url(story), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "only an editor who may publish can change it now" in html
    assert "desk at" in html and "published" in html
    assert "My late rewrite of the story." in html
    assert Article.objects.get().body != "My late rewrite of the story."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_that_loses_the_race_after_the_form_check_keeps_the_input(
    editor, monkeypatch
):
    """Two editors save the same version at the same moment. Each save's check waits
    (up to a second) for the other's: only possible if neither holds the story's
    row, and then both would pass their checks. One is saved, the other is refused
    with the first's change named and its own input kept."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's BEGIN IMMEDIATE holds the write lock from the form check to "
            "the save: no other save can begin its check in between"
        )
    story = factories.article(1, status=Status.DRAFT)
    alice, me = logged_in(make_user("alice", "Editors")), logged_in(editor)
    alice_form, my_form = open_form(alice, story), open_form(me, story)
    alice_form["headline"] = "Alice's headline"
    my_form["body"] = "My body text."
    both_checked = threading.Barrier(2, timeout=1)
    check = ArticleAdminForm.clean

    def check_then_wait(form):
        cleaned = check(form)
        with suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return cleaned

    monkeypatch.setattr(ArticleAdminForm, "clean", check_then_wait)
    answers = {}
    run_in_threads(
        lambda: answers.update(alice=alice.post(change_url(story), alice_form)),
        lambda: answers.update(me=me.post(change_url(story), my_form)),
    )
    codes = {name: response.status_code for name, response in answers.items()}
    assert sorted(codes.values()) == [200, 302]
    refused = next(name for name, code in codes.items() if code == 200)
    html = answers[refused].content.decode()
    assert "changed after you opened it" in html
    stored = Article.objects.get()
    if refused == "me":
        assert "alice at" in html and "My body text." in html
        assert (stored.headline, stored.body) == ("Alice's headline", story.body)
    else:
        assert "Alice&#x27;s headline" in html or "Alice's headline" in html
        # The body as stored: cleaned, in its paragraph.
        assert (stored.headline, stored.body) == (
            story.headline,
            "<p>My body text.</p>",
        )
    assert stored.lock_version == 2


@pytest.mark.django_db
def test_a_reporter_adds_a_draft_and_it_is_recorded_as_theirs(reporter):
    client = logged_in(reporter)
    add_url = reverse("admin:articles_article_add")
    data = form_data(client.get(add_url).content.decode(), "article_form")
    data.update(headline="Reporter's new story", body="First paragraph.")
    assert client.post(add_url, data).status_code == 302
    story = Article.objects.get()
    assert story.status == Status.DRAFT
    revision = story.revisions.get()
    assert (revision.action, revision.user) == ("created", reporter)
    assert "headline" in revision.changed_fields


@pytest.mark.django_db
def test_a_published_story_cannot_be_deleted_only_killed(editor):
    story = factories.article(1)
    url = reverse("admin:articles_article_delete", args=[story.pk])
    assert logged_in(editor).post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=story.pk).exists()


@pytest.mark.django_db
def test_group_permission_changes_and_user_deletions_are_audited(db):
    ops = get_user_model().objects.create_superuser(
        "ops", password="a-long-test-password"
    )
    client = logged_in(ops)
    reporters = Group.objects.get(name="Reporters")
    url = reverse("admin:auth_group_change", args=[reporters.pk])
    data = form_data(client.get(url).content.decode(), "group_form")
    publish = reporters.permissions.model.objects.get(codename="publish_article")
    data["permissions"] = [*data["permissions"], str(publish.pk)]
    assert client.post(url, data).status_code == 302

    leaver = make_user("leaver", "Editors")
    delete_url = reverse("admin:auth_user_delete", args=[leaver.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302

    entries = list(AuditEntry.objects.order_by("pk").values_list("subject", "detail"))
    assert entries == [
        ("group Reporters", "granted articles.publish_article"),
        ("user leaver", "deleted; had groups: Editors"),
    ]


@pytest.mark.django_db
def test_clearing_a_live_storys_time_is_a_field_error(editor):
    story = factories.article(1, published_at=factories.NOW)
    client = logged_in(editor)
    data = open_form(client, story)
    data["published_at_0"] = data["published_at_1"] = ""
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    assert "A published story keeps its publication time" in response.content.decode()
    assert Article.objects.get().published_at == factories.NOW


@pytest.mark.django_db
def test_saving_a_just_published_story_unchanged_updates_nothing(editor, client):
    story = factories.article(1, status=Status.DRAFT)
    desk = logged_in(editor)
    data = open_form(desk, story)
    data["_publish"] = "Save and publish"
    data["old_copy"] = "now"  # whatever today is, the dateline may be old by then
    assert desk.post(pressed(change_url(story), "_publish"), data).status_code == 302
    story.refresh_from_db()
    revisions = ArticleRevision.objects.count()

    assert desk.post(change_url(story), open_form(desk, story)).status_code == 302
    stored = Article.objects.get()
    assert stored.published_at == story.published_at
    assert stored.revised_at is None
    assert ArticleRevision.objects.count() == revisions  # no empty revision
    assert "Updated" not in client.get(stored.get_absolute_url()).content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


@pytest.mark.django_db
def test_a_stored_time_with_fractions_of_a_second_survives_an_unchanged_save(editor):
    story = factories.article(1)  # published
    Article.objects.filter(pk=story.pk).update(
        published_at=story.published_at.replace(microsecond=250_000)
    )
    story.refresh_from_db()
    desk = logged_in(editor)
    assert desk.post(change_url(story), open_form(desk, story)).status_code == 302
    stored = Article.objects.get()
    assert stored.published_at == story.published_at
    assert stored.revised_at is None


@pytest.mark.django_db
def test_a_correction_note_with_plain_save_is_refused_not_dropped(editor):
    story = factories.article(1)
    client = logged_in(editor)
    data = open_form(client, story)
    data["body"] = "A fixed first paragraph.\n\nSecond paragraph."
    data["correction_note"] = "An earlier version misspelled the minister's name."
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "published only with “Save and correct”" in html
    assert "misspelled the minister's name" in html  # the note is kept
    stored = Article.objects.get()
    assert not stored.body.startswith("A fixed")
    assert not stored.corrections.exists()


@pytest.mark.django_db
def test_after_a_conflict_their_tags_date_and_agency_are_taken_in_and_kept(
    editor, second_editor
):
    story = factories.article(1, status=Status.DRAFT)
    story.tags.add("Japan")
    services.article_save(article=story, user=editor)  # a revision with the tag
    other_agency = Agency.objects.create(name="Reuters", short_name="Reuters")
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)

    their_form["tags"] = "Japan, Missile defense"
    their_form["dateline_date"] = "2018-03-22"
    their_form["agency"] = str(other_agency.pk)
    assert theirs.post(change_url(story), their_form).status_code == 302

    my_form["dek"] = "My standfirst"
    refused = mine.post(change_url(story), my_form)
    assert refused.status_code == 200
    html = unescape(refused.content.decode())
    taken_in = html.split("their changes to ", 1)[1].split(" are now in the form")[0]
    assert {"tags", "agency", "dateline date"} <= set(taken_in.split(", "))
    assert "Changed meanwhile" not in html  # I changed none of their fields

    again = form_data(refused.content.decode(), "article_form")
    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert stored.dek == "My standfirst"
    assert sorted(stored.tags.names()) == ["Japan", "Missile defense"]
    assert stored.dateline_date.isoformat() == "2018-03-22"
    assert stored.agency == other_agency


@pytest.mark.django_db
def test_after_a_conflict_their_publication_time_is_taken_in_and_kept(
    editor, second_editor
):
    story = factories.article(1)  # published an hour before NOW
    services.article_save(article=story, user=editor)
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)
    time_keys = sorted(k for k in their_form if k.startswith("published_at"))
    assert len(time_keys) == 2  # the admin's date and time inputs
    their_form[time_keys[1]] = "06:15:00"
    assert theirs.post(change_url(story), their_form).status_code == 302
    their_time = Article.objects.get().published_at

    my_form["dek"] = "My standfirst"
    refused = mine.post(change_url(story), my_form)
    again = form_data(refused.content.decode(), "article_form")
    assert again[time_keys[1]] == "06:15:00"
    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert (stored.dek, stored.published_at) == ("My standfirst", their_time)


@pytest.mark.django_db
def test_an_embargoed_story_is_killed_as_never_public_and_not_corrected(editor, client):
    story = factories.article(1, embargo_until=timezone.now() + timedelta(days=2))
    desk = logged_in(editor)
    page = desk.get(change_url(story)).content.decode()
    assert buttons(page) == {"_unpublish"} and "correction_note" not in page
    data = form_data(page, "article_form")  # a crafted press still gets refused
    data["body"] = "A fixed first paragraph.\n\nSecond paragraph."
    data["correction_note"] = "An earlier version gave the wrong figure."
    data["_correct"] = "Save and correct"
    response = desk.post(pressed(change_url(story), "_correct"), data, follow=True)
    assert "not public yet, so no reader saw the mistake" in unescape(
        messages_on(response)
    )
    assert not Article.objects.get().corrections.exists()

    kill_url = reverse("admin:articles_article_kill", args=[story.pk])
    page = desk.get(kill_url).content.decode()
    response = desk.post(kill_url, form_data(page, "kill-form"), follow=True)
    assert "it was never public, so it never will be" in messages_on(response)
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_after_a_conflict_a_row_they_removed_can_be_saved_again(editor, second_editor):
    story = factories.article(1, status=Status.DRAFT)
    kono, lavrov = (
        Person.objects.create(name=name, slug=name.lower())
        for name in ("Kono", "Lavrov")
    )
    for position, person in enumerate((kono, lavrov)):
        story.person_roles.create(person=person, role="subject", position=position)
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)

    their_form["person_roles-0-DELETE"] = "on"  # they take Kono out
    assert theirs.post(change_url(story), their_form).status_code == 302

    my_form["dek"] = "My standfirst"
    refused = mine.post(change_url(story), my_form)
    assert refused.status_code == 200
    html = unescape(refused.content.decode())
    assert "Someone else removed a row here since you opened the story" in html

    # Saving again as shown keeps their removal and my standfirst.
    again = form_data(refused.content.decode(), "article_form")
    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert stored.dek == "My standfirst"
    assert [r.person for r in stored.person_roles.all()] == [lavrov]


@pytest.mark.django_db
def test_an_upload_after_a_row_they_removed_is_kept_for_the_next_save(
    editor, second_editor
):
    story = factories.article(1, status=Status.DRAFT)
    for position in (0, 1):
        story.photo_placements.create(
            photo=factories.photo(position), position=position
        )
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)
    their_form["photo_placements-0-DELETE"] = "on"
    assert theirs.post(change_url(story), their_form).status_code == 302

    my_form["photo_placements-2-upload"] = photo_files.upload(
        "new.jpg", photo_files.jpeg()
    )
    my_form["photo_placements-2-credit"] = "Someone/TASS"
    refused = mine.post(change_url(story), my_form)
    assert refused.status_code == 200
    assert "Someone else removed a row here" in unescape(refused.content.decode())
    # The upload moved up with its row: it is refused only for the conflict.
    (photos,) = (
        inline.formset
        for inline in refused.context["inline_admin_formsets"]
        if inline.formset.prefix == "photo_placements"
    )
    assert photos.files["photo_placements-1-upload"].name == "new.jpg"
    # The caption the form showed for the remaining row moved up with it.
    assert photos.data["initial-photo_placements-0-caption"] == "Caption 1"
    # A browser does not send a file twice: without it, the row is left empty.
    again = form_data(refused.content.decode(), "article_form")
    again["photo_placements-1-credit"] = ""
    assert mine.post(change_url(story), again).status_code == 302
    assert [p.photo.caption for p in Article.objects.get().placements] == ["Caption 1"]


@pytest.mark.django_db
def test_a_button_pressed_on_an_untouched_form_records_only_what_it_did(editor):
    story = factories.article(1)
    services.article_save(article=story, user=editor)  # a first revision
    before = ArticleRevision.objects.count()
    client = logged_in(editor)
    data = open_form(client, story)
    data["correction_note"] = "An earlier version gave the wrong date."
    data["_correct"] = "Save and correct"
    response = client.post(pressed(change_url(story), "_correct"), data, follow=True)
    assert "was corrected" in messages_on(response)
    new = ArticleRevision.objects.order_by("pk")[before:]
    assert [r.action for r in new] == [ArticleRevision.Action.CORRECTED]


@pytest.mark.django_db
def test_after_a_conflict_a_role_they_changed_is_taken_in_and_kept(
    editor, second_editor
):
    story = factories.article(1, status=Status.DRAFT)
    kono = Person.objects.create(name="Taro Kono", slug="taro-kono")
    story.person_roles.create(person=kono, role="quoted", position=0)
    services.article_save(article=story, user=editor)
    mine, theirs = logged_in(editor), logged_in(second_editor)
    my_form, their_form = open_form(mine, story), open_form(theirs, story)

    their_form["person_roles-0-role"] = "subject"
    assert theirs.post(change_url(story), their_form).status_code == 302

    my_form["dek"] = "My standfirst"
    refused = mine.post(change_url(story), my_form)
    assert refused.status_code == 200
    again = form_data(refused.content.decode(), "article_form")
    assert again["person_roles-0-role"] == "subject"
    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert stored.dek == "My standfirst"
    assert [r.role for r in stored.person_roles.all()] == ["subject"]


@pytest.mark.django_db
def test_a_form_shown_again_by_a_button_saves_through_the_change_form(editor):
    """A refused press shows the form again at the button's address; its plain
    Save must still only save."""
    story = factories.article(1)
    client = logged_in(editor)
    data = open_form(client, story)
    data["_correct"] = "Save and correct"
    refused = client.post(pressed(change_url(story), "_correct"), data)
    assert "Write the correction note" in refused.content.decode()
    form = parse(refused.content.decode()).find(".//form[@id='article_form']")
    assert form.get("action") == change_url(story)
    assert client.get(pressed(change_url(story), "_correct")).status_code == 405
