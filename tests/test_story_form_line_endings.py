"""Browsers send textarea line breaks as CRLF; the desk must not see phantom edits.

Found by the browser tests (tests/e2e): a story saved from Chromium with only its
standfirst changed was recorded, and named in conflict messages, as a body edit.
"""

import pytest
from django.urls import reverse

from articles.models import ArticleRevision

from .formdata import form_data


def as_a_browser_sends(data: dict) -> dict:
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


@pytest.mark.django_db
def test_an_untouched_body_sent_with_crlf_is_not_an_edit(editor_client, seed):
    url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    assert data["body"].startswith("<p>")  # the body as stored: HTML paragraphs
    data["dek"] = "A new standfirst.\nOn two lines."
    response = editor_client.post(url, as_a_browser_sends(data))
    assert response.status_code == 302

    stored_body = seed.body
    seed.refresh_from_db()
    assert seed.body == stored_body
    assert seed.dek == "A new standfirst.\nOn two lines."
    revision = ArticleRevision.objects.filter(article=seed).latest("version")
    assert revision.changed_fields == ["dek"]


@pytest.mark.django_db
def test_an_untouched_form_sent_with_crlf_writes_no_version_and_no_revision(
    editor_client, seed
):
    url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    assert data["body"].startswith("<p>")  # the body as stored: HTML paragraphs
    version, revisions = seed.lock_version, ArticleRevision.objects.count()
    assert editor_client.post(url, as_a_browser_sends(data)).status_code == 302
    seed.refresh_from_db()
    assert seed.lock_version == version
    assert ArticleRevision.objects.count() == revisions
