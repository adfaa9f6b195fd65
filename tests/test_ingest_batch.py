"""A batch (``manage.py ingest_wire``) reads each agency's story ids once: a story it
has never seen costs no look-up, and it is still never stored twice."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.wire import agency_text
from articles.wire.importer import WireImporter

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
