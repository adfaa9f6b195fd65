"""Wire sources: the editors' list, `manage.py add_wire_source` and /readyz/wire."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Agency, WirePoll, WireSource
from articles.wire import FORMATS

from .conftest import make_user
from .html import parse, text

CHANGELIST = reverse("admin:articles_wiresource_changelist")
LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def tass(db):
    return Agency.objects.create(name="TASS Russian News Agency", short_name="TASS")


def source(name: str, **fields) -> WireSource:
    fields.setdefault("kind", "folder")
    fields.setdefault("location", f"/srv/wire/{name.lower()}")
    return WireSource.objects.create(name=name, **fields)


def list_rows(client) -> tuple[list[str], dict[str, list[str]]]:
    """The changelist's column titles, and each row's cells by source name."""
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    doc = parse(response.content.decode())
    table = next(t for t in doc.iter("table") if t.get("id") == "result_list")
    titles = [text(th) for th in table.find("thead").iter("th")][1:]  # checkbox
    rows = {}
    for tr in table.find("tbody").iter("tr"):
        cells = [text(td) for td in tr if td.tag in ("td", "th")][1:]
        rows[cells[0]] = cells
    return titles, rows


def test_editors_see_each_sources_polling_and_a_stale_one_in_words(editor_client, tass):
    now = timezone.now()
    healthy = source(
        "TASS English",
        agency=tass,
        format="ninjs",
        interval=30,
        last_poll_at=now,
        last_success_at=now,
    )
    source(
        "Old FTP",
        kind="ftp",
        location="ftp://wire.example/out",
        created_at=LONG_AGO,
        last_poll_at=now,
        last_success_at=LONG_AGO,
        last_error="The FTP server wire.example refused: 530 Login incorrect.",
        last_error_at=LONG_AGO,
        failures=12,
    )
    source("Never polled", created_at=LONG_AGO)
    source("Switched off", active=False, created_at=LONG_AGO)
    for received, versions, started in ((3, 1, now), (2, 0, now), (50, 0, LONG_AGO)):
        WirePoll.objects.create(
            source=healthy,
            started_at=started,
            finished_at=started,
            received=received,
            new_versions=versions,
        )

    titles, rows = list_rows(editor_client)

    assert titles == [
        "Name",
        "Agency",
        "Kind",
        "Format",
        "Poll interval (seconds)",
        "Active",
        "Last poll",
        "Last success",
        "Last error",
        "Items received today",
        "Health",
        "Items",
    ]
    assert rows["TASS English"][1:5] == ["TASS", "Folder", "ninjs", "30"]
    assert rows["TASS English"][8:] == ["–", "6", "ok", "On the Wire screen"]
    stale = "⚠ STALE: no success for 3 intervals"
    old_ftp = rows["Old FTP"]
    assert old_ftp[2] == "FTP or FTPS folder"
    assert old_ftp[8] == (
        "2026-01-05 09:00: The FTP server wire.example refused: 530 Login incorrect."
    )
    assert old_ftp[9:11] == ["0", stale]
    assert rows["Never polled"][10] == stale  # no poller running is noticed too
    assert rows["Switched off"][10] == "off"


def test_the_list_costs_the_same_queries_for_many_sources(editor_client, tass):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(captured)

    source("Source", agency=tass)
    one = queries()
    for number in range(30):
        row = source(f"Source {number}", agency=tass)
        WirePoll.objects.create(
            source=row, started_at=timezone.now(), finished_at=timezone.now()
        )
    assert queries() == one <= 10


def test_reporters_do_not_see_the_sources(client, db):
    client.force_login(make_user("reporter", "Reporters"))
    assert client.get(CHANGELIST).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Wire sources" not in index and CHANGELIST not in index


def test_editors_hold_every_permission_on_sources_and_read_the_poll_log(db):
    editors = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__model__in=["wiresource", "wirepoll"])
        .values_list("codename", flat=True)
    )
    assert editors == {
        "view_wiresource",
        "add_wiresource",
        "change_wiresource",
        "delete_wiresource",
        "view_wirepoll",
    }
    for group in ("Reporters", "Photo editors"):
        assert not Group.objects.get(name=group).permissions.filter(
            content_type__model__in=["wiresource", "wirepoll"]
        )


def test_the_form_offers_every_wire_format_and_a_save_keeps_the_poll_state(
    editor_client,
):
    add = editor_client.get(reverse("admin:articles_wiresource_add")).content.decode()
    for name in FORMATS:
        assert f'<option value="{name}"' in add
    row = source("Inbox", failures=3, last_error="The folder is gone.")
    response = editor_client.post(
        reverse("admin:articles_wiresource_change", args=[row.pk]),
        {
            "name": "Inbox",
            "kind": "folder",
            "location": "/srv/wire/inbox",
            "format": "auto",
            "interval": "120",
            "active": "on",
            "credentials_env": "",
            "remote_after": "keep",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.interval == 120
    assert (row.failures, row.last_error) == (3, "The folder is gone.")


@pytest.mark.parametrize(
    ("kind", "location", "field", "message"),
    [
        ("http", "ftp://wire.example/x", "location", "is not an http or https URL"),
        ("folder", "relative/inbox", "location", "is not an absolute folder path"),
        ("ftp", "ftp://user:pw@wire.example/", "location", "Put no user or password"),
    ],
)
def test_the_form_refuses_a_location_that_does_not_fit_the_kind(
    editor_client, kind, location, field, message
):
    response = editor_client.post(
        reverse("admin:articles_wiresource_add"),
        {
            "name": "Bad",
            "kind": kind,
            "location": location,
            "format": "auto",
            "interval": "60",
            "remote_after": "keep",
        },
    )
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field][0]
    assert not WireSource.objects.exists()


def test_poll_at_the_next_round_ends_a_backoff(editor_client):
    later = timezone.now() + timedelta(hours=1)
    row = source("Inbox", failures=5, next_poll_at=later)
    response = editor_client.post(
        CHANGELIST,
        {"action": "poll_next_round", "_selected_action": [row.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 source will be polled at the poller's next round."
    ]
    row.refresh_from_db()
    assert row.next_poll_at <= timezone.now()
    assert WireSource.objects.due(timezone.now()).get() == row


# -- add_wire_source --------------------------------------------------------------


def add(*args: str) -> str:
    out = io.StringIO()
    call_command("add_wire_source", *args, stdout=out)
    return out.getvalue()


def test_add_wire_source_creates_a_folder_source(tmp_path, tass):
    out = add(
        "TASS English",
        "--folder",
        str(tmp_path),
        "--agency",
        "tass",
        "--format",
        "agency-text",
        "--interval",
        "30",
    )
    assert out == (
        f"Created wire source “TASS English” for TASS: Folder {tmp_path}, format "
        "agency-text, every 30 s.\n"
    )
    created = WireSource.objects.get()
    assert (created.kind, created.location, created.agency) == (
        "folder",
        str(tmp_path),
        tass,
    )
    assert created.active and created.interval == 30


def test_add_wire_source_creates_url_and_ftp_sources_with_credentials_named(db):
    add("Feed", "--url", "https://wire.example/feed.xml", "--credentials-env", "FEED")
    add("Drop", "--ftp", "ftps://wire.example:2121/out", "--remote-after", "move")
    feed, drop = WireSource.objects.order_by("name").reverse()
    assert (feed.kind, feed.credentials_env) == ("http", "FEED")
    assert (drop.kind, drop.location, drop.remote_after) == (
        "ftp",
        "ftps://wire.example:2121/out",
        "move",
    )


def test_add_wire_source_dry_run_creates_nothing(tmp_path, db):
    out = add("Inbox", "--folder", str(tmp_path), "--dry-run")
    assert out.startswith("Would create wire source “Inbox”: Folder")
    assert not WireSource.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "not a url"], "location: “not a url” is not an http or https URL"),
        (["--url", "file:///etc/passwd"], "is not an http or https URL with a host."),
        (["--url", "http://[bad"], "“http://[bad” is not an http or https URL"),
        (["--ftp", "https://wire.example/"], "is not an ftp or ftps URL with a host."),
        (["--url", "https://wire.example:99999/"], "has a port that is not a number"),
        (["--folder", "/no/such/folder"], "No such folder: /no/such/folder"),
        (
            ["--url", "https://wire.example/", "--interval", "1"],
            "--interval: Ensure this value is greater than or equal to 10.",
        ),
        (
            ["--url", "https://wire.example/", "--interval", "999999"],
            "--interval: Ensure this value is less than or equal to 86400.",
        ),
        (
            ["--url", "https://wire.example/", "--credentials-env", "lower-case"],
            "credentials_env: Capital letters, digits and _ only",
        ),
        (
            ["--url", "https://wire.example/", "--agency", "Nobody"],
            "No agency “Nobody”; add it in the admin (Agencies) first.",
        ),
    ],
)
def test_add_wire_source_refuses_bad_input_in_one_line(db, args, message):
    with pytest.raises(CommandError) as raised:
        add("New source", *args)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not WireSource.objects.exists()


def test_add_wire_source_refuses_a_name_already_taken(tmp_path, db):
    add("Inbox", "--folder", str(tmp_path))
    with pytest.raises(CommandError, match=r"^A wire source of that name already"):
        add("Inbox", "--url", "https://wire.example/")
    assert WireSource.objects.count() == 1


# -- /readyz/wire -----------------------------------------------------------------


def test_readyz_wire_gives_each_active_sources_age_and_says_stale(
    client, db, django_assert_num_queries
):
    now = timezone.now()
    source("Fresh", last_success_at=now - timedelta(seconds=20), interval=60)
    source("Late", last_success_at=LONG_AGO, created_at=LONG_AGO, interval=60)
    source("Off", active=False, created_at=LONG_AGO)
    with django_assert_num_queries(1):
        response = client.get("/readyz/wire")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and not response.cookies
    body = json.loads(response.content)
    assert body["status"] == "stale" and body["stale_after_intervals"] == 3
    fresh, late = body["sources"]
    assert fresh["name"] == "Fresh" and fresh["status"] == "ok"
    assert 20 <= fresh["last_success_age_seconds"] < 600
    assert late["status"] == "stale"
    assert late["last_success_age_seconds"] > 3 * 60
    assert client.post("/readyz/wire").status_code == 405


def test_readyz_is_unchanged_by_the_wire_sources(client, db):
    source("Late", created_at=LONG_AGO)
    assert json.loads(client.get("/readyz").content) == {
        "database": "ok",
        "cache": "ok",
    }
