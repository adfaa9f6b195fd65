"""Every word of a query must appear, on SQLite and PostgreSQL alike: words such as
"or" and "-" are words, never operators."""

import pytest

from articles import search

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    return {
        "both": factories.article(1, headline="Rock and roll in Moscow"),
        "rock": factories.article(2, headline="Rock concert cancelled"),
        "roll": factories.article(3, headline="Roll call in the Duma"),
    }


@pytest.mark.parametrize("query", ["rock roll", "rock -roll", "ROCK +roll"])
def test_every_word_must_appear(stories, query):
    assert list(search.ranked_matches(query)) == [stories["both"].pk]


@pytest.mark.parametrize("query", ["rock or roll", "rock OR roll", "rock | roll"])
def test_or_is_a_word_not_an_operator(stories, query):
    # PostgreSQL drops "or" as a stop word and SQLite looks for it; neither may
    # widen the search to stories with only one of the other words.
    found = set(search.ranked_matches(query))
    assert found <= {stories["both"].pk}


def test_a_quoted_phrase_must_appear_as_a_phrase(stories):
    assert list(search.ranked_matches('"rock and roll"')) == [stories["both"].pk]
    assert list(search.ranked_matches('"roll and rock"')) == []


def test_bidi_controls_in_a_query_are_not_echoed_into_the_page(client, stories):
    response = client.get("/search/?q=%E2%80%AERock%E2%81%A6 concert")
    html = response.content.decode()
    assert response.status_code == 200
    assert "\u202e" not in html and "\u2066" not in html
    assert 'value="Rock concert"' in html  # the words are still shown and searched
    assert "Rock concert cancelled" in html
