"""Ingest keeps search and cached pages right, writing each story's index row once."""

import pytest
from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import caching, search
from articles.models import Article, SearchEntry
from articles.models.search import SEARCH_TABLE

from .test_ingest_wire import DATA, REF, SEED_TEXT, ingest, write


@pytest.mark.django_db
def test_an_ingested_story_is_found_by_its_people_and_indexed_once():
    with CaptureQueriesContext(connection) as queries:
        ingest(str(DATA / "seed-tass-japan.txt"), "--reference-date", REF)
    story = Article.objects.get()
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=story.created_at
    )
    # People are linked after the story row is written; the index has them anyway.
    assert list(search.ranked_matches("Zakharova")) == [story.pk]
    index_writes = [
        q for q in queries.captured_queries if f"INTO {SEARCH_TABLE}" in q["sql"]
    ]
    assert len(index_writes) == 1  # once for the story, not once per row it saved


@pytest.mark.django_db
def test_a_story_that_fails_leaves_no_index_row(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "good.txt", SEED_TEXT)
    write(inbox, "bad.txt", "")
    with pytest.raises(CommandError, match="1 failed"):
        ingest(str(inbox), "--reference-date", REF)
    good = Article.objects.get()
    assert list(SearchEntry.objects.values_list("pk", flat=True)) == [good.pk]


@pytest.mark.django_db
def test_a_run_retires_cached_pages(tmp_path):
    inbox = tmp_path / "inbox"
    for n in range(3):
        write(inbox, f"s{n}.txt", SEED_TEXT.replace("Japan’s missile", f"Story {n}:"))
    before = caching.current_state().generation
    ingest(str(inbox), "--reference-date", REF)
    assert Article.objects.count() == 3
    assert caching.current_state().generation != before


@pytest.mark.django_db
def test_a_run_indexes_stories_a_batch_at_a_time(tmp_path, monkeypatch):
    from articles.management.commands import ingest_wire

    monkeypatch.setattr(ingest_wire, "INDEX_BATCH", 2)
    inbox = tmp_path / "inbox"
    for n in range(5):
        write(inbox, f"s{n}.txt", SEED_TEXT.replace("Japan’s missile", f"Story {n}:"))
    with CaptureQueriesContext(connection) as queries:
        ingest(str(inbox), "--reference-date", REF)
    assert SearchEntry.objects.count() == Article.objects.count() == 5
    index_writes = [
        q for q in queries.captured_queries if f"INTO {SEARCH_TABLE}" in q["sql"]
    ]
    assert len(index_writes) == 3  # two full batches of two, then the last story
