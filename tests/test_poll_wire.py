"""`manage.py poll_wire` against real folders: settle, claim, done/ and failed/,
backoff, two pollers at once, and the service stopping on SIGTERM."""

import io
import os
import signal
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import WirePoll, WireSource
from articles.wire import poll
from articles.wire.poll_folder import poll_folder

from .logcapture import json_logs
from .servers import PYTHON, manage, production_env
from .threads import run_in_threads
from .wire_servers import agency_page, newsml_doc, ninjs_doc, wait_for

# The poller compares file times (the machine's clock) with time.time().
pytestmark = pytest.mark.real_clock
OPTIONS = poll.Options(settle=0, timeout=2, max_bytes=256 * 1024, lease=300)


def folder_source(folder: Path, name: str = "Inbox", **fields) -> WireSource:
    folder.mkdir(parents=True, exist_ok=True)
    return WireSource.objects.create(
        name=name, kind="folder", location=str(folder), **fields
    )


def poll_round(options: poll.Options = OPTIONS, **kwargs) -> poll.Round:
    return poll.poll_due(owner=poll.poller_id(), options=options, **kwargs)


def make_due(source: WireSource) -> None:
    WireSource.objects.filter(pk=source.pk).update(next_poll_at=None)


def files_under(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder)).split("/", 2)[0] + "/" + path.name
        if path.parent != folder
        else path.name
        for path in folder.rglob("*")
        if path.is_file()
    )


def age(path: Path, seconds: int) -> None:
    """Make a file look written ``seconds`` ago."""
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


@pytest.mark.django_db
def test_a_folder_of_mixed_files_is_taken_in_and_filed_under_done(tmp_path):
    inbox = tmp_path / "tass"
    source = folder_source(inbox)
    (inbox / "strike.txt").write_text(agency_page(1), encoding="utf-8")
    (inbox / "ferry.json").write_bytes(ninjs_doc(2))
    (inbox / "harbour.xml").write_bytes(newsml_doc(3))

    result = poll_round()

    assert result.summary() == (
        "Polled 1 source: 3 received, 0 new versions, 0 duplicates, 0 failed."
    )
    assert files_under(inbox) == [
        "done/ferry.json",
        "done/harbour.xml",
        "done/strike.txt",
    ]
    source.refresh_from_db()
    assert source.last_success_at is not None and source.failures == 0
    assert source.lease_owner == "" and source.lease_until is None
    assert source.next_poll_at == source.last_poll_at + timedelta(seconds=60)
    (logged,) = WirePoll.objects.filter(source=source)
    assert (logged.received, logged.failed, logged.error) == (3, 0, "")


@pytest.mark.django_db
def test_the_same_file_dropped_again_is_a_duplicate_and_a_new_version_counts(tmp_path):
    inbox = tmp_path / "feed"
    source = folder_source(inbox)
    (inbox / "ferry.json").write_bytes(ninjs_doc(7))
    poll_round()
    (inbox / "ferry.json").write_bytes(ninjs_doc(7))
    (inbox / "ferry-v2.json").write_bytes(ninjs_doc(7, version=2))
    make_due(source)

    result = poll_round()

    assert (result.totals.received, result.totals.new_versions) == (0, 1)
    assert result.totals.duplicates == 1
    # Two files of one name on one day: both kept, neither overwritten.
    assert "done/ferry.json" in files_under(inbox)
    assert "done/ferry.2.json" in files_under(inbox)


@pytest.mark.django_db
def test_a_bad_file_goes_to_failed_with_its_reason_and_the_good_ones_are_kept(
    tmp_path,
):
    inbox = tmp_path / "inbox"
    source = folder_source(inbox)
    (inbox / "photo-caption.doc").write_bytes(b"\xd0\xcf\x11\xe0\x00\x00binary")
    (inbox / "strike.txt").write_text(agency_page(4), encoding="utf-8")

    with json_logs("articles.wire.poll") as logged:
        result = poll_round()

    assert (result.totals.received, result.totals.failed) == (1, 1)
    assert files_under(inbox) == [
        "done/strike.txt",
        "failed/photo-caption.doc",
        "failed/photo-caption.doc.error.txt",
    ]
    (reason_file,) = inbox.glob("failed/*/photo-caption.doc.error.txt")
    reason = reason_file.read_text()
    assert reason.startswith("photo-caption.doc: This is a binary file, not wire copy")
    source.refresh_from_db()
    assert source.failures == 0  # the source works; one file of it did not
    assert "photo-caption.doc: This is a binary file" in source.last_error
    assert [e["message"] for e in logged] == [f"wire source “Inbox”: {reason.strip()}"]


@pytest.mark.django_db
def test_a_file_still_being_written_is_not_read_until_it_settles(tmp_path):
    inbox = tmp_path / "inbox"
    source = folder_source(inbox)
    settle = poll.Options(settle=30, timeout=2, max_bytes=256 * 1024, lease=300)
    half = inbox / "strike.txt"
    half.write_text(agency_page(5)[:40], encoding="utf-8")  # just written
    (inbox / "ferry.json.part").write_bytes(ninjs_doc(6)[:30])  # a temp name
    age(inbox / "ferry.json.part", 3600)

    result = poll_round(settle)

    assert (result.totals.received, result.totals.failed) == (0, 0)
    assert files_under(inbox) == ["ferry.json.part", "strike.txt"]
    half.write_text(agency_page(5), encoding="utf-8")  # the writer finishes
    age(half, 60)
    make_due(source)

    result = poll_round(settle)

    assert (result.totals.received, result.totals.failed) == (1, 0)
    assert files_under(inbox) == ["done/strike.txt", "ferry.json.part"]


@pytest.mark.django_db
def test_a_file_abandoned_in_processing_by_a_crashed_poller_is_read_again(tmp_path):
    inbox = tmp_path / "inbox"
    folder_source(inbox)
    (inbox / "processing").mkdir()
    left = inbox / "processing" / "deadbeef--strike.txt"
    left.write_text(agency_page(8), encoding="utf-8")
    short_lease = poll.Options(settle=0, timeout=2, max_bytes=1024 * 1024, lease=0)

    result = poll_round(short_lease)

    assert result.totals.received == 1
    assert files_under(inbox) == ["done/strike.txt"]


@pytest.mark.django_db
def test_a_failing_source_backs_off_logs_one_line_and_the_others_go_on(tmp_path):
    missing = WireSource.objects.create(
        name="Gone", kind="folder", location=str(tmp_path / "gone"), interval=30
    )
    good = folder_source(tmp_path / "good", name="Good")
    (tmp_path / "good" / "strike.txt").write_text(agency_page(9), encoding="utf-8")

    with json_logs("articles.wire.poll") as logged:
        result = poll_round()

    assert result.sources == 2 and result.totals.received == 1
    assert result.failing == ["Gone"]
    assert result.summary().endswith("0 failed; failing: Gone.")
    (line,) = logged
    assert line["level"] == "WARNING"
    assert line["message"] == (
        f"wire source “Gone” failed (1 in a row, next try in 60 s): The folder "
        f"{tmp_path / 'gone'} does not exist (or is not a folder)."
    )
    missing.refresh_from_db()
    assert missing.failures == 1
    assert missing.last_error.startswith(f"The folder {tmp_path / 'gone'} does not")
    assert missing.next_poll_at - missing.last_poll_at == timedelta(seconds=60)
    good.refresh_from_db()
    assert good.failures == 0 and good.last_error == ""

    make_due(missing)
    poll_round()
    missing.refresh_from_db()
    assert missing.failures == 2
    assert missing.next_poll_at - missing.last_poll_at == timedelta(seconds=120)

    (tmp_path / "gone").mkdir()
    make_due(missing)
    poll_round()
    missing.refresh_from_db()
    assert missing.failures == 0 and missing.last_success_at is not None
    assert missing.next_poll_at - missing.last_poll_at == timedelta(seconds=30)


def test_backoff_doubles_and_stops_at_an_hour():
    assert [poll.backoff(60, n) for n in (1, 2, 3, 6, 7, 20)] == [
        120,
        240,
        480,
        3600,
        3600,
        3600,
    ]
    assert poll.backoff(7200, 3) == 7200  # a slow source is never polled faster


@pytest.mark.django_db
def test_a_source_is_claimed_by_one_poller_until_its_lease_runs_out(tmp_path):
    source = folder_source(tmp_path / "inbox")
    now = timezone.now()
    assert poll.claim(source.pk, "server-a", now, 300)
    assert not poll.claim(source.pk, "server-b", now, 300)
    assert not poll.claim(source.pk, "server-b", now + timedelta(seconds=299), 300)
    assert poll.claim(source.pk, "server-b", now + timedelta(seconds=301), 300)
    source.refresh_from_db()
    assert source.lease_owner == "server-b"


@pytest.mark.django_db
def test_an_inactive_or_not_yet_due_source_is_left_alone(tmp_path):
    folder_source(tmp_path / "off", name="Off", active=False)
    later = timezone.now() + timedelta(minutes=5)
    folder_source(tmp_path / "later", name="Later", next_poll_at=later)
    (tmp_path / "off" / "a.txt").write_text(agency_page(10), encoding="utf-8")

    assert poll_round().summary() == (
        "Polled 0 sources: 0 received, 0 new versions, 0 duplicates, 0 failed."
    )
    assert (tmp_path / "off" / "a.txt").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_pollers_at_once_take_each_file_once(tmp_path):
    inbox = tmp_path / "inbox"
    source = folder_source(inbox)
    for number in range(30):
        (inbox / f"story-{number:02}.json").write_bytes(ninjs_doc(200 + number))
    sessions = [
        poll.Session(source, f"host-{n}:1:{n}{n}{n}", OPTIONS, None) for n in (1, 2)
    ]
    # Both read the folder at once (as if their leases had overlapped): the
    # rename into processing/ gives each file to exactly one of them.
    run_in_threads(*[lambda s=s: poll_folder(source, s) for s in sessions])

    totals = [s.totals for s in sessions]
    assert sum(t.received for t in totals) == 30
    assert sum(t.duplicates + t.new_versions + t.failed for t in totals) == 0
    assert len(list(inbox.glob("done/*/*.json"))) == 30


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_poll_rounds_at_once_poll_each_source_once(tmp_path):
    for number in range(4):
        inbox = tmp_path / f"inbox-{number}"
        folder_source(inbox, name=f"Inbox {number}")
        (inbox / "ferry.json").write_bytes(ninjs_doc(300 + number))
    rounds = []
    run_in_threads(*[lambda: rounds.append(poll_round()) for _ in range(2)])

    assert sum(r.sources for r in rounds) == 4
    assert sum(r.totals.received for r in rounds) == 4
    assert WirePoll.objects.count() == 4


@pytest.mark.django_db
def test_poll_wire_once_prints_one_summary_line(tmp_path, settings):
    settings.NEWSROOM_WIRE_SETTLE_SECONDS = 0
    folder_source(tmp_path / "inbox")
    (tmp_path / "inbox" / "strike.txt").write_text(agency_page(11), encoding="utf-8")
    out = io.StringIO()
    call_command("poll_wire", "--once", stdout=out)
    assert out.getvalue() == (
        "Polled 1 source: 1 received, 0 new versions, 0 duplicates, 0 failed.\n"
    )


def test_poll_wire_runs_as_a_service_and_stops_cleanly_on_sigterm(tmp_path):
    env = production_env(tmp_path, NEWSROOM_WIRE_SETTLE_SECONDS="0")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    manage("migrate", "--noinput", "-v0", env=env)
    manage(
        "add_wire_source", "Inbox", "--folder", str(inbox), "--interval", "10", env=env
    )
    process = subprocess.Popen(
        [PYTHON, "manage.py", "poll_wire", "--tick", "0.2"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        (inbox / "strike.txt").write_text(agency_page(12), encoding="utf-8")
        wait_for(
            lambda: list(inbox.glob("done/*/strike.txt")), what="the file in done/"
        )
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    lines = out.splitlines()
    assert lines[0] == "Polling the wire sources; SIGTERM or Ctrl-C stops."
    assert (
        "Polled 1 source: 1 received, 0 new versions, 0 duplicates, 0 failed." in lines
    )
    assert lines[-1] == "Stopped."
    assert "Traceback" not in err


@pytest.mark.django_db
def test_the_loop_stops_between_files_when_asked(tmp_path):
    inbox = tmp_path / "inbox"
    source = folder_source(inbox)
    for number in range(3):
        (inbox / f"s{number}.json").write_bytes(ninjs_doc(400 + number))
    stop = threading.Event()
    session = poll.Session(source, "host:1:stopper", OPTIONS, stop)
    original = session.take

    def take_then_stop(*args, **kwargs):
        stop.set()  # SIGTERM arrives while the first file is read
        return original(*args, **kwargs)

    session.take = take_then_stop
    poll_folder(source, session)
    assert session.totals.received == 1
    assert len(list(inbox.glob("done/*/*"))) == 1
    assert len(list(inbox.glob("s*.json"))) == 2  # for the next poller


@pytest.mark.django_db
def test_a_surprise_in_one_source_is_recorded_and_the_others_go_on(tmp_path):
    # A kind no transport reads (a row written around the form's checks).
    odd = WireSource.objects.create(name="Odd", kind="gopher", location="/x")
    folder_source(tmp_path / "good", name="Good")
    (tmp_path / "good" / "strike.txt").write_text(agency_page(13), encoding="utf-8")

    with json_logs("articles.wire.poll") as logged:
        result = poll_round()

    assert result.totals.received == 1 and result.failing == ["Odd"]
    odd.refresh_from_db()
    assert odd.last_error == "Unexpected error: KeyError: 'gopher'"
    (line,) = logged  # one entry, with the traceback for the bug report
    assert line["message"].endswith("Unexpected error: KeyError: 'gopher'")
    assert "Traceback" in line["exception"]
