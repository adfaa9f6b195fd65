"""What keeps pages cheap at any archive size: bounded look-ups, query budgets."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import views

from . import factories
from .html import page, text

pytestmark = pytest.mark.django_db


def related_headlines(client, story) -> list[str]:
    doc = page(client, story.get_absolute_url())
    related = doc.find(".//ul[@class='related']")
    return [] if related is None else [text(a) for a in related.iter("a")]


def test_related_stories_are_the_newest_sharing_stories(client):
    story = factories.article(0, headline="The story")
    story.tags.add("summit")
    for n in range(1, 8):
        factories.article(n, headline=f"Summit {n}").tags.add("summit")
    # Newest first, five of them, never the story itself.
    assert related_headlines(client, story) == [f"Summit {n}" for n in range(1, 6)]


def test_related_stories_are_looked_for_among_the_newest_stories_only(
    client, monkeypatch
):
    # A story whose tags no recent story shares would make the search walk the
    # whole archive; it stops after the newest RELATED_SCAN published stories.
    monkeypatch.setattr(views, "RELATED_SCAN", 3)
    story = factories.article(0, headline="Rare topic")
    story.tags.add("rare")
    for n in range(1, 4):
        factories.article(n, headline=f"Unrelated {n}")
    factories.article(4, headline="Old rare story").tags.add("rare")
    assert related_headlines(client, story) == []
    monkeypatch.setattr(views, "RELATED_SCAN", 5)
    cache.clear()  # the page made with the smaller bound is cached
    assert related_headlines(client, story) == ["Old rare story"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plans")
def test_related_stories_walk_the_published_index_within_a_bound(client):
    story = factories.article(0)
    story.tags.add("summit")
    factories.article(1).tags.add("summit")
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
    # The related stories' query asks for one more than it shows.
    related_sql = next(
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].endswith(f"LIMIT {views.RELATED_STORIES + 1}")
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + related_sql)
        steps = [row[3] for row in cursor.fetchall()]
    # Newest first along the index, between the bound and now: no sort, no scan.
    assert steps[0] == (
        "SEARCH articles_article USING INDEX article_published_idx "
        "(status=? AND published_at>? AND published_at<?)"
    )
    assert not any("TEMP B-TREE" in step for step in steps)
