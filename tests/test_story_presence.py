"""Presence: the story form shows who else has the story open, kept current while
it is open, and the story list marks stories someone has open."""

from datetime import UTC, datetime, timedelta

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
    box = parse(html.content.decode()).find(".//p[@id='story-presence-text']")
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
    assert mine.post(url).json() == {"others": "", "taken_over": ""}
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


def take_over_url(story):
    return reverse("admin:articles_article_take_over", args=[story.pk])


def test_opening_a_story_someone_is_editing_warns_with_a_take_over_button(editor):
    story = factories.article(1)
    presence_text(logged_in(make_user("boris", "Editors")), story)
    html = logged_in(editor).get(
        reverse("admin:articles_article_change", args=[story.pk])
    )
    doc = parse(html.content.decode())
    box = doc.find(".//div[@id='story-presence']")
    assert "hidden" not in box.attrib
    form = box.find(".//form[@id='story-take-over']")
    assert form.get("action") == take_over_url(story)
    assert form.find(".//input[@type='submit']").get("value") == "Take over this story"


def test_taking_over_is_a_click_and_the_other_editor_is_told(editor, time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 10, 44, 30, tzinfo=UTC), tick=False)
    anna = make_user("anna", "Editors", first_name="Anna", last_name="Ivanova")
    story = factories.article(1)
    poll = reverse("admin:articles_article_presence", args=[story.pk])
    mine, hers = logged_in(editor), logged_in(anna)
    presence_text(mine, story)  # I am editing it
    time_machine.move_to(datetime(2026, 12, 6, 10, 45, tzinfo=UTC), tick=False)
    assert presence_text(hers, story).startswith("Also open: editor, editing since")

    response = hers.post(take_over_url(story), follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert (
        said == "You took this story over from editor; they are told on their screen."
    )
    assert presence_text(hers, story) == ""  # no longer warned about me

    answer = mine.post(poll).json()  # my form's next report
    assert answer["taken_over"].startswith(
        "Anna Ivanova took over this story at 10:45 UTC."
    )
    assert answer["others"].startswith("Also open: Anna Ivanova, editing since")
    # Opening the story again makes me its editor again, told no more.
    presence_text(mine, story)
    assert mine.post(poll).json()["taken_over"] == ""


def test_take_over_from_the_forms_script_answers_json(editor):
    story = factories.article(1)
    answer = logged_in(editor).post(
        take_over_url(story), headers={"Accept": "application/json"}
    )
    assert answer.json() == {
        "said": "Nobody else has this story open now: it is yours to edit."
    }


def test_take_over_takes_only_a_post_from_someone_who_may_edit(editor, reporter):
    story = factories.article(1)  # published: a reporter may not change it
    assert logged_in(editor).get(take_over_url(story)).status_code == 405
    presence_text(logged_in(editor), story)
    assert logged_in(reporter).post(take_over_url(story)).status_code == 403
    assert not StoryPresence.objects.filter(taken_over_at__isnull=False).exists()
    missing = reverse("admin:articles_article_take_over", args=[999_999])
    assert logged_in(editor).post(missing).status_code == 404
