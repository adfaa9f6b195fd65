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


def test_no_public_page_scans_a_whole_table(client):
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


def test_the_home_page_walks_the_published_index_without_sorting(client):
    factories.article(1)
    # After the page's furniture (sections and banner, arrangements): the page.
    (page_sql, steps) = next(
        (sql, steps)
        for sql, steps in plans(client, "/")
        if sql.startswith('SELECT "articles_article"."id"')
    )
    assert page_sql.endswith("LIMIT 21")  # a page and one more: no count
    assert any("article_published_idx" in step for step in steps), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_a_subjects_page_walks_the_index_without_sorting(client):
    for n in range(3):
        factories.article(n).tags.add("common")
    (page_sql, steps) = next(
        (sql, steps)
        for sql, steps in plans(client, "/tags/common/")
        if "articles_taggedarticle" in sql
    )
    assert "EXISTS" in page_sql
    assert any("article_published_idx" in step for step in steps), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps
