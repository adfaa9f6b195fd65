"""Desk speed: per agency, the median time from the agency's time to received,
taken and published, today and over seven days."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.admin.desk_speed import report, spoken
from articles.models import Article, WireItem
from articles.wire.desk import wire_item_take
from articles.wire.queue import Inbox
from articles.wire.story import WireStory

from .conftest import make_user
from .html import parse

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
URL = "/admin/articles/wireitem/desk-speed/"


def received(n, agency, *, agency_time, delay, at=None):
    story = WireStory(
        headline=f"Invented item {n} of {agency}",
        paragraphs=[f"Paragraph of invented item {n}."],
        agency=agency,
        wire_id=f"urn:x:{agency}:{n}",
        version=1,
        first_created=agency_time,
    )
    return Inbox(now=at or agency_time + delay).take_in(story)[1]


def test_medians_per_agency_today_and_over_the_week():
    editor = make_user("desk", "Editors")
    base = NOW - timedelta(hours=3)
    for n, minutes in enumerate([2, 4, 30]):
        received(n, "TASS", agency_time=base, delay=timedelta(minutes=minutes))
    item = received(9, "YONHAP", agency_time=base, delay=timedelta(minutes=1))
    wire_item_take(item=item, user=editor, now=base + timedelta(minutes=11))
    story = Article.objects.get()
    services.article_publish(
        article=story, user=editor, at=base + timedelta(minutes=40)
    )
    received(
        10,
        "TASS",
        agency_time=NOW - timedelta(days=3),
        delay=timedelta(minutes=60),
    )
    rows = {row["agency"]: row["periods"] for row in report(now=NOW)["rows"]}
    tass_today, tass_week = rows["TASS"]
    assert (tass_today["items"], tass_today["received"]) == (3, "4 min")
    assert (tass_week["items"], tass_week["received"]) == (4, "17 min")
    assert tass_today["taken"] == "–" and tass_today["published"] == "–"
    yonhap_today = rows["YONHAP"][0]
    assert (yonhap_today["received"], yonhap_today["taken"]) == ("1 min", "11 min")
    assert yonhap_today["published"] == "40 min"


def test_items_without_an_agency_time_are_counted_not_timed():
    Inbox(now=NOW).take_in(
        WireStory(headline="Invented page", paragraphs=["Text."], agency="TASS")
    )
    (row,) = report(now=NOW)["rows"]
    assert (row["periods"][0]["items"], row["periods"][0]["timed"]) == (1, 0)
    assert row["periods"][0]["received"] == "–"


def test_durations_read_as_a_desk_says_them():
    assert spoken(timedelta(seconds=35)) == "35 s"
    assert spoken(timedelta(minutes=80)) == "1 h 20 min"
    assert spoken(timedelta(minutes=-3)) == "−3 min"  # an agency clock ahead of ours


def test_the_report_page_is_for_editors_and_costs_the_same_queries(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(make_user("reporter", "Reporters"))
    assert client.get(URL).status_code == 403
    client.force_login(make_user("chief", "Editors"))
    now = timezone.now()
    received(1, "TASS", agency_time=now - timedelta(hours=1), delay=timedelta(0))
    client.get(URL)
    # At most 5 (4 where sessions are read from the cache: DJANGO_SESSION_STORE).
    with django_assert_max_num_queries(5) as few:
        doc = parse(client.get(URL).content.decode())
    assert doc.find(".//table[@id='desk-speed']//th[@scope='rowgroup']").text == "TASS"
    for n in range(2, 30):
        received(n, f"AGENCY{n % 4}", agency_time=now, delay=timedelta(minutes=n))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)
    assert WireItem.objects.count() == 29
