"""The desk's own traces on a story (internal notes, autosaves, who has it open)
with hostile text: never on a public surface, feed, sitemap, search or ninjs
document, and inert wherever the desk reads them back."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import StoryAutosave, StoryNote
from articles.presence import presence_mark

from .. import factories
from ..conftest import make_user
from ..public_urls import surfaces
from .checks import injected_markup
from .payloads import XSS, xss

pytestmark = pytest.mark.django_db

MARKERS = ["xss-note", "xss-autosave", "xss-name"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("case", "template"), XSS, ids=[c for c, _ in XSS])
def test_notes_autosaves_and_names_stay_off_public_pages_and_inert_on_the_desk(
    client, case, template
):
    editor = make_user("editor", "Editors")
    other = make_user("other", "Editors", first_name=xss(template, "name"))
    story = factories.article(1, headline="A published story")
    story.tags.add("common")
    StoryNote.objects.create(article=story, author=editor, text=xss(template, "note"))
    presence_mark(article=story, user=other)
    mine = logged_in(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    typed = {"lock_version": str(story.lock_version), "dek": xss(template, "autosave")}
    saved = mine.post(
        reverse("admin:articles_article_autosave", args=[story.pk]), typed
    )
    assert saved.status_code == 200
    assert StoryAutosave.objects.get().data["dek"] == [xss(template, "autosave")]

    for surface in surfaces():
        public = surface.url(story=story, tag="common", word="published")
        response = client.get(public)
        body = b"".join(response) if response.streaming else response.content
        assert b"xss-" not in body, public
    assert b"xss-" not in client.get("/search/?q=xss").content

    for page in (url, url + "?autosave=restore"):
        html = mine.get(page).content.decode()
        assert "xss-note" in html and "xss-name" in html  # shown, as text
        assert injected_markup(html, MARKERS) == [], page
    restored = mine.get(url + "?autosave=restore").content.decode()
    assert "xss-autosave" in restored
    poll = mine.post(reverse("admin:articles_article_presence", args=[story.pk]))
    assert poll["Content-Type"] == "application/json"  # drawn as text by the script


def test_an_autosave_keeps_only_the_story_forms_fields_and_rows(client):
    editor = make_user("editor", "Editors")
    story = factories.article(1)
    posted = {
        "lock_version": str(story.lock_version),
        "dek": "Typed",
        "status": "published",  # not a field of the form
        "person_roles-0-person": "1",  # a people row: kept with the form
        "person_roles-0-made_up": "1",  # no field of that row
        "photo_placements-0-upload": "a name",  # files wait for a real save
        "corrections-0-note": "x",  # not a row set the autosave keeps
        "_publish": "Save and publish",  # a button
        "x" * 500: "a made-up name",
    }
    answer = logged_in(editor).post(
        reverse("admin:articles_article_autosave", args=[story.pk]), posted
    )
    assert answer.status_code == 200
    assert StoryAutosave.objects.get().data == {
        "dek": ["Typed"],
        "person_roles-0-person": ["1"],
    }
