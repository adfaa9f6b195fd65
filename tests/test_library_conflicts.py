"""Two people editing the same library photo, person, agency or tag: no lost work.

A story's photo row writes only what its editor changed, never the credit or caption
the form happened to show; the library's own forms take in what someone else saved
meanwhile, and refuse (keeping the input) only where both changed the same field.
"""

import threading
from contextlib import suppress
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.admin.merging import KeepsOthersEditsForm
from articles.models import Agency, Article, ArticlePhoto, Person, Photo
from articles.photos import photo_from_file

from . import factories
from . import photo_files as files
from .conftest import make_user
from .formdata import form_data
from .threads import run_in_threads

NOW_ON_FILE = "Changed meanwhile by someone else; now on file: “{}”."


@pytest.fixture(autouse=True)
def widths(settings):
    settings.NEWSROOM_PHOTO_WIDTHS = [160, 320]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, url: str, form_id: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


def page(response) -> str:
    return unescape(response.content.decode())


def story_url(story) -> str:
    return reverse("admin:articles_article_change", args=[story.pk])


def photo_url(photo) -> str:
    return reverse("admin:articles_photo_change", args=[photo.pk])


@pytest.fixture
def desk(db):
    """An editor on the story desk and a photo editor in the library."""
    return logged_in(make_user("editor", "Editors")), logged_in(
        make_user("pictures", "Photo editors")
    )


@pytest.fixture
def placed(db):
    """A draft story using a library photo with the library's caption."""
    photo = photo_from_file(
        files.upload("kono.jpg", files.jpeg((400, 300))),
        caption="Taro Kono at the podium",
        credit="Alexander Shcherbak/TASS",
        alt_text="Taro Kono speaking",
    )
    story = factories.article(1, status=Article.Status.DRAFT)
    ArticlePhoto.objects.create(article=story, photo=photo)
    return story, photo


def desk_fixes_the_photo(client, photo, **fields):
    data = open_form(client, photo_url(photo), "photo_form")
    data.update(fields)
    assert client.post(photo_url(photo), data).status_code == 302


# --- A story's photo row ---------------------------------------------------------


@pytest.mark.django_db
def test_a_story_save_keeps_the_photo_desks_credit_and_caption_fixes(desk, placed):
    editor, pictures = desk
    story, photo = placed
    story_form = open_form(editor, story_url(story), "article_form")
    desk_fixes_the_photo(
        pictures,
        photo,
        credit="Alexander Shcherbak/TASS via Reuters",
        caption="Taro Kono at the podium in Tokyo",
    )

    story_form["body"] = "A new first paragraph.\n\nSecond paragraph."
    assert editor.post(story_url(story), story_form).status_code == 302

    photo.refresh_from_db()
    placement = ArticlePhoto.objects.get()
    assert photo.credit == "Alexander Shcherbak/TASS via Reuters"
    assert photo.caption == "Taro Kono at the podium in Tokyo"
    assert placement.caption_override == ""  # the story shows the library's caption
    assert Article.objects.get().body.startswith("<p>A new first paragraph.")


@pytest.mark.django_db
def test_a_reporters_stale_photo_row_is_not_taken_for_a_credit_change(placed):
    """The library credit changed after the reporter opened the story; they did not
    touch it, so there is nothing a reporter may not do in their save."""
    story, photo = placed
    reporter = logged_in(make_user("reporter", "Reporters"))
    story_form = open_form(reporter, story_url(story), "article_form")
    desk_fixes_the_photo(
        logged_in(make_user("pictures", "Photo editors")),
        photo,
        credit="Jane Roe/Reuters",
    )

    story_form["dek"] = "The reporter's standfirst"
    response = reporter.post(story_url(story), story_form)
    assert response.status_code == 302, page(response)
    photo.refresh_from_db()
    assert photo.credit == "Jane Roe/Reuters"
    assert Article.objects.get().dek == "The reporter's standfirst"


@pytest.mark.django_db
def test_a_caption_the_story_and_the_library_both_changed_is_refused_and_kept(
    desk, placed
):
    editor, pictures = desk
    story, photo = placed
    story_form = open_form(editor, story_url(story), "article_form")
    desk_fixes_the_photo(pictures, photo, caption="Kono at the Tokyo talks")

    story_form["photo_placements-0-caption"] = "Kono answers on Aegis Ashore"
    story_form["body"] = "My new body."
    response = editor.post(story_url(story), story_form)
    assert response.status_code == 200
    shown = page(response)
    assert NOW_ON_FILE.format("Kono at the Tokyo talks") in shown
    assert "Kono answers on Aegis Ashore" in shown  # the editor's input is kept
    assert "My new body." in shown
    assert ArticlePhoto.objects.get().caption_override == ""
    assert Article.objects.get().body == story.body  # nothing was saved

    # Saving again, with the library caption on screen, is a deliberate choice.
    response = editor.post(story_url(story), form_data(shown, "article_form"))
    assert response.status_code == 302
    assert ArticlePhoto.objects.get().caption_override == "Kono answers on Aegis Ashore"
    photo.refresh_from_db()
    assert photo.caption == "Kono at the Tokyo talks"


@pytest.mark.django_db
def test_a_credit_the_story_and_the_library_both_changed_is_refused_and_kept(
    desk, placed
):
    editor, pictures = desk
    story, photo = placed
    story_form = open_form(editor, story_url(story), "article_form")
    desk_fixes_the_photo(pictures, photo, credit="Jane Roe/Reuters")

    story_form["photo_placements-0-credit"] = "Alexander Shcherbak/TASS Pool"
    response = editor.post(story_url(story), story_form)
    assert response.status_code == 200
    shown = page(response)
    assert NOW_ON_FILE.format("Jane Roe/Reuters") in shown
    assert 'value="Alexander Shcherbak/TASS Pool"' in shown
    photo.refresh_from_db()
    assert photo.credit == "Jane Roe/Reuters"


@pytest.mark.django_db
def test_a_credit_changed_only_in_the_story_still_updates_the_library(desk, placed):
    editor, pictures = desk
    story, photo = placed
    story_form = open_form(editor, story_url(story), "article_form")
    desk_fixes_the_photo(pictures, photo, caption="Kono at the Tokyo talks")

    story_form["photo_placements-0-credit"] = "Alexander Shcherbak/TASS Pool"
    assert editor.post(story_url(story), story_form).status_code == 302
    photo.refresh_from_db()
    assert photo.credit == "Alexander Shcherbak/TASS Pool"
    assert photo.caption == "Kono at the Tokyo talks"
    assert ArticlePhoto.objects.get().caption_override == ""


@pytest.mark.django_db
def test_a_photo_picked_in_place_of_another_keeps_its_own_credit_and_caption(
    desk, placed
):
    editor, _ = desk
    story, kono = placed
    flood = photo_from_file(
        files.upload("flood.jpg", files.jpeg((400, 300))),
        caption="Flooded street in Osaka",
        credit="Jane Roe/Reuters",
    )
    story_form = open_form(editor, story_url(story), "article_form")
    story_form["photo_placements-0-photo"] = str(flood.pk)
    assert editor.post(story_url(story), story_form).status_code == 302

    flood.refresh_from_db()
    placement = ArticlePhoto.objects.get()
    assert placement.photo == flood
    assert (flood.credit, placement.caption) == (
        "Jane Roe/Reuters",
        "Flooded street in Osaka",
    )
    kono.refresh_from_db()
    assert kono.credit == "Alexander Shcherbak/TASS"


# --- The library's own forms -----------------------------------------------------


def library_photo() -> Photo:
    return photo_from_file(
        files.upload("kono.jpg", files.jpeg((400, 300))),
        caption="Taro Kono at the podium",
        credit="Alexander Shcherbak/TASS",
    )


# model label → (make the row, change URL name, form id, A's edit, B's edit)
SCREENS = {
    "photo": (
        library_photo,
        "admin:articles_photo_change",
        "photo_form",
        {"caption": "Taro Kono at the Tokyo talks"},
        {"credit": "Jane Roe/Reuters"},
    ),
    "person": (
        lambda: Person.objects.create(name="Taro Kono", description="Minister"),
        "admin:articles_person_change",
        "person_form",
        {"name": "Taro Kōno"},
        {"description": "Japanese Foreign Minister"},
    ),
    "agency": (
        lambda: Agency.objects.create(name="TASS", short_name="TASS", slug="tass"),
        "admin:articles_agency_change",
        "agency_form",
        {"name": "TASS Russian News Agency"},
        {"url": "https://tass.com/"},
    ),
    "tag": (
        lambda: Tag.objects.create(name="missile defence", slug="missile-defence"),
        "admin:taggit_tag_change",
        "tag_form",
        {"name": "missile defense"},
        {"slug": "missile-defense"},
    ),
}


def two_editors_open(label):
    make, url_name, form_id, *_ = SCREENS[label]
    row = make()
    url = reverse(url_name, args=[row.pk])
    alice = logged_in(make_user("alice", "Editors"))
    bob = logged_in(make_user("bob", "Editors"))
    return (
        row,
        url,
        alice,
        bob,
        open_form(alice, url, form_id),
        open_form(bob, url, form_id),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label", SCREENS)
def test_a_stale_library_form_keeps_what_someone_else_saved_meanwhile(label):
    *_, hers, his = SCREENS[label]
    row, url, alice, bob, alice_form, bob_form = two_editors_open(label)
    alice_form.update(hers)
    assert alice.post(url, alice_form).status_code == 302

    bob_form.update(his)
    response = bob.post(url, bob_form, follow=True)
    row.refresh_from_db()
    for name, value in {**hers, **his}.items():
        assert getattr(row, name) == value
    assert response.status_code == 200
    assert "someone else changed" in page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("label", SCREENS)
def test_a_field_both_editors_changed_is_refused_naming_what_is_on_file(label):
    _, _, form_id, hers, _ = SCREENS[label]
    row, url, alice, bob, alice_form, bob_form = two_editors_open(label)
    (name, theirs), *_ = hers.items()
    mine = theirs + " (Bob's)"
    alice_form.update(hers)
    assert alice.post(url, alice_form).status_code == 302

    bob_form[name] = mine
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    shown = page(response)
    assert NOW_ON_FILE.format(theirs) in shown
    assert "Nothing was saved" in shown
    again = form_data(shown, form_id)
    assert again[name] == mine  # his input is still in the field
    row.refresh_from_db()
    assert getattr(row, name) == theirs

    # Bob saves again with Alice's value on screen: now his choice stands.
    response = bob.post(url, again)
    assert response.status_code == 302
    row.refresh_from_db()
    assert getattr(row, name) == mine


@pytest.mark.django_db
def test_a_photographer_chosen_meanwhile_survives_a_stale_caption_edit():
    row, url, alice, bob, alice_form, bob_form = two_editors_open("photo")
    roe = Person.objects.create(name="Jane Roe")
    alice_form["photographer"] = str(roe.pk)
    assert alice.post(url, alice_form).status_code == 302

    bob_form["caption"] = "Kono, Tokyo"
    assert bob.post(url, bob_form).status_code == 302
    row.refresh_from_db()
    assert (row.photographer, row.caption) == (roe, "Kono, Tokyo")


@pytest.mark.django_db
def test_a_refused_photo_form_shows_the_other_editors_changes_and_keeps_them():
    row, url, alice, bob, alice_form, bob_form = two_editors_open("photo")
    alice_form.update(caption="Kono at the Tokyo talks", credit="Jane Roe/Reuters")
    assert alice.post(url, alice_form).status_code == 302

    bob_form["caption"] = "Kono, Tokyo, 21 March"
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    shown = page(response)
    assert "their changes to credit line are now in the form" in shown
    again = form_data(shown, "photo_form")
    assert (again["caption"], again["credit"]) == (
        "Kono, Tokyo, 21 March",
        "Jane Roe/Reuters",
    )

    assert bob.post(url, again).status_code == 302
    row.refresh_from_db()
    assert (row.caption, row.credit) == ("Kono, Tokyo, 21 March", "Jane Roe/Reuters")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_stale_photo_saves_at_the_same_moment_keep_both_changes(monkeypatch):
    """Each save's check waits (up to a second) for the other's: only possible if
    neither holds the row, and then both would save what they read before."""
    row, url, alice, bob, alice_form, bob_form = two_editors_open("photo")
    alice_form["caption"] = "Kono at the Tokyo talks"
    bob_form["credit"] = "Jane Roe/Reuters"
    both_checked = threading.Barrier(2, timeout=1)
    check = KeepsOthersEditsForm.clean

    def check_then_wait(form):
        cleaned = check(form)
        with suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return cleaned

    monkeypatch.setattr(KeepsOthersEditsForm, "clean", check_then_wait)
    answers = []
    run_in_threads(
        lambda: answers.append(alice.post(url, alice_form).status_code),
        lambda: answers.append(bob.post(url, bob_form).status_code),
    )
    assert answers == [302, 302]
    row.refresh_from_db()
    assert (row.caption, row.credit) == ("Kono at the Tokyo talks", "Jane Roe/Reuters")
