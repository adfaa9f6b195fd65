"""Public surfaces are read-only: GET and HEAD (and OPTIONS) only, for every one.

A method they do not take answers 405 with an ``Allow`` header and no body, the
same on a class-based page, a feed, a sitemap or the API: never the page itself
(TRACE, OPTIONS) and never a CSRF failure page (POST and friends; nothing public
takes a body, so there is no form to protect).
"""

import pytest
from django.test import Client

from articles.models import ArticlePerson, Person

from . import factories
from .public_urls import SURFACES

REFUSED = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "PROPFIND"]


@pytest.fixture
def story(db):
    story = factories.furnish(
        factories.article(1, headline="Zebrafish swim", slug="zebrafish-swim"), 1
    )
    story.tags.add("shared")
    person = Person.objects.create(name="Shared Person", slug="shared-person")
    ArticlePerson.objects.create(article=story, person=person)
    return story


def url_of(surface, story) -> str:
    return surface.url(
        story=story, tag="shared", person="shared-person", word="zebrafish"
    )


def allowed(response) -> set[str]:
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=str)
def test_methods_a_public_surface_does_not_take_answer_405(story, surface):
    browser = Client(enforce_csrf_checks=True)
    url = url_of(surface, story)
    assert browser.get(url).status_code == 200, url
    assert browser.head(url).status_code == 200, url
    for method in REFUSED:
        response = browser.generic(
            method, url, b"x=1", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 405, (method, url)
        assert allowed(response) == {"GET", "HEAD", "OPTIONS"}, (method, url)
        assert response.content == b"", (method, url)  # no page, no CSRF page


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=str)
def test_options_names_the_methods_without_the_page(story, surface):
    url = url_of(surface, story)
    response = Client().options(url)
    assert response.status_code == 200, url
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}, url
    assert response.content == b"", url


@pytest.mark.django_db
def test_forms_that_take_input_still_need_their_csrf_token(editor):
    # Only the read-only public views are exempt: the desk's login form is not.
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/admin/login/", {"username": "editor", "password": "a-long-test-password"}
    )
    assert response.status_code == 403
