"""Search: what readers find, in what order, and that the index follows every edit."""

import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles import search
from articles.models import Article, ArticlePerson, ArticlePhoto, Person

from . import factories
from .html import headlines, page, parse, text

pytestmark = pytest.mark.django_db


def results(client, query: str, **params) -> list[str]:
    return headlines(page(client, "/search/?" + urlencode({"q": query, **params})))


def test_search_finds_words_in_every_searchable_part_of_a_story(client):
    story = factories.article(
        1, headline="Talks in Tokyo", dek="Ministers met", body="About the grain deal."
    )
    photo = factories.photo(1)
    photo.caption = "A cormorant on the pier"
    photo.save()
    ArticlePhoto.objects.create(article=story, photo=photo)
    ArticlePerson.objects.create(
        article=story, person=Person.objects.create(name="Taro Kono")
    )
    story.tags.add("Aegis Ashore")
    factories.article(2, headline="Something else entirely")
    for query in ["Tokyo", "ministers", "grain", "cormorant", "Kono", "Aegis"]:
        assert results(client, query) == ["Talks in Tokyo"], query


def test_a_caption_written_for_the_story_is_searched_instead_of_the_library_one(client):
    story = factories.article(1, headline="Harbour story")
    ArticlePhoto.objects.create(
        article=story,
        photo=factories.photo(1),
        caption_override="Fishing boats at dawn",
    )
    assert results(client, "boats") == ["Harbour story"]
    assert results(client, "Caption") == []  # the library caption "Caption 1"


def test_results_are_ranked_headline_matches_first(client):
    in_body = factories.article(
        1, headline="A quiet day", body="Later the volcano erupted."
    )
    in_headline = factories.article(2, headline="Volcano erupts near the coast")
    in_dek = factories.article(
        3, headline="Evacuations begin", dek="The volcano woke up."
    )
    assert results(client, "volcano") == [
        in_headline.headline,
        in_dek.headline,
        in_body.headline,
    ]


@pytest.mark.parametrize(
    ("headline", "query"),
    [
        ("Missile defense poses no threat to Russia", "russia"),
        ("Missile tests resume in the north", "missiles"),  # stemmed
        ("Café owners protest in Paris", "cafe"),  # accents
        ("Кремль: России нечего опасаться", "россии"),  # letter case beyond ASCII
    ],
)
def test_a_long_story_with_the_words_in_its_headline_beats_short_tagged_ones(
    client, headline, query
):
    # The word is on most stories (its weight in BM25 all but vanishes) and the
    # long story's length would otherwise push it below every short one.
    long_body = "Ministers met in Tokyo to talk about grain and fish. " * 80
    factories.article(0, headline=headline, body=long_body)
    for n in range(1, 13):
        story = factories.article(n, headline=f"Market report {n}")
        story.tags.add(query)
        story.save()  # indexed with its tag
    assert results(client, query)[0] == headline


def test_part_of_a_headline_word_is_no_headline_match(client):
    factories.article(1, headline="Award ceremony in Tokyo").tags.add("War")
    Article.objects.get(headline="Award ceremony in Tokyo").save()
    factories.article(2, headline="Talks in Tokyo", dek="The war goes on", body="War.")
    assert results(client, "war")[0] == "Talks in Tokyo"


def test_every_word_must_match_and_quotes_make_a_phrase(client):
    factories.article(1, headline="Grain deal signed in Istanbul")
    factories.article(2, headline="Grain prices fall", body="No deal yet.")
    factories.article(
        3, headline="Deal on gas", body="Grain is not mentioned… well, now it is."
    )
    # One of the two words each: found if the words were OR-ed, so never here.
    factories.article(4, headline="Grain harvest up", body="Silos are full.")
    factories.article(5, headline="Port agreement", body="The deal holds.")
    assert "Grain harvest up" in results(client, "grain")  # each word alone finds
    assert "Port agreement" in results(client, "deal")
    found = results(client, "grain deal")
    assert "Grain harvest up" not in found and "Port agreement" not in found
    assert sorted(found) == [
        "Deal on gas",
        "Grain deal signed in Istanbul",
        "Grain prices fall",
    ]
    assert results(client, '"grain deal"') == ["Grain deal signed in Istanbul"]


def test_stemming_and_accents_do_not_hide_a_story(client):
    factories.article(1, headline="Missiles tested over the sea")
    factories.article(2, headline="Café owners protest")
    assert results(client, "missile") == ["Missiles tested over the sea"]
    assert results(client, "cafe") == ["Café owners protest"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "NEAR(",
        "a*",
        "-",
        "col:umn",
        "^start",
        "((",
        "' OR 1=1 --",
        "🙂" * 300,
    ],
)
def test_any_input_is_safe(client, query):
    factories.article(1, headline="Ordinary story")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_a_nul_byte_in_the_query_is_refused_with_a_400(client):
    response = client.get("/search/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_only_published_stories_are_found(client):
    factories.article(1, headline="Published walrus")
    factories.article(2, headline="Draft walrus", status=Article.Status.DRAFT)
    factories.article(3, headline="Submitted walrus", status=Article.Status.SUBMITTED)
    factories.article(
        4,
        headline="Killed walrus",
        status=Article.Status.KILLED,
        published_at=factories.NOW,
    )
    factories.article(
        5, headline="Scheduled walrus", published_at=timezone.now() + timedelta(hours=1)
    )
    factories.article(
        6,
        headline="Embargoed walrus",
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    doc = page(client, "/search/?q=walrus")
    assert headlines(doc) == ["Published walrus"]
    assert "1 story matches “walrus”" in text(doc.find(".//p[@class='result-count']"))


def test_the_query_stays_in_the_box_and_pages_keep_it(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for n in range(5):
        factories.article(n, headline=f"Harvest report {n}")
    doc = page(client, "/search/?q=harvest")
    box = doc.find(".//input[@id='search-q']")
    assert box.get("value") == "harvest"
    assert box.get("name") == "q"
    next_link = doc.find(".//a[@rel='next']")
    assert next_link.get("href") == "?q=harvest&page=2"
    page3 = page(client, "/search/?q=harvest&page=3")
    assert len(headlines(page3)) == 1
    assert client.get("/search/?q=harvest&page=4").status_code == 404


def test_a_search_with_no_results_helps_the_reader_on(client):
    factories.article(1, headline="Latest story")
    doc = page(client, "/search/?q=zeppelin")
    heading = doc.find(".//h2[@id='no-results-heading']")
    assert text(heading) == "No stories match “zeppelin”"
    assert "Check the spelling" in text(doc.find(".//section"))
    latest = doc.find(".//ul[@class='latest']")
    assert [text(a) for a in latest.iter("a")] == ["Latest story"]
    assert doc.find(".//input[@id='search-q']").get("value") == "zeppelin"


def test_an_empty_search_explains_itself(client):
    doc = page(client, "/search/")
    assert "Type a word" in text(doc.find(".//main"))
    assert doc.find(".//input[@id='search-q']").get("value") == ""


def test_the_query_is_escaped_on_the_page(client):
    html = client.get("/search/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_index_follows_edits_to_the_story_and_what_is_shown_with_it(client):
    story = factories.article(1, headline="Walrus headline")
    photo = factories.photo(1)
    ArticlePhoto.objects.create(article=story, photo=photo)
    person = Person.objects.create(name="Anna Petrova")
    ArticlePerson.objects.create(article=story, person=person)
    story.tags.add("harbour")

    story.headline = "Narwhal headline"
    story.save()
    assert results(client, "walrus") == []
    assert results(client, "narwhal") == ["Narwhal headline"]

    photo.caption = "Icebreaker in the bay"
    photo.save()
    assert results(client, "icebreaker") == ["Narwhal headline"]

    person.name = "Anna Sokolova"
    person.save()
    assert results(client, "Sokolova") == ["Narwhal headline"]
    assert results(client, "Petrova") == []

    tag = Tag.objects.get(name="harbour")
    tag.name = "seaport"
    tag.save()
    assert results(client, "seaport") == ["Narwhal headline"]
    story.tags.remove(tag)
    assert results(client, "seaport") == []

    story.delete()
    assert results(client, "narwhal") == []


def test_rebuild_command_indexes_stories_that_came_in_without_signals(client):
    Article.objects.bulk_create(
        [
            Article(
                headline=f"Bulk loaded quokka {n}",
                slug=f"bulk-{n}",
                body="Text.",
                status=Article.Status.PUBLISHED,
                published_at=factories.NOW,
            )
            for n in range(3)
        ]
    )
    assert results(client, "quokka") == []
    out = io.StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would index 3 stories" in out.getvalue()
    assert results(client, "quokka") == []
    call_command("rebuild_search_index", "--batch-size", "2", stdout=out)
    assert "Indexed 3 stories." in out.getvalue()
    assert len(results(client, "quokka")) == 3


@pytest.mark.parametrize("size", ["0", "10001", "999999999999999999999"])
def test_rebuild_command_refuses_a_bad_batch_size(size):
    with pytest.raises(CommandError) as refused:
        call_command("rebuild_search_index", "--batch-size", size)
    assert str(refused.value) == (
        f"--batch-size must be between 1 and 10000, not {size}."
    )


def test_rebuild_command_takes_the_largest_batch_size(client):
    factories.article(headline="Quokka census")
    out = io.StringIO()
    call_command("rebuild_search_index", "--batch-size", "10000", stdout=out)
    assert "Indexed 1 stories." in out.getvalue()
    assert len(results(client, "quokka")) == 1


@pytest.mark.parametrize("count", [1, 20])
def test_search_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    for n in range(count):
        factories.furnish(factories.article(n, headline=f"Budget story {n}"), 2)
    # The furniture (nav, banner; once per change), count, ranked ids, stories,
    # lead photos.
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "budget"})
    assert len(headlines(parse(response.content.decode()))) == count


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_search_starts_from_the_full_text_index():
    factories.article(1, headline="Plan check")
    ranked = search.ranked_matches("plan")
    for plan in (ranked.explain(), ranked.order_by().explain()):
        steps = plan.splitlines()
        # The matches come from FTS5; each is checked against the published rule by
        # primary key. Never the other way round (a full-text probe per story).
        assert steps[0].endswith("SCAN articles_search VIRTUAL TABLE INDEX 0:M6")
        assert "SEARCH U0 USING INTEGER PRIMARY KEY (rowid=?)" in plan
        assert "=M" not in plan
