"""Photographers: a credit naming a person links to their page, and searching for
the photographer finds the stories with their pictures."""

import pytest

from articles.models import ArticlePhoto, Person

from . import factories
from .html import headlines, page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured():
    """A published story with a photo credited to a person the newsroom knows."""
    person = Person.objects.create(name="Ivan Photographov", slug="ivan-photographov")
    story = factories.article(1, headline="Harbour at dawn")
    photo = factories.photo(1, credit="Ivan Photographov/TASS")
    ArticlePhoto.objects.create(article=story, photo=photo)
    return story, photo, person


def test_a_credit_naming_a_known_person_makes_them_the_photographer(pictured):
    _, photo, person = pictured
    assert photo.photographer == person
    other = factories.photo(2, credit="Somebody Unknown/TASS")
    assert other.photographer is None


def test_the_credit_under_the_photo_links_to_the_photographers_page(client, pictured):
    story, _, person = pictured
    doc = page(client, story.get_absolute_url())
    credit = doc.find(".//figcaption/span[@class='credit']")
    assert text(credit) == "© Ivan Photographov/TASS"
    link = credit.find("a")
    assert (text(link), link.get("href")) == (
        "Ivan Photographov",
        "/people/ivan-photographov/",
    )
    assert client.get(person.get_absolute_url()).status_code == 200


def test_a_credit_naming_nobody_known_is_plain_text(client):
    story = factories.article(1)
    ArticlePhoto.objects.create(
        article=story, photo=factories.photo(1, credit="Somebody Unknown/TASS")
    )
    credit = page(client, story.get_absolute_url()).find(
        ".//figcaption/span[@class='credit']"
    )
    assert text(credit) == "© Somebody Unknown/TASS"
    assert credit.find("a") is None


def test_search_finds_stories_by_their_photographers_name(client, pictured):
    factories.article(2, headline="Nothing pictured")
    assert headlines(page(client, "/search/?q=Photographov")) == ["Harbour at dawn"]


def test_renaming_the_photographer_keeps_search_in_step(client, pictured):
    _, _, person = pictured
    person.name = "Ivan Lensky"
    person.save()
    assert headlines(page(client, "/search/?q=Lensky")) == ["Harbour at dawn"]
