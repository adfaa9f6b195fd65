"""A batch (``manage.py ingest_wire``) reads each agency's story ids once: a story it
has never seen costs no look-up, and it is still never stored twice. A batch stores
what story-by-story import stores, each story at a constant cost in queries."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import caching
from articles.models import (
    Agency,
    Article,
    ArticlePerson,
    Person,
    SearchEntry,
    WireUpdate,
)
from articles.search import COLUMNS
from articles.wire import WireError, agency_text
from articles.wire.importer import ImportResult, WireImporter

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "wire" / "agency"
SEED_TEXT = (DATA / "seed-tass-japan.txt").read_text()


def story(n: int):
    text = SEED_TEXT.replace(
        "Japan’s missile defense poses no threat to Russia, top diplomat says",
        f"Missile defense story number {n} for the desk",
    )
    return agency_text.parse(text, reference_date=date(2018, 6, 30))


def test_a_batch_looks_up_no_story_it_knows_is_new():
    batch = WireImporter(batch=True)
    batch.import_story(story(0))
    with CaptureQueriesContext(connection) as queries:
        assert batch.import_story(story(1)).outcome == "created"
    lookups = [q["sql"] for q in queries if '"wire_id" =' in q["sql"]]
    assert lookups == []


def test_a_batch_finds_the_stories_it_already_has():
    first = WireImporter(batch=True)
    outcomes = [first.import_story(story(n)).outcome for n in range(3)]
    assert outcomes == ["created"] * 3
    # The same stories again, in the same batch and in a new one: nothing new.
    assert [first.import_story(story(n)).outcome for n in range(3)] == ["unchanged"] * 3
    again = WireImporter(batch=True)
    assert [again.import_story(story(n)).outcome for n in range(3)] == ["unchanged"] * 3
    assert Article.objects.count() == 3


def test_a_story_another_ingest_saved_after_the_batch_began_is_not_stored_twice():
    batch = WireImporter(batch=True)
    batch.import_story(story(0))  # the batch has read the agency's ids now
    assert WireImporter().import_story(story(1)).outcome == "created"  # elsewhere
    # The batch does not know the id: its insert meets the unique index, and it
    # carries on against the other ingest's row.
    assert batch.import_story(story(1)).outcome == "unchanged"
    assert Article.objects.filter(headline__contains="number 1 ").count() == 1


def stored() -> dict:
    """What ingest stored, without ids and times: stories with their people and
    wire copies, the people and agencies on file."""
    stories = []
    for article in Article.objects.order_by("pk").select_related("wire_copy"):
        copy = article.wire_copy
        stories.append(
            {
                **{
                    name: getattr(article, name)
                    for name in (
                        "headline",
                        "slug",
                        "dek",
                        "body",
                        "dateline_place",
                        "dateline_date",
                        "dateline_slug",
                        "byline",
                        "status",
                        "published_at",
                        "embargo_until",
                        "lock_version",
                        "wire_id",
                        "wire_version",
                    )
                },
                "agency": article.agency.short_name,
                "people": [
                    (link.person.name, link.role, link.position)
                    for link in article.person_roles.order_by("position")
                ],
                "tags": sorted(article.tags.names()),
                "copy": (
                    copy.source_format,
                    copy.copy_hash,
                    copy.story,
                    copy.photos,
                    copy.unsure,
                ),
            }
        )
    return {
        "stories": stories,
        "people": sorted(Person.objects.values_list("name", "slug", "description")),
        "agencies": sorted(Agency.objects.values_list("short_name", "slug")),
        "updates": sorted(
            WireUpdate.objects.values_list("article__slug", "version", "state", "story")
        ),
        "indexed": indexed(),
    }


def indexed() -> list[tuple[str, str]]:
    """The search index's text of each story (what search finds it by), by address."""
    if connection.vendor == "sqlite":
        text = " || ' | ' || ".join(f"s.{column}" for column in COLUMNS)
    else:
        text = "s.document::text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.slug, {text} FROM {SearchEntry._meta.db_table} s "  # noqa: S608
            "JOIN articles_article a ON a.id = s.rowid"
        )
        return sorted(cursor.fetchall())


def batch_stories():
    """New stories, one twice, two with the same headline, one too long to store."""
    stories = [story(n) for n in range(6)]
    twice = story(2)
    same_headline = story(4)
    same_headline.dateline_place = "Osaka"
    same_headline.wire_id += "-osaka"
    too_long = story(7)
    too_long.paragraphs = ["Far too long. " * 20_000]
    more = [story(n) for n in range(8, 12)]
    return [*stories, twice, same_headline, too_long, *more]


def newer(n: int):
    """Story ``n`` re-sent with one more paragraph (page text has no version)."""
    item = story(n)
    item.paragraphs.append("The talks will continue in Moscow.")
    return item


def second_batch():
    """The first batch again, with newer copies of an untouched and of an edited
    story, each sent twice, then the untouched one's first copy again."""
    return [*batch_stories(), newer(1), newer(5), newer(1), newer(5), story(1)]


def outcome(result) -> str:
    return result.outcome if isinstance(result, ImportResult) else type(result).__name__


def one_by_one(stories) -> list[str]:
    importer = WireImporter(batch=True)
    outcomes = []
    for item in stories:
        try:
            outcomes.append(outcome(importer.import_story(item)))
        except WireError as error:
            outcomes.append(type(error).__name__)
    return outcomes


def edit_on_the_desk():
    Article.objects.filter(headline=story(5).headline).update(dek="Edited")


def test_a_batch_stores_what_story_by_story_import_stores():
    expected = one_by_one(batch_stories())
    edit_on_the_desk()
    expected_again = one_by_one(second_batch())
    before = stored()
    Article.objects.all().delete()
    Person.objects.all().delete()
    Agency.objects.all().delete()

    results = WireImporter(batch=True).import_batch(
        [(item, None) for item in batch_stories()]
    )
    assert [outcome(r) for r in results] == expected
    assert expected.count("created") == 11 and "WireError" in expected
    assert "characters long" in str(results[8])
    edit_on_the_desk()
    results = WireImporter(batch=True).import_batch(
        [(item, None) for item in second_batch()]
    )
    assert [outcome(r) for r in results] == expected_again
    assert expected_again[-5:] == [
        "updated",
        "pending",
        "unchanged",
        "unchanged",
        "updated",  # the story as first sent differs from the copy it now has
    ]
    assert stored() == before


def batch_queries(numbers, outcome: str) -> int:
    """Queries one batch of ``story(n)`` takes; each must come out as ``outcome``."""
    batch = WireImporter(batch=True)
    with CaptureQueriesContext(connection) as queries:
        results = batch.import_batch([(story(n), None) for n in numbers])
    assert [r.outcome for r in results] == [outcome] * len(numbers)
    return len(queries)


def each_story_costs_the_same(one: int, three: int, twenty_one: int) -> bool:
    """Whether batches of 1, 3 and 21 stories took queries growing by the same
    number for each story (what a batch reads once aside)."""
    return twenty_one - one == 10 * (three - one) and three > one


def test_each_new_story_costs_a_batch_the_same_queries():
    WireImporter(batch=True).import_story(story(0))  # the agency and people on file
    assert each_story_costs_the_same(
        batch_queries([1], "created"),
        batch_queries(range(2, 5), "created"),
        batch_queries(range(10, 31), "created"),
    )


def test_a_first_batch_from_an_agency_not_on_file_costs_the_same_per_story():
    counts = []
    for size in (1, 3, 21):
        counts.append(batch_queries(range(size), "created"))
        Article.objects.all().delete()
        Person.objects.all().delete()
        Agency.objects.all().delete()
    assert each_story_costs_the_same(*counts)


def test_stories_written_together_retire_cached_pages():
    WireImporter(batch=True).import_story(story(0))  # the agency and people on file
    before = caching.current_state().generation
    batch_queries(range(1, 4), "created")  # stories written together
    assert caching.current_state().generation != before


def test_each_unchanged_story_costs_a_batch_the_same_queries():
    WireImporter(batch=True).import_batch([(story(n), None) for n in range(30)])
    assert each_story_costs_the_same(
        batch_queries([0], "unchanged"),
        batch_queries(range(3), "unchanged"),
        batch_queries(range(21), "unchanged"),
    )


def test_a_story_whose_address_another_writer_took_gets_the_next_free_one():
    batch = WireImporter(batch=True)
    batch.import_story(story(0))  # the batch has read the agency's ids
    taken = story(3)
    WireImporter().import_story(taken)
    Article.objects.filter(wire_id=taken.wire_id).update(wire_id="elsewhere")
    results = batch.import_batch([(story(n), None) for n in range(1, 6)])
    assert [r.outcome for r in results] == ["created"] * 5
    slugs = Article.objects.filter(wire_id__startswith="text-").values_list(
        "slug", flat=True
    )
    assert sorted(slugs) == [
        "missile-defense-story-number-0-for-the-desk",
        "missile-defense-story-number-1-for-the-desk",
        "missile-defense-story-number-2-for-the-desk",
        "missile-defense-story-number-3-for-the-desk-2",
        "missile-defense-story-number-4-for-the-desk",
        "missile-defense-story-number-5-for-the-desk",
    ]
    assert ArticlePerson.objects.count() == 7 * 4  # each story's four, none twice


def test_a_failed_story_does_not_leave_its_new_person_in_the_batch(monkeypatch):
    batch = WireImporter(batch=True)
    real_store_copy = WireImporter._store_copy

    def broken_store_copy(self, *args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(WireImporter, "_store_copy", broken_store_copy)
    with pytest.raises(OSError):
        batch.import_story(story(0))  # files Kono, Lavrov, Zakharova, then fails
    assert Person.objects.count() == 0
    monkeypatch.setattr(WireImporter, "_store_copy", real_store_copy)
    assert batch.import_story(story(1)).outcome == "created"
    assert Person.objects.count() == 3
    assert ArticlePerson.objects.count() == 4


@pytest.mark.parametrize("description", ["", "Foreign Minister"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_person_removed_while_a_run_goes_on_is_filed_again(description):
    # In no story yet (so an editor may delete him); with no description the
    # story fills it in, with one it only links him.
    Person.objects.create(name="Taro Kono", slug="taro-kono", description=description)
    run = WireImporter(batch=True)
    nobody = story(0)
    nobody.people = []
    [first] = run.import_batch([(nobody, None)])  # the run read the people on file
    assert first.outcome == "created"
    Person.objects.filter(name="Taro Kono").delete()
    [second] = run.import_batch([(story(1), None)])
    assert not isinstance(second, Exception), str(second)
    assert second.outcome == "created"
    assert second.article.person_roles.count() == 4
    assert Person.objects.filter(name="Taro Kono").count() == 1
