"""Forged hosts, oversized or malformed bodies, bad CSRF: a 4xx, never a 500.

And when something does break, readers get our own 500 page while the log gets the
traceback, tagged with the request id the page shows.
"""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article

from . import factories
from .formdata import form_data
from .logcapture import json_logs


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "localhost:abc", "a b"]
)
def test_a_forged_host_gets_400(client, host):
    with json_logs("django.security") as logged:
        response = client.get("/", headers={"host": host})
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert logged[0]["logger"] == "django.security.DisallowedHost"
    assert logged[0]["request_id"] == response["X-Request-ID"]
    assert "exception" not in logged[0]  # one line, no traceback spam


@pytest.mark.django_db
def test_an_oversized_form_gets_400_and_changes_nothing(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    story = factories.article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    data["body"] = "Paragraph. " * 10_000
    response = editor_client.post(url, data)
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.body.startswith("<p>First paragraph")


@pytest.mark.django_db
def test_too_many_fields_get_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    fields = {f"f{i}": "x" for i in range(150)}
    assert client.post(reverse("admin:login"), fields).status_code == 400


@pytest.mark.django_db
def test_a_malformed_multipart_body_gets_400(client):
    response = client.generic(
        "POST",
        reverse("admin:login"),
        b"--broken\r\nnot a part",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_post_without_csrf_token_gets_403_and_changes_nothing(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    story = factories.article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(browser.get(url).content.decode(), "article_form")
    data["headline"] = "Forged headline"
    data["csrfmiddlewaretoken"] = "x" * 64
    response = browser.post(url, data)
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "Story number 0"


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_failing")
def test_a_crash_shows_our_500_page_and_logs_the_traceback():
    reader = Client(raise_request_exception=False)
    with json_logs("django.request") as logged:
        response = reader.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    request_id = response["X-Request-ID"]
    assert request_id in page  # the reference a reader can quote
    assert "printing press" not in page and "Traceback" not in page
    assert "Content-Security-Policy" in response

    (entry,) = logged
    assert entry["level"] == "ERROR"
    assert entry["request_id"] == request_id
    assert entry["path"] == "/broken/"
    assert "RuntimeError: the printing press jammed" in entry["exception"]
