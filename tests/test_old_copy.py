"""Old copy: a story whose dateline is more than two days old is published only
once the editor chose its date; ninjs says when the agency first sent the copy."""

from datetime import UTC, date, datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.copy_dates import is_old_copy
from articles.models import Article, WireCopy

from . import factories
from .formdata import form_data, pressed
from .test_wire_formats import assert_valid_ninjs_31

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
# Copy from 2018: old on any day these tests may run.
DATELINE = date(2018, 3, 21)


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def publish_from_form(client, story, **extra):
    data = form_data(client.get(change_url(story)).content.decode(), "article_form")
    data.update(_publish="Save and publish", **extra)
    return client.post(pressed(change_url(story), "_publish"), data, follow=True)


def test_the_two_day_line_is_counted_from_today_in_the_newsrooms_zone():
    now = datetime(2026, 12, 6, 22, 15, tzinfo=UTC)
    assert not is_old_copy(date(2026, 12, 4), now)
    assert is_old_copy(date(2026, 12, 3), now)
    assert not is_old_copy(None, now)


def test_publishing_old_copy_asks_for_its_date_and_saves_nothing(editor_client):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    form = editor_client.get(change_url(story)).content.decode()
    assert "Publish it dated its dateline day" in form  # offered from the start
    response = publish_from_form(editor_client, story, headline="Edited headline")
    html = unescape(response.content.decode())
    assert "This copy's dateline is 21 March 2018, more than two days ago." in html
    stored = Article.objects.get(pk=story.pk)
    assert (stored.status, stored.headline) == (Status.DRAFT, "Story number 1")


def test_old_copy_dated_on_its_dateline_day_goes_out_with_that_date(
    editor_client, client
):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    response = publish_from_form(editor_client, story, old_copy="dateline")
    messages = " ".join(str(m) for m in response.context["messages"])
    assert messages == "“Story number 1” was published."
    stored = Article.objects.get(pk=story.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.published_at == datetime(2018, 3, 21, 0, 0, tzinfo=UTC)
    page = client.get(stored.get_absolute_url()).content.decode()
    assert "21 March 2018, 00:00 UTC" in page


def test_old_copy_dated_on_the_day_takes_the_agencys_own_time(editor_client):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    WireCopy.objects.create(
        article=story,
        source_format="text",
        copy_hash="x",
        story={"first_created": "2018-03-21T09:02:00+00:00"},
    )
    publish_from_form(editor_client, story, old_copy="dateline")
    assert Article.objects.get(pk=story.pk).published_at == datetime(
        2018, 3, 21, 9, 2, tzinfo=UTC
    )


def test_old_copy_published_now_is_dated_now(editor_client):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    before = timezone.now().replace(microsecond=0)
    publish_from_form(editor_client, story, old_copy="now")
    stored = Article.objects.get(pk=story.pk)
    assert stored.status == Status.PUBLISHED
    assert stored.published_at >= before


def test_fresh_copy_is_published_without_a_question(editor_client):
    today = timezone.localdate()  # the rule's own "now": fresh whatever the date
    story = factories.article(1, status=Status.DRAFT, dateline_date=today)
    assert (
        "Publish it dated" not in editor_client.get(change_url(story)).content.decode()
    )
    publish_from_form(editor_client, story)
    assert Article.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_a_reporter_is_told_they_may_not_publish_not_asked_about_dates(reporter):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    client = Client()
    client.force_login(reporter)
    html = publish_from_form(client, story).content.decode()
    assert "permission to publish" in html
    assert "more than two days ago" not in html


def test_the_lists_publish_action_leaves_old_copy_to_its_form(editor_client):
    story = factories.article(1, status=Status.DRAFT, dateline_date=DATELINE)
    listing = form_data(
        editor_client.get(CHANGELIST).content.decode(), "changelist-form"
    )
    listing.update(action="publish_selected", index="0", _selected_action=[story.pk])
    response = editor_client.post(CHANGELIST, listing, follow=True)
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "its dateline is 21 March 2018, more than two days ago" in messages
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_ninjs_first_created_is_when_the_agency_first_sent_the_copy(client):
    story = factories.article(1, dateline_date=DATELINE)
    WireCopy.objects.create(
        article=story,
        source_format="ninjs",
        copy_hash="x",
        story={"first_created": "2018-03-21T09:02:00+03:00"},
    )
    document = client.get(story.get_ninjs_url()).json()
    assert_valid_ninjs_31(document)
    first = datetime.fromisoformat(document["firstCreated"])
    assert first == datetime(2018, 3, 21, 6, 2, tzinfo=UTC)
    assert datetime.fromisoformat(document["versionCreated"]) > first


def test_ninjs_first_created_without_wire_copy_is_the_publication_time(client):
    story = factories.article(1)
    document = client.get(story.get_ninjs_url()).json()
    assert datetime.fromisoformat(document["firstCreated"]) == story.published_at
