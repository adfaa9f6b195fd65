"""The admin's story list: its date hierarchy, and a cost that stays flat as the
archive grows (bench/README.md measures it at 100,000 stories)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article

from . import factories
from .html import parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def hierarchy(client, query: str = "") -> tuple[str | None, list[tuple[str, str]]]:
    """The date hierarchy's back link and its choices as (title, query string)."""
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    nav = parse(response.content.decode()).find(".//nav[@class='toplinks']")
    if nav is None:
        return None, []
    back = nav.find("a[@class='date-back']")
    links = [(text(a), a.get("href")) for a in nav.iter("a") if a is not back]
    return (text(back) if back is not None else None), links


def test_the_hierarchy_offers_every_year_from_the_oldest_story_to_the_newest(
    editor_client,
):
    factories.article(1, published_at=at(2019, 5, 1, 8))
    factories.article(2, published_at=at(2021, 3, 10, 8))
    factories.article(3, published_at=at(2021, 7, 4, 8))
    factories.article(4, published_at=at(2022, 1, 2, 8))
    factories.article(5, status=Article.Status.DRAFT, published_at=None)
    back, years = hierarchy(editor_client)
    assert back is None
    assert years == [
        (str(year), f"?published_at__year={year}") for year in range(2019, 2023)
    ]


def test_a_year_offers_its_months_and_a_month_its_days(editor_client):
    factories.article(1, published_at=at(2021, 3, 10, 8))
    factories.article(2, published_at=at(2021, 5, 4, 8))
    factories.article(3, published_at=at(2022, 1, 2, 8))
    back, months = hierarchy(editor_client, "?published_at__year=2021")
    assert back == "‹ All dates"
    assert [title for title, _ in months] == ["March 2021", "April 2021", "May 2021"]
    assert months[0][1] == "?published_at__month=3&published_at__year=2021"

    factories.article(4, published_at=at(2021, 3, 12, 8))
    back, days = hierarchy(
        editor_client, "?published_at__month=3&published_at__year=2021"
    )
    assert back == "‹ 2021"
    assert [title for title, _ in days] == ["10 March", "11 March", "12 March"]
    back, day = hierarchy(
        editor_client,
        "?published_at__day=11&published_at__month=3&published_at__year=2021",
    )
    assert back == "‹ March 2021" and day == []  # the day itself is not a link


def test_a_month_without_stories_still_leads_back_to_its_year(editor_client):
    factories.article(1, published_at=at(2021, 3, 10, 8))
    query = "?published_at__month=4&published_at__year=2021"
    assert hierarchy(editor_client, query) == ("‹ 2021", [])


def test_stories_of_one_year_start_the_hierarchy_at_its_months(editor_client):
    factories.article(1, published_at=at(2025, 2, 1, 8))
    factories.article(2, published_at=at(2025, 4, 1, 8))
    _, months = hierarchy(editor_client)
    assert [title for title, _ in months] == [
        "February 2025",
        "March 2025",
        "April 2025",
    ]


def test_a_list_without_dated_stories_offers_no_dates(editor_client):
    factories.article(1, status=Article.Status.DRAFT, published_at=None)
    assert hierarchy(editor_client) == (None, [])
    factories.article(2, published_at=at(2025, 2, 1, 8))
    # Filtered to drafts, the list has no dates either.
    assert hierarchy(editor_client, "?status__exact=draft") == (None, [])


@pytest.mark.parametrize("stories", [1, 60])
def test_the_list_runs_at_most_8_queries_whatever_its_length(
    editor_client, django_assert_max_num_queries, stories
):
    # Session (none with a cached session store), user, the Editors group's
    # permissions (2), the agency filter's choices, the count, the page, the date
    # hierarchy's ends.
    for n in range(stories):
        factories.article(n, published_at=at(2020 + n % 6, 1 + n % 12, 1, 8))
    with django_assert_max_num_queries(8):
        response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == stories
