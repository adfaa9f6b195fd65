"""Autosave: the story form's content is kept while the editor types, offered back
when they reopen the story, discarded in one click, never a version and never on a
public surface; restoring onto a story someone saved since shows their changes."""

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleRevision, StoryAutosave

from . import factories
from .conftest import make_user
from .formdata import form_data
from .html import headlines, page
from .public_urls import surfaces

pytestmark = pytest.mark.django_db

Status = Article.Status
# 10:42 in the newsroom's zone (UTC by default), the day the tests live in.
TYPING = datetime(2026, 12, 6, 10, 42, 7, tzinfo=UTC)
SECRET = "Quillmarrow draft sentence nobody saved"


def change_url(story, query=""):
    return reverse("admin:articles_article_change", args=[story.pk]) + query


def autosave_url(story):
    return reverse("admin:articles_article_autosave", args=[story.pk])


def discard_url(story):
    return reverse("admin:articles_article_autosave_discard", args=[story.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, story, query=""):
    response = client.get(change_url(story, query))
    assert response.status_code == 200
    return form_data(response.content.decode(), "article_form"), unescape(
        response.content.decode()
    )


def type_and_autosave(client, story, **changes):
    """Open the form, change fields, and post it as autosave.js does."""
    data, _ = open_form(client, story)
    data.update(changes)
    response = client.post(autosave_url(story), data)
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def story(db):
    return factories.article(1, status=Status.DRAFT, dateline_date=None)


def test_typing_is_kept_without_a_version_or_revision(editor, story, time_machine):
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    answer = type_and_autosave(client, story, dek=SECRET)
    assert answer.json() == {"saved": "Unsaved changes kept at 10:42 UTC."}
    assert "no-store" in answer["Cache-Control"]
    saved = StoryAutosave.objects.get()
    assert saved.data["dek"] == [SECRET]
    assert saved.based_on == story.lock_version
    # The story's fields and its photo and people rows; no token, no other panel.
    rows = [key.removeprefix("initial-") for key in saved.data if "-" in key]
    assert {key.split("-")[0] for key in rows} == {"photo_placements", "person_roles"}
    assert "csrfmiddlewaretoken" not in saved.data
    stored = Article.objects.get()
    assert stored.dek != SECRET
    assert stored.lock_version == story.lock_version
    assert not ArticleRevision.objects.filter(article=story).exists()


def test_an_autosave_does_not_make_another_editors_form_stale(editor, story):
    alice = logged_in(make_user("alice", "Editors"))
    her_form, _ = open_form(alice, story)
    type_and_autosave(logged_in(editor), story, dek=SECRET)
    her_form["headline"] = "Alice's headline"
    assert alice.post(change_url(story), her_form).status_code == 302
    assert Article.objects.get().headline == "Alice's headline"


def test_reopening_offers_the_changes_with_their_time_and_restores_them(
    editor, story, time_machine
):
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    type_and_autosave(client, story, dek=SECRET, headline="A better headline")
    time_machine.move_to(TYPING + timedelta(minutes=20), tick=False)

    data, html = open_form(client, story)
    assert "Restore your unsaved changes from 10:42 UTC?" in html
    assert data["dek"] != SECRET  # offered, not imposed

    restored, html = open_form(client, story, "?autosave=restore")
    assert "Your unsaved changes from 10:42 UTC are in the form below" in html
    assert (restored["dek"], restored["headline"]) == (SECRET, "A better headline")
    assert client.post(change_url(story), restored).status_code == 302
    stored = Article.objects.get()
    assert (stored.dek, stored.headline) == (SECRET, "A better headline")
    # Saved: nothing is offered any more.
    _, html = open_form(client, story)
    assert "Restore your unsaved changes" not in html
    assert not StoryAutosave.objects.exists()


def test_an_autosave_from_another_day_names_its_date(editor, story, time_machine):
    late = datetime(2026, 12, 6, 23, 50, tzinfo=UTC)
    time_machine.move_to(late, tick=False)
    client = logged_in(editor)
    type_and_autosave(client, story, dek=SECRET)
    time_machine.move_to(late + timedelta(minutes=20), tick=False)  # past midnight
    _, html = open_form(client, story)
    assert "Restore your unsaved changes from 6 December 2026, 23:50 UTC?" in html


def test_discarding_is_one_click(editor, story):
    client = logged_in(editor)
    type_and_autosave(client, story, dek=SECRET)
    response = client.post(discard_url(story), follow=True)
    assert response.redirect_chain[-1][0] == change_url(story)
    html = unescape(response.content.decode())
    assert "Your unsaved changes were discarded." in html
    assert "Restore your unsaved changes" not in html
    assert not StoryAutosave.objects.exists()
    assert Article.objects.get().dek != SECRET


def test_the_offer_is_only_for_the_editor_who_typed(editor, story):
    type_and_autosave(logged_in(editor), story, dek=SECRET)
    _, html = open_form(logged_in(make_user("alice", "Editors")), story)
    assert "Restore your unsaved changes" not in html
    assert SECRET not in html


def test_restoring_onto_a_story_saved_since_shows_their_changes_beside_mine(
    editor, story
):
    mine = logged_in(editor)
    type_and_autosave(mine, story, dek=SECRET)  # then the browser crashed
    alice = logged_in(make_user("alice", "Editors"))
    her_form, _ = open_form(alice, story)
    her_form["headline"] = "Alice's headline"
    her_form["dek"] = "Alice's standfirst"
    assert alice.post(change_url(story), her_form).status_code == 302

    _, html = open_form(mine, story)
    assert "Since then: alice at" in html  # the offer says someone saved meanwhile
    restored, html = open_form(mine, story, "?autosave=restore")
    assert restored["dek"] == SECRET
    assert restored["lock_version"] == str(story.lock_version)  # what it was based on

    response = mine.post(change_url(story), restored)
    assert response.status_code == 200  # refused: nothing stored yet
    html = unescape(response.content.decode())
    assert "changed after you opened it" in html
    assert "now on file: “Alice's standfirst”" in html  # theirs beside mine
    again = form_data(html, "article_form")
    assert again["dek"] == SECRET
    assert again["headline"] == "Alice's headline"  # their untouched change is kept
    assert Article.objects.get().dek == "Alice's standfirst"

    assert mine.post(change_url(story), again).status_code == 302
    stored = Article.objects.get()
    assert (stored.headline, stored.dek) == ("Alice's headline", SECRET)


def test_bad_autosave_posts_are_refused_with_a_reason(editor, reporter, story):
    client = logged_in(editor)
    assert client.get(autosave_url(story)).status_code == 405
    response = client.post(autosave_url(story), {"dek": SECRET})
    assert response.status_code == 400
    assert b"which version" in response.content
    too_long = {"lock_version": "1", "body": "x" * 600_000}
    assert client.post(autosave_url(story), too_long).status_code == 400
    # A reporter may not change someone's published story: no autosave of it.
    published = factories.article(2)
    data = {"lock_version": str(published.lock_version), "dek": SECRET}
    assert logged_in(reporter).post(autosave_url(published), data).status_code == 403
    assert not StoryAutosave.objects.exists()
    missing = reverse("admin:articles_article_autosave", args=[999_999])
    assert client.post(missing, {"lock_version": "1"}).status_code == 404


def test_autosaves_are_on_no_public_surface(client, editor):
    story = factories.article(1, headline="A published story")
    story.tags.add("common")
    type_and_autosave(logged_in(editor), story, dek=SECRET, body=SECRET)
    for surface in surfaces():
        url = surface.url(story=story, tag="common", word="published")
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert b"Quillmarrow" not in body, url
    assert headlines(page(client, "/search/?q=Quillmarrow")) == []
