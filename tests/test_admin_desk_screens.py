"""The desk's screens read as one product: stories (not articles), named app
sections, filters without bare dashes, a readable story list and one time format."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article

from . import factories
from .formdata import form_data, pressed
from .html import parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
Status = Article.Status


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return text(parse(response.content.decode()).find(".//body"))


def test_the_index_names_stories_and_tags_not_articles_or_taggit(editor_client):
    shown = page_text(editor_client, reverse("admin:index"))
    assert "Stories" in shown
    assert "Tags" in shown
    assert "Taggit" not in shown and "TAGGIT" not in shown
    assert "Articles" not in shown


def test_the_index_names_the_sign_in_records_not_the_library(admin_client):
    shown = page_text(admin_client, reverse("admin:index"))
    assert "Sign-in attempts" in shown and "Axes" not in shown


def test_list_add_and_change_pages_say_story(editor_client):
    story = factories.article(1)
    titles = [
        parse(editor_client.get(url).content.decode()).find(".//title").text
        for url in (
            CHANGELIST,
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[story.pk]),
        )
    ]
    assert titles[0].startswith("Select story to change")
    assert titles[1].startswith("Add story")
    assert titles[2].startswith(f"{story.headline} | Change story")
    assert not any("article" in title.lower() for title in titles)


def test_the_agency_filter_names_stories_without_an_agency(editor_client):
    factories.article(1)
    factories.article(2, agency=None)
    doc = parse(editor_client.get(CHANGELIST).content.decode())
    choices = [text(a) for a in doc.findall(".//nav[@id='changelist-filter']//a")]
    assert "No agency" in choices
    assert "-" not in choices
    shown = editor_client.get(CHANGELIST + "?agency__isnull=True")
    assert [row.headline for row in shown.context["cl"].result_list] == [
        "Story number 2"
    ]


def test_publishing_from_the_form_says_published_once(editor_client):
    story = factories.article(1, status=Status.DRAFT, dateline_date=None)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    data["_publish"] = "Save and publish"
    response = editor_client.post(pressed(url, "_publish"), data, follow=True)
    message = " ".join(str(m) for m in response.context["messages"])
    assert message == "“Story number 1” was published."


def test_the_photo_rows_labels_are_capitalised_like_the_rest(editor_client):
    doc = parse(
        editor_client.get(reverse("admin:articles_article_add")).content.decode()
    )
    labels = {
        text(label)
        for label in doc.findall(".//label")
        if (label.get("for") or "").startswith("id_photo_placements-0-")
    }
    assert {"Library photo:", "Or upload a new photo:", "Credit line:"} <= labels
    assert {"Alt text:", "Caption:"} <= labels
    assert all(label[:1].isupper() for label in labels), labels


def test_the_list_shows_the_state_as_a_worded_badge_and_no_time_inputs(
    editor_client,
):
    factories.article(1, headline="Live one")
    factories.article(
        2,
        headline="Later one",
        published_at=datetime(2099, 1, 2, 7, 30, tzinfo=UTC),
    )
    factories.article(3, headline="Draft one", status=Status.DRAFT)
    doc = parse(editor_client.get(CHANGELIST).content.decode())
    badges = [
        text(span)
        for span in doc.iterfind(".//span")
        if "story-state" in (span.get("class") or "")
    ]
    assert sorted(badges) == [
        "Draft",
        "Published",
        "Scheduled for 2 January 2099, 07:30 UTC",
    ]
    visible = [
        i
        for i in doc.iterfind(".//table[@id='result_list']//input")
        if i.get("type") not in {"hidden", "checkbox"}
    ]
    assert visible == []
    # Bulk actions still carry each row's version.
    hidden = [
        i.get("name")
        for i in doc.iterfind(".//table[@id='result_list']//input")
        if i.get("type") == "hidden"
    ]
    assert len([n for n in hidden if n.startswith("_version_")]) == 3


def test_times_in_the_admin_are_24_hour_in_the_newsrooms_zone_with_the_zone_named(
    editor_client, settings
):
    settings.TIME_ZONE = "Europe/Moscow"
    factories.article(1, published_at=datetime(2026, 12, 6, 19, 15, tzinfo=UTC))
    shown = page_text(editor_client, CHANGELIST)
    assert "6 December 2026, 22:15 MSK" in shown
    assert "p.m." not in shown and "10:15" not in shown


def unnamed_inputs(html: str) -> list[str]:
    """The visible inputs and selects of a page with neither a label nor a name."""
    doc = parse(html)
    labelled = {label.get("for") for label in doc.iter("label")}
    return [
        field.get("name")
        for field in doc.iter()
        if field.tag in {"input", "select", "textarea"}
        and field.get("type") not in {"hidden", "submit", "button"}
        and "__prefix__" not in (field.get("name") or "")
        and field.get("id") not in labelled
        and not field.get("aria-label")
    ]


def test_every_input_of_the_story_form_has_a_label(editor_client):
    story = factories.furnish(factories.article(1), 2)
    url = reverse("admin:articles_article_change", args=[story.pk])
    html = editor_client.get(url).content.decode()
    assert unnamed_inputs(html) == []
    doc = parse(html)
    labels = {label.get("for"): text(label) for label in doc.iter("label")}
    # Both boxes of a split date and time, the time's naming the clock and zone.
    assert labels["id_published_at_0"] == "Date (year-month-day):"
    assert labels["id_published_at_1"] == "Time (24-hour, UTC):"
    assert labels["id_embargo_until_1"] == "Time (24-hour, UTC):"
    role = doc.find(".//select[@name='person_roles-1-role']")
    assert role.get("aria-label") == "Role, row 2"
    # An empty autocomplete box says what it finds.
    people = [doc.find(f".//select[@name='person_roles-{n}-person']") for n in range(3)]
    assert [p.get("aria-label") for p in people] == [
        "Person, row 1",
        "Person, row 2",
        "Person, row 3",
    ]
    assert people[2].get("data-placeholder") == "Find person…"


def test_the_list_and_the_photo_form_have_no_unnamed_input(editor_client):
    photo = factories.photo(1)
    factories.article(1)
    for url in (
        CHANGELIST,
        reverse("admin:articles_photo_change", args=[photo.pk]),
    ):
        assert unnamed_inputs(editor_client.get(url).content.decode()) == [], url


def test_the_sign_in_page_has_a_heading(client):
    doc = parse(client.get(reverse("admin:login")).content.decode())
    assert [text(h) for h in doc.iter("h1")] == ["Sign in to Newsroom"]


def test_the_start_page_lists_what_needs_the_desk_with_counts(editor, editor_client):
    draft = factories.article(1, headline="My own draft", status=Status.DRAFT)
    services.article_save(article=draft, user=editor)
    factories.article(2, headline="Someone else's draft", status=Status.DRAFT)
    factories.article(3, headline="For review", status=Status.SUBMITTED)
    factories.article(
        4, headline="Later today", published_at=datetime(2099, 1, 1, 6, tzinfo=UTC)
    )
    factories.article(5, headline="Out already")
    doc = parse(editor_client.get(reverse("admin:index")).content.decode())
    boxes = {
        text(box.find(".//h2")): [text(a) for a in box.iterfind(".//ul/li/a")]
        for box in doc.iterfind(".//section")
        if "desk-list" in (box.get("class") or "")
    }
    assert boxes == {
        "Incoming wire (0)": [],
        "My drafts (1)": ["My own draft"],
        "Submitted for review (1)": ["For review"],
        "Scheduled (1)": ["Later today"],
        "Recently published (1)": ["Out already"],
    }
    links = [a.get("href") for a in doc.iterfind(".//p[@class='desk-list-all']/a")]
    assert links[1] == CHANGELIST + "?status__exact=draft"
