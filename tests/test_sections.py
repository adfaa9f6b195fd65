"""Sections: their pages, feeds, the navigation, the story's breadcrumb, the admin."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import services
from articles.models import (
    Agency,
    Arrangement,
    ArrangementSlot,
    Article,
    AuditEntry,
    Section,
    SectionRubric,
    WireCopy,
)

from . import factories
from .html import headlines, json_ld, page, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(db):
    return {
        "world": factories.section("World", order=1),
        "sport": factories.section("Sport", order=2),
        "science": factories.section("Science & Space", order=0),
    }


def test_a_section_page_lists_its_published_stories_newest_first(client, sections):
    factories.article(3, headline="Older world story")
    factories.article(1, headline="Newer world story")
    factories.article(2, headline="Match report", section=sections["sport"])
    factories.article(0, headline="Draft world story", status=Article.Status.DRAFT)
    doc = page(client, "/sections/world/")
    assert text(doc.find(".//h1")) == "World"
    assert headlines(doc) == ["Newer world story", "Older world story"]


def test_an_empty_section_has_a_page_and_an_unknown_one_does_not(client, sections):
    doc = page(client, "/sections/sport/")
    assert "No stories yet." in text(doc.find(".//main"))
    assert client.get("/sections/no-such-section/").status_code == 404


def test_the_navigation_shows_the_sections_in_their_order(client, sections):
    story = factories.article(1)
    for url in ("/", story.get_absolute_url(), "/archive/"):
        nav = page(client, url).find(".//nav[@aria-label='Sections']")
        assert [text(a) for a in nav.iter("a")] == [
            "All news",
            "Science & Space",
            "World",
            "Sport",
            "Archive",
        ], url


def test_a_renamed_section_shows_in_the_navigation_at_once(client, sections):
    client.get("/")  # the furniture is cached now
    sections["sport"].name = "Sports"
    sections["sport"].save()
    nav = page(client, "/").find(".//nav[@aria-label='Sections']")
    assert "Sports" in [text(a) for a in nav.iter("a")]


def test_section_feeds_carry_only_the_sections_published_stories(client, sections):
    factories.article(1, headline="World story")
    factories.article(2, headline="Sport story", section=sections["sport"])
    factories.article(3, headline="Hidden", status=Article.Status.DRAFT)
    for url in ("/feeds/sections/world.rss", "/feeds/sections/world.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ElementTree.fromstring(response.content)
        titles = [
            t.text
            for t in root.iter()
            if t.tag in ("title", "{http://www.w3.org/2005/Atom}title")
        ]
        assert "World story" in titles and "Sport story" not in titles, url
    assert client.get("/feeds/sections/nowhere.rss").status_code == 404


def test_a_story_page_has_a_visible_breadcrumb_and_a_breadcrumb_list(client, sections):
    story = factories.article(1, headline="Summit opens", section=sections["science"])
    doc = page(client, story.get_absolute_url())
    crumb = doc.find(".//nav[@aria-label='Breadcrumb']")
    links = [(text(a), a.get("href")) for a in crumb.iter("a")]
    assert links == [
        ("Home", "/"),
        ("Science & Space", "/sections/science-and-space/"),
        ("Summit opens", story.get_absolute_url()),
    ]
    assert crumb.findall(".//a")[-1].get("aria-current") == "page"
    data = json_ld(doc, "BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"])
        for item in data["itemListElement"]
    ] == [
        (1, "Home", "http://testserver/"),
        (2, "Science & Space", "http://testserver/sections/science-and-space/"),
        (3, "Summit opens", f"http://testserver{story.get_absolute_url()}"),
    ]


def test_a_story_without_a_section_has_home_then_the_story(client):
    story = factories.article(1, headline="Unfiled", section=None)
    data = json_ld(page(client, story.get_absolute_url()), "BreadcrumbList")
    assert [item["name"] for item in data["itemListElement"]] == ["Home", "Unfiled"]


def test_the_sitemap_lists_the_section_pages(client, sections):
    response = client.get("/sitemap-sections.xml")
    assert response.status_code == 200
    assert "http://testserver/sections/science-and-space/" in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_a_section_page_runs_a_constant_number_of_queries(
    client, sections, django_assert_num_queries, count
):
    for n in range(count):
        factories.furnish(factories.article(n, headline=f"Listed {n}"), 2)
    # The furniture (nav, banner), the arrangements, page, lead photos (no count).
    with django_assert_num_queries(4):
        client.get("/sections/world/")
    # With the furniture in the cache and the page itself not kept (another page
    # number): page, lead photos.
    with django_assert_num_queries(2):
        client.get("/sections/world/?page=1")


def test_editors_add_sections_and_the_audit_log_says_so(client, editor_client):
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Economy",
            "slug": "economy",
            "order": "3",
            "description": "",
            "rubrics-TOTAL_FORMS": "1",
            "rubrics-INITIAL_FORMS": "0",
            "rubrics-0-agency": factories.agency().pk,
            "rubrics-0-rubric": "Business",
        },
    )
    assert response.status_code == 302
    assert Section.objects.get(slug="economy").name == "Economy"
    assert str(SectionRubric.objects.get()) == "TASS “Business” → Economy"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.FRONT)
    assert entry.subject == "section Economy" and entry.detail == "Added."
    assert "Economy" in client.get("/").content.decode()


def test_a_section_with_stories_cannot_be_deleted_and_the_editor_is_told_why(
    editor_client, sections
):
    factories.article(1, headline="Filed in world")
    url = reverse("admin:articles_section_delete", args=[sections["world"].pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    said = text(parse(response.content.decode()).find(".//main"))
    assert "would require deleting the following protected related objects" in said
    assert "Story: Filed in world" in said
    assert Section.objects.filter(pk=sections["world"].pk).exists()


def test_an_empty_section_can_be_deleted(editor_client, sections):
    url = reverse("admin:articles_section_delete", args=[sections["sport"].pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Section.objects.filter(slug="sport").exists()


def test_a_scheduled_story_is_not_on_its_section_page(client, sections):
    factories.article(
        1,
        headline="Tomorrow's world story",
        published_at=factories.NOW + timedelta(days=3650),
    )
    assert "Tomorrow" not in client.get("/sections/world/").content.decode()


def test_moving_a_story_to_another_section_is_in_its_history(sections):
    story = factories.article(1)
    before = services.snapshot(story)
    story.section = sections["sport"]
    after = services.snapshot(story)
    assert services.changed_fields(before, after) == ["section"]
    assert services.display_value("section", after["section"]) == "Sport"


def wire_story(subjects, **fields):
    story = factories.article(1, status=Article.Status.DRAFT, **fields)
    WireCopy.objects.create(
        article=story,
        source_format="ninjs",
        copy_hash="0" * 64,
        story={"headline": story.headline, "subjects": subjects, "keywords": []},
    )
    return story


def suggestion_on_the_form(editor_client, story) -> str:
    url = reverse("admin:articles_article_change", args=[story.pk])
    doc = parse(editor_client.get(url).content.decode())
    field = doc.find(".//div[@class='form-row field-suggested_section']")
    return text(field.find(".//div[@class='readonly']"))


def test_the_agencys_rubric_suggests_a_section_without_choosing_it(
    editor_client, sections
):
    SectionRubric.objects.create(
        agency=factories.agency(), rubric="science & SPACE", section=sections["science"]
    )
    story = wire_story(["Diplomacy", "Science & Space"], section=None)
    assert suggestion_on_the_form(editor_client, story) == (
        "Science & Space, from the agency's “Science & Space”: choose it above if "
        "it fits"
    )
    story.refresh_from_db()
    assert story.section is None  # never forced


def test_a_rubric_mapped_for_another_agency_suggests_nothing(editor_client, sections):
    other = Agency.objects.create(name="Other Wire", short_name="OW")
    SectionRubric.objects.create(
        agency=other, rubric="Science & Space", section=sections["science"]
    )
    story = wire_story(["Science & Space"])
    assert suggestion_on_the_form(editor_client, story).startswith("— (no rubric")


def test_one_rubric_of_an_agency_maps_to_one_section(sections):
    SectionRubric.objects.create(
        agency=factories.agency(), rubric="Sport", section=sections["sport"]
    )
    twin = SectionRubric(
        agency=factories.agency(), rubric="SPORT", section=sections["world"]
    )
    with pytest.raises(ValidationError, match="already suggests a section"):
        twin.full_clean()


def test_deleting_used_sections_from_the_list_is_refused_with_the_stories_named(
    editor_client, sections
):
    factories.article(1, headline="Filed in world")
    response = editor_client.post(
        reverse("admin:articles_section_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [sections["world"].pk, sections["sport"].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 200
    said = text(parse(response.content.decode()).find(".//main"))
    assert "Story: Filed in world" in said
    assert Section.objects.filter(slug__in=["world", "sport"]).count() == 2


def test_a_deleted_section_leaves_the_navigation_and_its_page_at_once(
    client, editor_client, sections
):
    story = factories.article(1, headline="Filed in world")
    arrangement = Arrangement.objects.create(
        section=sections["sport"], goes_live_at=factories.NOW
    )
    ArrangementSlot.objects.create(arrangement=arrangement, article=story, position=0)
    assert "Sport" in text(page(client, "/").find(".//nav[@aria-label='Sections']"))
    response = editor_client.post(
        reverse("admin:articles_section_delete", args=[sections["sport"].pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    # Its arrangement went with it; the story stays, in its own section.
    assert not Arrangement.objects.exists()
    assert client.get("/sections/sport/").status_code == 404
    nav = text(page(client, "/").find(".//nav[@aria-label='Sections']"))
    assert "Sport" not in nav and "World" in nav
    assert page(client, "/sections/world/") is not None
    assert AuditEntry.objects.filter(subject="section Sport").exists()
