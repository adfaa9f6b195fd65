"""Presence: the story form shows who else has the story open, kept current while
it is open, and the story list marks stories someone has open."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import StoryPresence
from articles.presence import PRESENT_FOR

from . import factories
from .conftest import make_user
from .html import parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def presence_text(client, story) -> str:
    html = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    box = parse(html.content.decode()).find(".//p[@id='story-presence']")
    return text(box)


def test_the_second_editor_sees_who_has_the_story_open_and_since_when(editor):
    anna = make_user("anna", "Editors", first_name="Anna", last_name="Ivanova")
    story = factories.article(1)
    assert presence_text(logged_in(anna), story) == ""  # nobody else yet
    shown = presence_text(logged_in(editor), story)
    assert shown.startswith("Also open: Anna Ivanova, editing since ")
    assert " UTC. " in shown


def test_the_open_form_reports_and_learns_who_else_is_there(editor):
    anna = make_user("anna", "Editors", first_name="Anna", last_name="Ivanova")
    story = factories.article(1)
    url = reverse("admin:articles_article_presence", args=[story.pk])
    mine, hers = logged_in(editor), logged_in(anna)
    assert mine.post(url).json() == {"others": ""}
    hers.post(url)
    answer = mine.post(url)
    assert "no-store" in answer["Cache-Control"]
    assert answer.json()["others"].startswith("Also open: Anna Ivanova, editing since")
    assert mine.get(url).status_code == 405


def test_someone_whose_form_went_quiet_is_no_longer_shown(editor):
    anna = make_user("anna", "Editors")
    story = factories.article(1)
    presence_text(logged_in(anna), story)
    StoryPresence.objects.filter(user=anna).update(
        seen_at=StoryPresence.objects.get(user=anna).seen_at
        - PRESENT_FOR
        - timedelta(seconds=1)
    )
    assert presence_text(logged_in(editor), story) == ""


def test_the_list_marks_stories_someone_has_open(editor):
    opened = factories.article(1, headline="Opened story")
    factories.article(2, headline="Closed story")
    presence_text(logged_in(make_user("anna", "Editors")), opened)
    doc = parse(logged_in(editor).get(CHANGELIST).content.decode())
    marks = {
        text(row.find(".//th")): text(row.find(".//td[@class='field-state']"))
        for row in doc.iterfind(".//table[@id='result_list']/tbody/tr")
    }
    assert marks == {"Opened story": "Published Open now", "Closed story": "Published"}
