"""The wire desk's screens lead to each other: an item to its source and its story,
the Wire screen to the sources list, each source to its items on the Wire screen."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, WireItem, WireSource, WireUpdate
from articles.wire.desk import wire_item_take
from articles.wire.queue import Inbox
from articles.wire.story import WireStory

from .conftest import make_user
from .html import parse, text

pytestmark = pytest.mark.django_db

WIRE = "/admin/articles/wireitem/"
SOURCES = "/admin/articles/wiresource/"


def item_from(source: str, n: int = 1) -> WireItem:
    story = WireStory(
        headline=f"Invented: lock gates number {n} repaired on the canal",
        paragraphs=[f"Workers repaired lock gates number {n} overnight, the canal "],
        agency="TASS",
        wire_id=f"urn:example:canal:{n}",
        version=1,
        language="en",
    )
    return Inbox(source=source).take_in(story)[1]


def links(html: str) -> dict[str, str]:
    """Each link's text and where it goes."""
    return {text(a): a.get("href") for a in parse(html).iter("a") if a.get("href")}


@pytest.fixture
def desk(client):
    editor = make_user("nightdesk", "Editors")
    client.force_login(editor)
    return editor


def test_an_item_names_its_source_as_a_link_to_the_sources_row(client, desk):
    source = WireSource.objects.create(
        name="Canal folder", kind="folder", location="/srv/wire/canal"
    )
    item = item_from("Canal folder")
    page = client.get(f"{WIRE}{item.pk}/change/").content.decode()
    link = parse(page).find(".//a[@id='wire-source']")
    assert text(link) == "Canal folder"
    assert link.get("href") == f"{SOURCES}{source.pk}/change/"


def test_an_item_from_a_source_since_removed_names_it_without_a_link(client, desk):
    item = item_from("Old canal folder")
    page = client.get(f"{WIRE}{item.pk}/change/").content.decode()
    assert "via Old canal folder" in " ".join(text(parse(page)).split())
    assert parse(page).find(".//a[@id='wire-source']") is None


def test_a_taken_items_state_leads_to_its_story(client, desk):
    item = item_from("Canal folder")
    item_from("Canal folder", 2)
    story, _ = wire_item_take(item=item, user=desk)
    doc = parse(client.get(WIRE).content.decode())
    states = {
        text(td): td.find("a")
        for td in doc.iterfind(".//td[@class='field-state_mark']")
    }
    assert states["Taken"].get("href") == f"/admin/articles/article/{story.pk}/change/"
    assert states["New"] is None  # nobody's story yet


def test_the_live_poll_gives_a_changed_items_story(client, desk):
    item = item_from("Canal folder")
    WireItem.objects.filter(pk=item.pk).update(
        received_at=timezone.now() - timedelta(hours=1)
    )
    since = int(timezone.now().timestamp())
    story, _ = wire_item_take(item=item, user=desk)
    polled = json.loads(client.get(f"{WIRE}poll/{since}/").content)
    assert polled["changed"] == [
        {
            "id": item.pk,
            "state": "Taken",
            "css": "taken",
            "story": f"/admin/articles/article/{story.pk}/change/",
        }
    ]


def test_the_wire_screen_and_the_sources_list_link_each_other(client, desk):
    WireSource.objects.create(
        name="Canal folder", kind="folder", location="/srv/wire/canal"
    )
    WireSource.objects.create(
        name="Harbour feed", kind="http", location="https://wire.example/harbour"
    )
    canal = item_from("Canal folder", 1)
    item_from("Harbour feed", 2)
    assert links(client.get(WIRE).content.decode())["Sources"] == SOURCES

    page = client.get(SOURCES).content.decode()
    rows = {
        text(tr.find(".//th")): tr.find(".//td[@class='field-on_the_wire']/a")
        for tr in parse(page).find(".//table[@id='result_list']/tbody").iter("tr")
    }
    href = rows["Canal folder"].get("href")
    assert urlsplit(href).path == WIRE
    listed = parse(client.get(href).content.decode())
    headlines = [
        text(a) for a in listed.iterfind(".//td[@class='field-headline_link']/a")
    ]
    assert headlines == [canal.headline]


def test_an_item_updated_since_taken_leads_to_the_review_of_the_update(
    client, desk, tmp_path
):
    item = item_from("Canal folder")
    story, _ = wire_item_take(item=item, user=desk)
    page = parse(client.get(f"{WIRE}{item.pk}/change/").content.decode())
    assert page.find(".//a[@id='wire-review-update']") is None  # nothing waits
    # The desk edits the draft: the agency's next version then waits for review.
    Article.objects.filter(pk=story.pk).update(body="The desk's own lead.")
    newer = WireStory(
        headline=item.headline,
        paragraphs=["Workers repaired the lock gates overnight, the canal said."],
        agency="TASS",
        wire_id="urn:example:canal:1",
        version=2,
        language="en",
    )
    Inbox(source="Canal folder").take_in(newer)
    update = WireUpdate.objects.get(article=story)
    page = parse(client.get(f"{WIRE}{item.pk}/change/").content.decode())
    link = page.find(".//a[@id='wire-review-update']")
    assert text(link) == "Review the agency's version 2"
    assert link.get("href") == (
        f"/admin/articles/article/{story.pk}/wire-update/{update.pk}/"
    )
