"""Autosave beyond the story's own fields: the photo and people rows are kept and
restored; a form shown again after a refused save keeps autosaving; an autosave
posted just as its editor saved (holding what that save stored) is never offered;
a story being added is autosaved per editor and offered on their next "Add story"."""

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import (
    Article,
    ArticlePerson,
    ArticlePhoto,
    Person,
    StoryAutosave,
)

from . import factories
from .conftest import make_user
from .formdata import form_data

pytestmark = pytest.mark.django_db

Status = Article.Status
TYPING = datetime(2026, 12, 6, 10, 42, 7, tzinfo=UTC)
SECRET = "Quillmarrow draft sentence nobody saved"
ADD = "admin:articles_article_add"


def change_url(story, query=""):
    return reverse("admin:articles_article_change", args=[story.pk]) + query


def autosave_url(story=None):
    if story is None:
        return reverse("admin:articles_article_add_autosave")
    return reverse("admin:articles_article_autosave", args=[story.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return form_data(html, "article_form"), unescape(html)


@pytest.fixture
def story(db):
    story = factories.article(1, status=Status.DRAFT, dateline_date=None)
    return factories.furnish(story, 1)  # one photo row, one person row


def test_photo_and_people_rows_are_kept_and_restored(editor, story, time_machine):
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    newcomer = Person.objects.create(name="Vera Ostrova", description="Mayor")
    data, _ = open_form(client, change_url(story))
    data.update(
        {
            "photo_placements-0-caption": "A caption typed for this story",
            "photo_placements-0-position": "4",
            "person_roles-0-role": "subject",
            "person_roles-0-position": "2",
            # A new person row, in the form's empty row.
            "person_roles-1-person": str(newcomer.pk),
            "person_roles-1-role": "quoted",
            "person_roles-1-position": "1",
        }
    )
    assert client.post(autosave_url(story), data).status_code == 200
    saved = StoryAutosave.objects.get()
    assert saved.data["person_roles-1-person"] == [str(newcomer.pk)]
    assert not ArticlePerson.objects.filter(person=newcomer).exists()  # not saved

    time_machine.move_to(TYPING + timedelta(minutes=30), tick=False)
    untouched, html = open_form(client, change_url(story))
    assert "Restore your unsaved changes from 10:42 UTC?" in html
    assert untouched["person_roles-0-role"] == "quoted"  # offered, not imposed

    restored, html = open_form(client, change_url(story, "?autosave=restore"))
    assert "are in the form below" in html
    for key in (
        "photo_placements-0-caption",
        "photo_placements-0-position",
        "person_roles-0-role",
        "person_roles-0-position",
        "person_roles-1-person",
        "person_roles-1-role",
    ):
        assert restored[key] == data[key], key
    assert client.post(change_url(story), restored).status_code == 302

    placement = ArticlePhoto.objects.get(article=story)
    assert placement.caption_override == "A caption typed for this story"
    assert placement.position == 4
    roles = {
        (row.person.name, row.role, row.position) for row in story.person_roles.all()
    }
    assert roles == {
        (f"Person {story.pk}-0", "subject", 2),  # the factory's person
        ("Vera Ostrova", "quoted", 1),
    }
    assert not StoryAutosave.objects.exists()


def test_rows_restored_onto_a_story_saved_since_keep_their_changes(editor, story):
    """Someone changes the photo's caption after the autosave: restoring keeps the
    rows' own check for edits made meanwhile (the value each row showed)."""
    mine = logged_in(editor)
    data, _ = open_form(mine, change_url(story))
    data["person_roles-0-position"] = "7"
    assert mine.post(autosave_url(story), data).status_code == 200

    alice = logged_in(make_user("alice", "Editors"))
    hers, _ = open_form(alice, change_url(story))
    hers["photo_placements-0-caption"] = "Alice's caption"
    assert alice.post(change_url(story), hers).status_code == 302

    restored, _ = open_form(mine, change_url(story, "?autosave=restore"))
    assert restored["person_roles-0-position"] == "7"
    response = mine.post(change_url(story), restored)
    if response.status_code == 200:  # the stale-save check showed her save first
        again = form_data(response.content.decode(), "article_form")
        assert again["person_roles-0-position"] == "7"
        response = mine.post(change_url(story), again)
    assert response.status_code == 302
    assert ArticlePhoto.objects.get().caption_override == "Alice's caption"
    assert ArticlePerson.objects.get().position == 7


def test_a_form_shown_again_after_a_refused_save_keeps_autosaving(editor, story):
    client = logged_in(editor)
    data, _ = open_form(client, change_url(story))
    data.update(headline="", dek=SECRET)  # a headline is required
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="story-autosave"' in html
    # Its input is not on file: the page keeps it at the first round.
    assert "data-unsaved" in html
    again = form_data(html, "article_form")
    assert again["dek"] == SECRET
    assert client.post(autosave_url(story), again).status_code == 200
    assert StoryAutosave.objects.get().data["dek"] == [SECRET]
    assert Article.objects.get().dek != SECRET


def test_a_form_shown_again_after_a_stale_save_keeps_autosaving(editor, story):
    mine = logged_in(editor)
    data, _ = open_form(mine, change_url(story))
    alice = logged_in(make_user("alice", "Editors"))
    hers, _ = open_form(alice, change_url(story))
    hers["dek"] = "Alice's standfirst"
    assert alice.post(change_url(story), hers).status_code == 302

    data["dek"] = SECRET
    response = mine.post(change_url(story), data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "changed after you opened it" in html
    assert 'id="story-autosave"' in html and "data-unsaved" in html
    again = form_data(html, "article_form")
    assert mine.post(autosave_url(story), again).status_code == 200
    saved = StoryAutosave.objects.get()
    assert saved.data["dek"] == [SECRET]
    assert saved.based_on == Article.objects.get().lock_version


def test_an_autosave_arriving_just_after_its_editors_save_is_not_offered(
    editor, story, time_machine
):
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    data, _ = open_form(client, change_url(story))
    data["dek"] = SECRET
    data["person_roles-0-position"] = "3"
    assert client.post(autosave_url(story), data).status_code == 200
    time_machine.move_to(TYPING + timedelta(seconds=4), tick=False)
    assert client.post(change_url(story), data).status_code == 302  # saved
    assert not StoryAutosave.objects.exists()

    # The autosave sent just before Save reaches the server after it: made from
    # the version before, holding exactly what the save stored.
    time_machine.move_to(TYPING + timedelta(seconds=5), tick=False)
    late = client.post(autosave_url(story), data)
    assert late.status_code == 204
    assert not StoryAutosave.objects.exists()
    _, html = open_form(client, change_url(story))
    assert "Restore your unsaved changes" not in html


def test_an_autosave_stored_just_after_its_editors_save_is_dropped_when_offered(
    editor, story, time_machine
):
    """The same race, the other way round: the autosave was stored while the
    save was being committed, so it is newer than the save's revision."""
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    data, _ = open_form(client, change_url(story))
    data["dek"] = SECRET
    assert client.post(change_url(story), data).status_code == 302
    time_machine.move_to(TYPING + timedelta(seconds=1), tick=False)
    keys = [k for k in data if k != "csrfmiddlewaretoken"]
    StoryAutosave.objects.create(
        article=story,
        user=editor,
        based_on=story.lock_version,  # the version before the save
        data={k: data[k] if isinstance(data[k], list) else [data[k]] for k in keys},
        saved_at=TYPING + timedelta(seconds=1),
    )
    time_machine.move_to(TYPING + timedelta(minutes=5), tick=False)
    _, html = open_form(client, change_url(story))
    assert "Restore your unsaved changes" not in html
    assert not StoryAutosave.objects.exists()
    restored, _ = open_form(client, change_url(story, "?autosave=restore"))
    assert restored["dek"] == SECRET  # the story as saved, nothing restored


def test_a_late_autosave_with_more_typed_is_still_offered(editor, story, time_machine):
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    data, _ = open_form(client, change_url(story))
    data["dek"] = SECRET
    assert client.post(change_url(story), data).status_code == 302
    time_machine.move_to(TYPING + timedelta(seconds=2), tick=False)
    data["dek"] = SECRET + ", and more"  # typed on a form from before the save
    assert client.post(autosave_url(story), data).status_code == 200
    _, html = open_form(client, change_url(story))
    assert "Restore your unsaved changes from 10:42 UTC?" in html


def test_a_story_being_added_is_autosaved_and_offered_on_the_next_add(
    editor, time_machine
):
    factories.article(1)  # its agency and section exist
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    data, html = open_form(client, reverse(ADD))
    assert f'data-url="{autosave_url()}"' in html
    data.update(headline="Harbour reopens after the storm", dek=SECRET)
    data["body"] = "<p>The harbour reopened on Monday.</p>"
    answer = client.post(autosave_url(), data)
    assert answer.json() == {"saved": "Unsaved changes kept at 10:42 UTC."}
    saved = StoryAutosave.objects.get()
    assert saved.article is None and saved.based_on == 0
    assert Article.objects.count() == 1  # nothing added

    # Another editor's "Add story" offers nothing.
    _, html = open_form(logged_in(make_user("alice", "Editors")), reverse(ADD))
    assert "Restore your unsaved changes" not in html and SECRET not in html

    time_machine.move_to(TYPING + timedelta(minutes=10), tick=False)
    blank, html = open_form(client, reverse(ADD))
    assert "Restore your unsaved changes from 10:42 UTC?" in html
    assert blank.get("dek", "") != SECRET
    restored, html = open_form(client, reverse(ADD) + "?autosave=restore")
    assert "are in the form below" in html
    assert (restored["headline"], restored["dek"]) == (
        "Harbour reopens after the storm",
        SECRET,
    )
    assert client.post(reverse(ADD), restored).status_code == 302
    added = Article.objects.get(headline="Harbour reopens after the storm")
    assert added.dek == SECRET
    assert not StoryAutosave.objects.exists()  # added: nothing more to offer
    _, html = open_form(client, reverse(ADD))
    assert "Restore your unsaved changes" not in html


def test_discarding_a_new_storys_autosave_is_one_click(editor):
    client = logged_in(editor)
    data, _ = open_form(client, reverse(ADD))
    data["dek"] = SECRET
    assert client.post(autosave_url(), data).status_code == 200
    discard = reverse("admin:articles_article_add_autosave_discard")
    response = client.post(discard, follow=True)
    assert response.redirect_chain[-1][0] == reverse(ADD)
    assert "Your unsaved changes were discarded." in response.content.decode()
    assert not StoryAutosave.objects.exists()


def test_new_story_autosave_needs_the_right_to_add(db):
    viewer = make_user("viewer", None)
    response = logged_in(viewer).post(autosave_url(), {"dek": SECRET})
    assert response.status_code in (302, 403)
    assert not StoryAutosave.objects.exists()


def test_a_new_storys_autosave_arriving_after_it_was_added_is_not_offered(
    editor, time_machine
):
    factories.article(1)  # its agency and section exist
    time_machine.move_to(TYPING, tick=False)
    client = logged_in(editor)
    data, _ = open_form(client, reverse(ADD))
    data.update(headline="Harbour reopens after the storm", dek=SECRET)
    data["body"] = "<p>The harbour reopened on Monday.</p>"
    assert client.post(autosave_url(), data).status_code == 200
    time_machine.move_to(TYPING + timedelta(seconds=3), tick=False)
    assert client.post(reverse(ADD), data).status_code == 302  # added
    assert not StoryAutosave.objects.exists()

    # The autosave posted just before "Save" reaches the server after it.
    time_machine.move_to(TYPING + timedelta(seconds=4), tick=False)
    assert client.post(autosave_url(), data).status_code == 204
    assert not StoryAutosave.objects.exists()
    # Stored while the save was being committed: dropped when it would be offered.
    StoryAutosave.objects.create(
        article=None,
        user=editor,
        based_on=0,
        data={k: [v] for k, v in data.items() if isinstance(v, str)},
        saved_at=TYPING + timedelta(seconds=4),
    )
    _, html = open_form(client, reverse(ADD))
    assert "Restore your unsaved changes" not in html
    assert not StoryAutosave.objects.exists()

    # The next story, typed on a fresh form, is kept and offered as usual.
    data.update(headline="Ferries run again", dek="A new standfirst")
    assert client.post(autosave_url(), data).status_code == 200
    _, html = open_form(client, reverse(ADD))
    assert "Restore your unsaved changes from 10:42 UTC?" in html
