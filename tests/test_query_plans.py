"""No public page reads a whole table: every query's plan uses an index.

SQLite's planner decides from the schema alone until ANALYZE runs (Django never
runs it), so the plans seen here are the plans at 100,000 stories;
bench/public_pages.py times them there. PostgreSQL's planner works from statistics
and is checked by the bench instead.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePerson, Person
from articles.views import LinkedStoriesView

from . import factories
from .public_urls import SURFACES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plans"),
]

BIG_TABLES = (
    "articles_article",
    "articles_taggedarticle",
    "articles_articleperson",
    "articles_articlephoto",
    "articles_search",
)


def plans(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            found.append((query["sql"], [row[3] for row in cursor.fetchall()]))
    return found


def full_scans(steps):
    """Plan steps that read a whole table or index (a virtual table's MATCH is not)."""
    return [
        step
        for step in steps
        if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b", step)
        and "VIRTUAL TABLE INDEX 0:M" not in step
    ]


@pytest.mark.parametrize("walk_from", [2000, 1], ids=["rare-subject", "busy-subject"])
def test_no_public_page_scans_a_whole_table(client, monkeypatch, walk_from):
    # A subject with walk_from stories or more has its page walked newest first.
    monkeypatch.setattr(LinkedStoriesView, "walk_from", walk_from)
    person = Person.objects.create(name="Someone", slug="someone")
    for n in range(3):
        story = factories.furnish(factories.article(n), 2)
        story.tags.add("common")
        ArticlePerson.objects.create(article=story, person=person)
    urls = [
        "/?page=1",
        *(
            s.url(story=story, tag="common", person="someone", word="story")
            for s in SURFACES
        ),
    ]
    problems = {}
    for url in urls:
        for sql, steps in plans(client, url):
            if full_scans(steps):
                problems.setdefault(url, []).append((steps, sql[:200]))
    assert not problems


def test_the_published_count_reads_only_the_covering_index(client):
    factories.article(1)
    # After the page's furniture (sections, banner, arrangements): the count.
    (count_sql, steps) = next(
        (sql, steps) for sql, steps in plans(client, "/") if "COUNT(*)" in sql
    )
    assert count_sql.startswith('SELECT COUNT(*) AS "__count" FROM "articles_article"')
    assert steps == [
        "SEARCH articles_article USING COVERING INDEX article_published_idx "
        "(status=? AND published_at<?)"
    ]


def test_a_busy_subjects_page_walks_the_index_without_sorting(client, monkeypatch):
    monkeypatch.setattr(LinkedStoriesView, "walk_from", 1)
    for n in range(3):
        factories.article(n).tags.add("common")
    *_, (page_sql, steps), _photos = plans(client, "/tags/common/")
    assert "articles_taggedarticle" in page_sql and "EXISTS" in page_sql
    assert any("article_published_idx" in step for step in steps), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps
