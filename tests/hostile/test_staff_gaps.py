"""Low-privilege staff: what a reporter or a staff member without rights must not do.

Each case was found by an attack as a hostile member of staff would make it.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRedirect

from .. import factories
from ..conftest import make_user

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
