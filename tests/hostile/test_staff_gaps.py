"""Low-privilege staff: what a reporter or a staff member without rights must not do.

Each case was found by an attack as a hostile member of staff would make it.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from articles import services
from articles.models import (
    Agency,
    Article,
    ArticlePerson,
    ArticleRedirect,
    AuditEntry,
    Person,
)

from .. import factories
from ..conftest import make_user
from ..formdata import form_data

pytestmark = pytest.mark.django_db


def view_on_site_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


def test_staff_without_rights_cannot_learn_a_drafts_address(client):
    draft = factories.article(
        1, status=Article.Status.DRAFT, headline="Secret merger talks"
    )
    client.force_login(make_user("intern", None))
    response = client.get(view_on_site_url(draft))
    assert response.status_code == 403
    assert draft.slug not in response.get("Location", "")


def test_an_editor_still_uses_view_on_site(editor_client):
    story = factories.article(1)
    response = editor_client.get(view_on_site_url(story))
    assert response.status_code == 302
    assert response["Location"].endswith(story.get_absolute_url())


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u200b\u200c\u200d", " \u2060 ", "\u202e"]
)
def test_a_headline_of_invisible_characters_is_refused(editor_client, invisible):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {"headline": invisible, "body": "A paragraph.", "status": "draft"},
    )
    assert response.status_code == 200
    assert "only invisible characters" in response.content.decode()
    assert not Article.objects.exists()


def test_a_draft_cannot_take_a_published_storys_old_address(editor, reporter):
    story = factories.article(1, headline="Port strike ends")
    old_slug = story.slug
    story.slug = "port-strike-ends-after-talks"
    services.article_save(article=story, user=editor)
    assert ArticleRedirect.objects.filter(old_slug=old_slug, article=story).exists()

    draft = factories.article(2, status=Article.Status.DRAFT, headline="Other story")
    draft.slug = old_slug
    with pytest.raises(ValidationError) as refused:
        services.article_save(article=draft, user=reporter)
    assert "old address of “Port strike ends" in str(refused.value)
    # The published story's old links still lead to it.
    assert ArticleRedirect.objects.get(old_slug=old_slug).article == story
    assert (
        Client()
        .get(f"/news/{old_slug}/")["Location"]
        .endswith(story.get_absolute_url())
    )


def test_a_story_may_take_back_its_own_old_address(editor):
    story = factories.article(1, headline="Port strike ends")
    old_slug = story.slug
    story.slug = "renamed"
    services.article_save(article=story, user=editor)
    story.slug = old_slug
    services.article_save(article=story, user=editor)
    assert not ArticleRedirect.objects.filter(old_slug=old_slug).exists()
    assert ArticleRedirect.objects.filter(old_slug="renamed", article=story).exists()


CHANGELIST = "/admin/articles/article/"


def list_post(client, action: str, stories, *, drop_versions: bool = False):
    """Tick ``stories`` in the story list, pick ``action`` and press Go."""
    listing = form_data(client.get(CHANGELIST).content.decode(), "changelist-form")
    listing.pop("_save", None)
    if drop_versions:
        listing = {k: v for k, v in listing.items() if "version" not in k}
    listing.update(
        action=action, index="0", _selected_action=[str(s.pk) for s in stories]
    )
    response = client.post(CHANGELIST, listing, follow=True)
    return " ".join(str(m) for m in response.context["messages"])


def test_bulk_publish_never_uses_a_time_a_reporter_proposed(editor_client, reporter):
    proposed = datetime(2019, 3, 21, 9, 0, tzinfo=UTC)
    old_dated = factories.article(
        1, status=Article.Status.DRAFT, published_at=proposed, headline="Back-dated"
    )
    # No dateline day: fresh copy, which "Publish selected" publishes now (old copy
    # is left to its form, tests/test_old_copy.py).
    plain = factories.article(
        2, status=Article.Status.DRAFT, headline="Plain draft", dateline_date=None
    )
    said = list_post(editor_client, "publish_selected", [old_dated, plain])
    assert "Published 1 story" in said
    assert (
        "Not published — “Back-dated”: it carries a proposed publication time" in said
    )
    assert "21 March 2019" in said
    old_dated.refresh_from_db()
    assert old_dated.status == Article.Status.DRAFT
    plain.refresh_from_db()
    assert plain.status == Article.Status.PUBLISHED
    assert plain.published_at.year >= 2026  # now, not a guess


def test_republishing_keeps_the_first_publication_time(editor, editor_client):
    story = factories.article(1, status=Article.Status.DRAFT)
    services.article_publish(article=story, user=editor)
    first = story.published_at
    services.article_unpublish(article=story, user=editor)
    said = list_post(editor_client, "publish_selected", [story])
    assert "Published 1 story" in said
    story.refresh_from_db()
    assert story.published_at == first


def test_a_bulk_action_without_the_rows_version_is_refused(editor_client):
    draft = factories.article(1, status=Article.Status.DRAFT, published_at=None)
    said = list_post(editor_client, "publish_selected", [draft], drop_versions=True)
    assert "did not say which version" in said
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


UNKNOWN_AGENCY_COPY = """Harbour cranes idle as dock workers walk out

OSLO, March 3. /NORDWIRE/. Dock workers at the city's container harbour stopped work
on Tuesday morning, the union said.

Talks with the port operator are to resume on Thursday.
"""


def test_a_reporter_importing_an_unknown_agency_does_not_create_it(client, reporter):
    client.force_login(reporter)
    url = reverse("admin:articles_article_import_wire")
    data = form_data(client.get(url).content.decode(), "wire-import-form")
    data.update(text=UNKNOWN_AGENCY_COPY, reference_date="2026-03-31")
    response = client.post(url, data, follow=True)
    assert not Agency.objects.filter(short_name__iexact="NORDWIRE").exists()
    story = Article.objects.get()
    assert story.agency is None
    assert "is not on file, and you may not add agencies" in response.content.decode()


def test_an_editor_importing_an_unknown_agency_adds_it(editor_client):
    url = reverse("admin:articles_article_import_wire")
    data = form_data(editor_client.get(url).content.decode(), "wire-import-form")
    data.update(text=UNKNOWN_AGENCY_COPY, reference_date="2026-03-31")
    editor_client.post(url, data, follow=True)
    assert Article.objects.get().agency.short_name == "NORDWIRE"


def person_on(story_status, name="Ines Duarte"):
    person = Person.objects.create(name=name, slug=slugify(name), description="Mayor")
    story = factories.article(1, status=story_status)
    ArticlePerson.objects.create(article=story, person=person, role="subject")
    return person


def test_a_reporter_cannot_change_a_person_on_a_published_story(client, reporter):
    person = person_on(Article.Status.PUBLISHED)
    client.force_login(reporter)
    url = reverse("admin:articles_person_change", args=[person.pk])
    response = client.post(
        url, {"name": person.name, "slug": person.slug, "description": "Ex-mayor"}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.description == "Mayor"
    page = client.get(url)  # read-only for them
    assert page.status_code == 200 and 'name="description"' not in page.content.decode()


def test_a_reporter_changes_a_person_only_drafts_name_and_it_is_audited(
    client, reporter
):
    person = person_on(Article.Status.DRAFT)
    client.force_login(reporter)
    url = reverse("admin:articles_person_change", args=[person.pk])
    data = form_data(client.get(url).content.decode(), "person_form")
    data["description"] = "Deputy mayor"
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LIBRARY)
    assert entry.username == "reporter"
    assert entry.subject == "person Ines Duarte"
    assert entry.detail == "Changed Short description."


def test_an_editor_changes_a_person_on_a_published_story_and_it_is_audited(
    editor_client,
):
    person = person_on(Article.Status.PUBLISHED)
    url = reverse("admin:articles_person_change", args=[person.pk])
    data = form_data(editor_client.get(url).content.decode(), "person_form")
    data["description"] = "Former mayor"
    assert editor_client.post(url, data).status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.LIBRARY, username="editor"
    ).exists()
