"""Internal notes: the desk leaves each other notes on a story, shown in its form
with author and time and counted in the list, never on any public surface."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleRevision, StoryNote

from . import factories
from .conftest import make_user
from .html import headlines, page, parse, text
from .public_urls import surfaces

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
SECRET = "Zanzibarquill source wants anonymity"


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def notes_url(story):
    return reverse("admin:articles_article_notes", args=[story.pk])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_an_editor_leaves_a_note_and_the_form_shows_it_with_author_and_time(editor):
    story = factories.article(1, status=Status.DRAFT)
    client = logged_in(editor)
    response = client.post(
        notes_url(story),
        {"note": "Check the minister's title.\r\nCall Anna."},
        follow=True,
    )
    assert messages_of(response) == "Your note was added."
    assert response.redirect_chain[-1][0] == change_url(story) + "#notes"
    panel = parse(response.content.decode()).find(".//section[@id='notes']")
    assert text(panel.find(".//h2")) == "Internal notes (1)"
    meta = text(panel.find(".//p[@class='story-note-meta']"))
    note = StoryNote.objects.get()
    assert meta.startswith("editor, ")
    assert meta.endswith(" UTC")
    assert note.text == "Check the minister's title.\nCall Anna."
    # A note is no edit: no new version, no revision, nobody's form goes stale.
    stored = Article.objects.get(pk=story.pk)
    assert stored.lock_version == story.lock_version
    assert not ArticleRevision.objects.exists()


def test_a_reporter_notes_a_published_story_they_may_not_edit(reporter):
    story = factories.article(1)
    response = logged_in(reporter).post(notes_url(story), {"note": "Typo in para 2."})
    assert response.status_code == 302
    assert StoryNote.objects.get().author == reporter


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("   ", "Note not added: Write the note first."),
        ("x" * 2001, "Note not added: A note holds at most 2000 characters"),
    ],
)
def test_an_empty_or_overlong_note_is_refused_with_a_reason(editor, note, said):
    story = factories.article(1)
    response = logged_in(editor).post(notes_url(story), {"note": note}, follow=True)
    assert said in unescape(messages_of(response))
    assert not StoryNote.objects.exists()


def test_the_notes_address_takes_no_get_and_hides_stories_from_outsiders(editor, db):
    story = factories.article(1)
    assert logged_in(editor).get(notes_url(story)).status_code == 405
    outsider = make_user("outsider", None)  # staff, but no stories to read
    response = logged_in(outsider).post(notes_url(story), {"note": "Hello"})
    assert response.status_code in {403, 404}
    assert not StoryNote.objects.exists()


def test_the_list_counts_each_storys_notes(editor):
    noted = factories.article(1, headline="Noted story")
    factories.article(2, headline="Quiet story")
    for words in ("One", "Two"):
        StoryNote.objects.create(article=noted, author=editor, text=words)
    doc = parse(logged_in(editor).get(CHANGELIST).content.decode())
    counts = {
        text(row.find(".//th")): text(row.find(".//td[@class='field-note_count']"))
        for row in doc.iterfind(".//table[@id='result_list']/tbody/tr")
    }
    assert counts == {"Noted story": "2", "Quiet story": "0"}


def test_notes_are_on_no_public_surface(client, editor):
    story = factories.article(1, headline="A published story")
    story.tags.add("common")
    StoryNote.objects.create(article=story, author=editor, text=SECRET)
    for surface in surfaces():
        url = surface.url(story=story, tag="common", word="published")
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert b"Zanzibarquill" not in body, url
    assert headlines(page(client, "/search/?q=Zanzibarquill")) == []
