"""The search index stays consistent when two processes re-index one story at once
(the content_changed receiver re-indexes after commit, outside any transaction)."""

import pytest

from articles import search
from articles.models import SearchEntry

from . import factories
from .threads import run_in_threads


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_reindexing_the_same_story_leave_one_row():
    story = factories.article(1, headline="Lighthouse keepers strike")

    def reindex_many():
        for _ in range(60):
            search.reindex([story.pk])

    run_in_threads(reindex_many, reindex_many)
    assert SearchEntry.objects.filter(pk=story.pk).count() == 1
    assert list(search.ranked_matches("lighthouse")) == [story.pk]
