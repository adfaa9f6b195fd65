"""The desk's incoming queue: copy becomes wire items, not stories in the list."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from articles.models import Article, WireItem, WireItemVersion, WireUpdate
from articles.wire.desk import wire_item_take
from articles.wire.queue import receive

from .conftest import make_user
from .wire_copy import (
    FERRY,
    KAZAN,
    KAZAN_OTHER_AGENCY,
    NOW,
    REF,
    ninjs,
    reworded,
    with_paragraph,
)

pytestmark = pytest.mark.django_db


def send(data: str | bytes, name="copy.txt", now=NOW, **kwargs):
    data = data.encode() if isinstance(data, str) else data
    return receive(data, name=name, reference_date=REF, now=now, **kwargs)


def test_copy_becomes_a_new_wire_item_and_no_story():
    got = send(KAZAN, source="tass-folder")
    assert (got.received, got.new_versions, got.duplicates, got.failed) == (1, 0, 0, 0)
    item = WireItem.objects.get()
    assert item.headline == "Kazan hospital opens new surgical wing"
    assert (item.agency.short_name, item.source, item.state) == (
        "TASS",
        "tass-folder",
        "new",
    )
    assert item.version_label == "1st version" and item.received_at == NOW
    assert Article.objects.count() == 0


def test_the_same_copy_again_is_a_duplicate():
    send(KAZAN)
    got = send(KAZAN, now=NOW + timedelta(minutes=5))
    assert (got.received, got.duplicates) == (0, 1)
    assert WireItemVersion.objects.count() == 1
    assert WireItem.objects.get().updated_at == NOW


def test_same_agency_id_with_other_copy_is_the_next_version():
    send(ninjs("urn:ex:7", 1, "Port closed by storm", "The port closed."), "a.json")
    got = send(
        ninjs("urn:ex:7", 2, "Port closed by storm, ships wait", "The port closed."),
        "b.json",
        now=NOW + timedelta(minutes=10),
    )
    assert got.new_versions == 1
    item = WireItem.objects.get()
    assert item.headline == "Port closed by storm, ships wait"
    assert item.version_label == "2nd version"
    assert item.updated_at == NOW + timedelta(minutes=10)
    assert list(item.versions.values_list("number", "agency_version")) == [
        (1, 1),
        (2, 2),
    ]


def test_an_older_agency_version_arriving_late_is_a_duplicate():
    send(ninjs("urn:ex:8", 3, "Ships leave port", "They left."))
    got = send(ninjs("urn:ex:8", 2, "Ships wait in port", "They wait."))
    assert got.duplicates == 1
    assert WireItem.objects.get().headline == "Ships leave port"


def test_reworded_headline_without_an_id_is_the_next_version_not_a_new_item():
    send(KAZAN)
    got = send(reworded(KAZAN), now=NOW + timedelta(minutes=20))
    assert (got.received, got.new_versions) == (0, 1)
    item = WireItem.objects.get()
    # "UPDATE:" is the agency's update mark, not part of the headline.
    assert item.headline.startswith("Kazan hospital has opened")
    assert item.version_count == 2


def test_an_added_paragraph_without_an_id_is_the_next_version():
    send(KAZAN)
    later = with_paragraph(
        reworded(KAZAN), "The hospital plans a second wing for rehabilitation."
    )
    assert send(later).new_versions == 1
    assert WireItem.objects.count() == 1


def test_a_different_story_from_the_same_agency_is_a_new_item():
    send(KAZAN)
    got = send(FERRY)
    assert got.received == 1
    assert WireItem.objects.count() == 2


def test_a_near_copy_from_long_ago_is_a_new_item(settings):
    settings.NEWSROOM_WIRE_VERSION_HOURS = 24
    send(KAZAN)
    assert send(reworded(KAZAN), now=NOW + timedelta(hours=30)).received == 1


def test_another_agency_on_the_same_event_is_grouped_not_merged():
    send(KAZAN)
    send(FERRY)
    got = send(KAZAN_OTHER_AGENCY)
    assert got.received == 1
    tass, ferry, interfax = WireItem.objects.order_by("pk")
    assert interfax.agency.short_name.casefold() == "interfax"
    assert interfax.group_key == tass.group_key
    assert ferry.group_key != tass.group_key


def test_bad_copy_is_counted_with_its_reason_and_writes_nothing():
    got = send(b"", name="empty.txt")
    assert (got.failed, got.errors) == (1, ["empty.txt: The file is empty."])
    assert WireItem.objects.count() == 0


def test_a_new_version_of_a_taken_untouched_draft_updates_the_draft():
    editor = make_user("desk", "Editors")
    send(KAZAN)
    item = WireItem.objects.get()
    article, taken = wire_item_take(item=item, user=editor, now=NOW)
    assert taken and article.status == Article.Status.DRAFT
    got = send(reworded(KAZAN), now=NOW + timedelta(hours=1))
    assert got.new_versions == 1
    article.refresh_from_db()
    assert article.headline.startswith("Kazan hospital has opened")
    item.refresh_from_db()
    assert item.state_label == "Updated since taken"
    assert Article.objects.count() == 1


def test_a_new_version_of_a_taken_edited_story_waits_for_the_editor():
    editor = make_user("desk", "Editors")
    send(KAZAN)
    article, _ = wire_item_take(item=WireItem.objects.get(), user=editor, now=NOW)
    Article.objects.filter(pk=article.pk).update(dek="The desk's own standfirst.")
    send(with_paragraph(KAZAN, "Doctors from Moscow will train the staff."))
    article.refresh_from_db()
    assert article.dek == "The desk's own standfirst."
    assert "Doctors from Moscow" not in article.body
    update = WireUpdate.objects.get(article=article)
    assert update.state == WireUpdate.State.PENDING


def test_reporters_may_see_the_queue_and_editors_work_it():
    editors = Group.objects.get(name="Editors").permissions.values_list(
        "codename", flat=True
    )
    reporters = Group.objects.get(name="Reporters").permissions.values_list(
        "codename", flat=True
    )
    assert {"view_wireitem", "change_wireitem"} <= set(editors)
    assert "view_wireitem" in reporters and "change_wireitem" not in reporters


def test_ingest_wire_files_copy_in_the_queue_by_default(tmp_path):
    (tmp_path / "kazan.txt").write_text(KAZAN)
    (tmp_path / "ferry.txt").write_text(FERRY)
    (tmp_path / "again.txt").write_text(KAZAN)
    out = io.StringIO()
    call_command(
        "ingest_wire", str(tmp_path), "--reference-date", REF.isoformat(), stdout=out
    )
    assert (
        "Wire queue: received 2, new versions 0, duplicates 1, failed 0."
        in out.getvalue()
    )
    assert WireItem.objects.count() == 2 and Article.objects.count() == 0
    assert set(WireItem.objects.values_list("source", flat=True)) == {"ingest_wire"}


def test_ingest_wire_names_a_bad_file_and_keeps_the_good_ones(tmp_path):
    (tmp_path / "a-empty.txt").write_text("  \n")
    (tmp_path / "b-kazan.txt").write_text(KAZAN)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("ingest_wire", str(tmp_path), stdout=out)
    assert "FAILED " + str(tmp_path / "a-empty.txt") + ": The file is empty." in (
        out.getvalue()
    )
    assert WireItem.objects.count() == 1
