"""The Wire screen: the desk's queue in the admin, its live list, take and spike."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, WireItem
from articles.wire.desk import wire_item_take
from articles.wire.queue import Inbox
from articles.wire.story import WireStory

from .conftest import make_user
from .html import parse

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/wireitem/"


def wire_item(
    n: int,
    *,
    agency="TASS",
    minutes_ago=0,
    urgency=None,
    language="en",
    keywords=("economy",),
    headline=None,
    paragraphs=None,
    place="",
):
    """An item filed through the real receiver, ``minutes_ago`` before now."""
    story = WireStory(
        headline=headline or f"Invented story number {n} about harbour works",
        paragraphs=paragraphs
        or [f"Paragraph one of story {n} tells what happened today in port {n}."],
        agency=agency,
        wire_id=f"urn:example:{agency}:{n}",
        version=1,
        urgency=urgency,
        language=language,
        keywords=list(keywords),
        dateline_place=place,
    )
    now = timezone.now() - timedelta(minutes=minutes_ago)
    return Inbox(now=now).take_in(story)[1]


@pytest.fixture
def desk(client):
    editor = make_user("nightdesk", "Editors")
    client.force_login(editor)
    return editor


def rows(response) -> list[str]:
    doc = parse(response.content.decode())
    return [
        " ".join("".join(td.itertext()).split())
        for td in doc.iterfind(".//table[@id='result_list']//tbody//td")
        if "field-headline_link" in td.get("class", "")
    ]


def test_the_admin_index_links_the_wire_first(client, desk):
    doc = parse(client.get("/admin/").content.decode())
    first = next(doc.iterfind(".//div[@id='content']//a"))
    assert first.text == "Wire"
    assert first.get("href") == LIST


def test_items_are_listed_newest_first_with_their_columns(client, desk):
    wire_item(1, minutes_ago=30, keywords=("ports", "weather"), language="ru")
    wire_item(2, minutes_ago=10)
    response = client.get(LIST)
    assert rows(response) == [
        "Invented story number 2 about harbour works",
        "Invented story number 1 about harbour works",
    ]
    html = response.content.decode()
    assert "1st version" in html and "ports, weather" in html
    assert '<span class="wire-state wire-state-new">New</span>' in html


def test_fresh_flash_items_are_marked_in_words_and_pinned_at_the_top(client, desk):
    wire_item(1, minutes_ago=5, urgency=1, headline="Invented flash: quake hits")
    wire_item(2, minutes_ago=1)
    wire_item(3, minutes_ago=90, urgency=2, headline="Invented old urgent item")
    doc = parse(client.get(LIST).content.decode())
    pinned = doc.find(".//section[@class='wire-pinned']")
    text = " ".join("".join(pinned.itertext()).split())
    assert "FLASH" in text and "Invented flash: quake hits" in text
    assert "Invented old urgent item" not in text  # no longer fresh


def test_the_screen_costs_the_same_queries_at_3_and_30_items(
    client, desk, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(3):
        wire_item(n, urgency=1 if n == 0 else None)
    client.get(LIST)  # warm: the session and content types are read once
    # At most 8 (7 where sessions are read from the cache: DJANGO_SESSION_STORE).
    with django_assert_max_num_queries(8) as few:
        assert len(rows(client.get(LIST))) == 3
    for n in range(3, 30):
        wire_item(n, agency="TASS" if n % 2 else "XINHUA", urgency=n % 3 or None)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(rows(client.get(LIST))) == 30


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?urgency=1", ["Invented story number 1 about harbour works"]),
        ("?language=fr", ["Invented story number 2 about harbour works"]),
        ("?q=lighthouse", ["Lighthouse restored on the island"]),
    ],
)
def test_filters_and_search_narrow_the_list(client, desk, query, expected):
    wire_item(1, urgency=1)
    wire_item(2, language="fr")
    wire_item(3, headline="Lighthouse restored on the island")
    assert rows(client.get(LIST + query)) == expected


def test_filtering_by_agency_and_day(client, desk):
    wire_item(1, agency="XINHUA")
    wire_item(2, minutes_ago=60 * 24 * 2)
    xinhua = WireItem.objects.get(agency__short_name="XINHUA").agency_id
    assert rows(client.get(f"{LIST}?agency__id__exact={xinhua}")) == [
        "Invented story number 1 about harbour works"
    ]
    today = timezone.localdate().isoformat()
    assert rows(client.get(f"{LIST}?day={today}")) == [
        "Invented story number 1 about harbour works"
    ]
    assert client.get(f"{LIST}?day=not-a-day").status_code == 302  # ?e=1, no 500


def test_the_group_is_named_on_each_row(client, desk):
    a = wire_item(1, agency="YONHAP")
    b = wire_item(2, agency="XINHUA")
    c = wire_item(3, agency="TASS")
    WireItem.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(group_key="same")
    html = client.get(LIST).content.decode()
    assert "also from XINHUA, YONHAP" in html
    assert "also from TASS, XINHUA" in html


def test_the_poll_endpoint_gives_what_came_in_and_what_changed(client, desk):
    first = wire_item(1, minutes_ago=10)
    since = int(timezone.now().timestamp()) - 60
    second = wire_item(2, headline="Invented <b>bold</b> headline")
    story, _ = wire_item_take(item=first, user=desk)
    url = reverse("admin:wire_poll", args=[since])
    data = json.loads(client.get(url).content)
    assert [item["id"] for item in data["items"]] == [second.pk]
    assert data["items"][0]["headline"] == "Invented <b>bold</b> headline"
    assert data["changed"] == [
        {
            "id": first.pk,
            "state": "Taken",
            "css": "taken",
            "story": reverse("admin:articles_article_change", args=[story.pk]),
        }
    ]
    filtered = client.get(url + "?urgency=1")
    assert json.loads(filtered.content)["items"] == []
    assert client.get(url + "?no_such_field=1").status_code == 400


def test_the_screen_runs_only_its_static_script(client, desk):
    wire_item(1)
    doc = parse(client.get(LIST).content.decode())
    scripts = list(doc.iter("script"))
    assert all(s.get("src") for s in scripts), "an inline script would need CSP"
    assert any(s.get("src").endswith("articles/admin/wire.js") for s in scripts)
    live = doc.find(".//div[@id='wire-live']")
    assert (live.get("role"), live.get("aria-live")) == ("status", "polite")


def test_an_item_shows_every_version_with_a_word_diff_of_escaped_text(client, desk):
    story = WireStory(
        headline="Invented bridge opens <script>",
        paragraphs=["The bridge opened on Monday after two years of work."],
        agency="TASS",
        wire_id="urn:example:bridge",
        version=1,
    )
    inbox = Inbox()
    item = inbox.take_in(story)[1]
    story.version = 2
    story.paragraphs = ["The bridge opened on Tuesday after two years of work."]
    inbox.take_in(story)
    html = client.get(reverse("admin:articles_wireitem_change", args=[item.pk]))
    text = html.content.decode()
    assert "<del>Monday</del> <ins>Tuesday</ins>" in text
    assert "Invented bridge opens &lt;script&gt;" in text
    assert "Versions (2)" in text


def test_take_makes_one_draft_and_the_second_editor_is_told_who_took_it(client, desk):
    item = wire_item(1)
    take = reverse("admin:wire_take", args=[item.pk])
    response = client.post(take)
    story = Article.objects.get()
    assert response.url == reverse("admin:articles_article_change", args=[story.pk])
    assert story.status == Article.Status.DRAFT and story.wire_id == item.agency_ref
    other = make_user("dayshift", "Editors")
    client.force_login(other)
    response = client.post(take, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/article/{story.pk}/change/")
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("nightdesk took this item at") for m in shown), shown
    assert Article.objects.count() == 1


def test_take_is_a_post_and_needs_the_permission(client):
    item = wire_item(1)
    client.force_login(make_user("reporter1", "Reporters"))
    assert client.get(LIST).status_code == 200  # reporters see the wire
    take = reverse("admin:wire_take", args=[item.pk])
    assert client.post(take).status_code == 403
    client.force_login(make_user("editor2", "Editors"))
    assert client.get(take).status_code == 405
    assert Article.objects.count() == 0


def test_spike_hides_an_item_and_unspike_brings_it_back(client, desk):
    item = wire_item(1)
    client.post(reverse("admin:wire_spike", args=[item.pk]))
    assert rows(client.get(LIST)) == []
    assert rows(client.get(LIST + "?state=spiked")) == [item.headline]
    client.post(reverse("admin:wire_unspike", args=[item.pk]))
    assert rows(client.get(LIST)) == [item.headline]


def test_the_spike_and_unspike_actions_change_the_selected_items(client, desk):
    a, b = wire_item(1), wire_item(2)
    client.post(LIST, {"action": "spike_selected", "_selected_action": [a.pk, b.pk]})
    assert set(WireItem.objects.values_list("state", flat=True)) == {"spiked"}
    client.post(
        LIST + "?state=spiked",
        {"action": "unspike_selected", "_selected_action": [a.pk]},
    )
    a.refresh_from_db()
    assert a.state == "new"


def test_an_item_updated_after_it_was_taken_says_so(client, desk):
    story = WireStory(
        headline="Invented dam inspection",
        paragraphs=["Inspectors checked the dam."],
        agency="TASS",
        wire_id="urn:example:dam",
        version=1,
    )
    item = Inbox(now=timezone.now() - timedelta(minutes=5)).take_in(story)[1]
    wire_item_take(item=item, user=desk, now=timezone.now() - timedelta(minutes=4))
    story.version = 2
    story.paragraphs = ["Inspectors checked the dam and found it sound."]
    Inbox().take_in(story)
    html = client.get(LIST).content.decode()
    assert "wire-state-updated" in html and "Updated since taken" in html
    assert rows(client.get(LIST + "?state=updated")) == ["Invented dam inspection"]


def test_purge_deletes_only_old_items_nobody_took(desk):
    old = wire_item(1, minutes_ago=60 * 24 * 20)
    taken = wire_item(2, minutes_ago=60 * 24 * 20)
    wire_item_take(item=taken, user=desk)
    recent = wire_item(3, minutes_ago=60)
    out = io.StringIO()
    call_command("purge_wire", "--dry-run", stdout=out)
    assert "1 wire item(s) nobody took in 14 days would be purged" in out.getvalue()
    assert WireItem.objects.count() == 3
    call_command("purge_wire", stdout=out)
    assert set(WireItem.objects.values_list("pk", flat=True)) == {taken.pk, recent.pk}
    assert not WireItem.objects.filter(pk=old.pk).exists()
    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("purge_wire", "--days", "0", stdout=out)


def test_purge_days_is_a_setting_and_an_option(settings, desk):
    wire_item(1, minutes_ago=60 * 24 * 3)
    settings.NEWSROOM_WIRE_PURGE_DAYS = 5
    call_command("purge_wire", stdout=io.StringIO())
    assert WireItem.objects.count() == 1
    call_command("purge_wire", "--days", "2", stdout=io.StringIO())
    assert WireItem.objects.count() == 0


@pytest.mark.parametrize("bad", ["word", "99999999999999999999999", "0"])
def test_a_bad_item_id_is_a_404_on_every_item_page(client, desk, bad):
    assert client.get(f"{LIST}{bad}/change/").status_code == 404
    for action in ("take", "spike", "unspike"):
        assert client.post(f"{LIST}{bad}/{action}/").status_code == 404


@pytest.mark.parametrize(
    "query", ["urgency=abc", "state=nonsense", "language=xx", "day=2026-02-30"]
)
def test_nonsense_filters_never_fail(client, desk, query):
    wire_item(1)
    assert client.get(f"{LIST}?{query}").status_code in (200, 302)


def test_a_poll_time_out_of_range_is_a_400(client, desk):
    response = client.get(reverse("admin:wire_poll", args=[10**30]))
    assert response.status_code == 400


def test_the_screen_is_called_wire(client, desk):
    doc = parse(client.get(LIST).content.decode())
    assert doc.find(".//h1").text == "Wire"
    assert doc.find(".//title").text.startswith("Wire")
