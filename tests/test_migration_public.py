"""Migration 0007 on a database that already has stories: place addresses and the
search index are filled in for them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import search

BEFORE = [("articles", "0006_wire_copy")]
AFTER = [("articles", "0007_public_search_indexes")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_fills_place_addresses_and_the_search_index():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        Article = old_apps.get_model("articles", "Article")
        Article.objects.create(
            headline="Stored before the upgrade",
            slug="stored-before",
            body="A story about a lighthouse.",
            dateline_place="Saint Petersburg",
            status="published",
            published_at="2026-11-01T12:00:00Z",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        story = new_apps.get_model("articles", "Article").objects.get()
        assert story.dateline_slug == "saint-petersburg"
        assert list(search.ranked_matches("lighthouse")) == [story.pk]
    finally:
        MigrationExecutor(connection).migrate(latest)
