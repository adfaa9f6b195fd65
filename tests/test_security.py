"""Security headers on every response, and cookies a network attacker cannot read."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.body_editor import importmap_hash

from . import factories

SAME_EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers_and_run_no_inline_script(client):
    story = factories.furnish(factories.article(), 1)
    for url in ["/", story.get_absolute_url(), "/news/no-such-story/"]:
        response = client.get(url)
        for header, value in SAME_EVERYWHERE.items():
            assert response[header] == value, (url, header)
        policy = csp(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_story_page_has_no_inline_script_or_style_the_policy_would_block(client):
    story = factories.furnish(factories.article(), 2)
    page = client.get(story.get_absolute_url()).content.decode()
    # The only script elements are JSON-LD (the NewsArticle and the breadcrumb):
    # data that browsers never execute.
    assert (
        page.count("<script") == page.count('<script type="application/ld+json">') == 2
    )
    assert "style=" not in page
    assert "<style" not in page


@pytest.mark.django_db
def test_admin_may_use_inline_styles_but_still_no_inline_scripts(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    policy = csp(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # Plus the body editor's import map, by its hash (issue 21), and nothing else.
    assert policy["script-src"] == ["'self'", importmap_hash()]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_django_admin_pages_have_no_inline_scripts(editor_client):
    """What lets the admin keep script-src 'self': every script has a src."""
    story = factories.article()
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_photo_add"),
    ]:
        page = editor_client.get(url).content.decode()
        for tag in page.split("<script")[1:]:
            head = tag.split(">", 1)[0]
            # The body editor's import map cannot be a file; the CSP names its hash.
            assert "src=" in head or head == ' type="importmap"', (url, tag[:200])
        assert " onclick=" not in page and " onload=" not in page, url


def test_probes_and_errors_carry_the_headers_too(client, db):
    for url in ["/healthz", "/readyz", "/admin/"]:
        response = client.get(url)
        assert "Content-Security-Policy" in response, url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/healthz", secure=True)
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    # Never over plain HTTP, where an attacker could strip or forge it anyway.
    assert "Strict-Transport-Security" not in client.get("/healthz")


def test_no_hsts_unless_configured(client):
    assert "Strict-Transport-Security" not in client.get("/healthz", secure=True)


@pytest.mark.django_db
def test_plain_http_is_served_unless_the_redirect_is_configured(client, settings):
    assert client.get("/").status_code == 200
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # middleware reads its settings when a client first loads it
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    # Load balancers probe over plain HTTP inside the network.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_https_at_the_proxy_counts_when_its_header_is_trusted(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/", headers={"X-Forwarded-Proto": "http"}).status_code == 301


@pytest.mark.django_db
def test_login_cookies_are_secure_httponly_and_same_site(editor):
    browser = Client(enforce_csrf_checks=True)
    login_url = reverse("admin:login")
    browser.get(login_url)
    csrf_cookie = browser.cookies["csrftoken"]
    response = browser.post(
        login_url,
        {
            "username": "editor",
            "password": "a-long-test-password",
            "csrfmiddlewaretoken": csrf_cookie.value,
            "next": reverse("admin:index"),
        },
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    for cookie in (session_cookie, response.cookies["csrftoken"]):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
