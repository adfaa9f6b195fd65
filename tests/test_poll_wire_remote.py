"""The poller against a real HTTP server and a real FTP server on loopback.

Each way a server can fail the desk (500, too slow, an HTML login page, a body
claiming 2 GB, an endless body, missing credentials) ends as a clear message on the
source's row and one log line, never a crash and never a half-taken item.
"""

import pytest

from articles.models import WireSource
from articles.wire import poll
from articles.wire.poll_http import feed_entries

from .logcapture import json_logs
from .wire_servers import (
    FTP_PASSWORD,
    FTP_USER,
    TOKEN,
    agency_http_server,
    agency_page,
    ftp_server,
    ninjs_doc,
    self_signed_certificate,
)

# pyftpdlib 2.x is built on asyncore/asynchat, deprecated in Python 3.11.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The asyn(core|chat) module is deprecated:DeprecationWarning"
)
LIMIT = 256 * 1024
OPTIONS = poll.Options(settle=0, timeout=0.5, max_bytes=LIMIT, lease=300)


@pytest.fixture
def http():
    with agency_http_server() as server:
        yield server


def url_source(url: str, name: str = "Agency", **fields) -> WireSource:
    return WireSource.objects.create(name=name, kind="http", location=url, **fields)


def poll_round() -> poll.Round:
    return poll.poll_due(owner=poll.poller_id(), options=OPTIONS)


def poll_again(source: WireSource) -> poll.Round:
    WireSource.objects.filter(pk=source.pk).update(next_poll_at=None)
    return poll_round()


def failed_with(source: WireSource, logged: list[dict]) -> str:
    """The source's error, checked to be on its row and in one log line."""
    source.refresh_from_db()
    assert source.failures == 1 and source.last_success_at is None
    (line,) = logged
    assert line["logger"] == "articles.wire.poll" and line["level"] == "WARNING"
    assert line["message"].endswith(source.last_error)
    assert "Traceback" not in line["message"] and "exception" not in line
    return source.last_error


@pytest.mark.django_db
def test_a_ninjs_url_is_taken_and_an_unchanged_answer_costs_a_304(http):
    source = url_source(f"{http.base}/ninjs")
    assert poll_round().totals.received == 1
    source.refresh_from_db()
    assert source.seen["etag"] == '"v1"'

    result = poll_again(source)
    assert (result.totals.received, result.totals.duplicates) == (0, 0)
    http.version = 2
    result = poll_again(source)
    assert result.totals.new_versions == 1
    assert http.requests == ["/ninjs", "/ninjs", "/ninjs"]


@pytest.mark.django_db
def test_a_feed_fetches_each_new_entry_once(http):
    source = url_source(f"{http.base}/feed.xml")
    assert poll_round().totals.received == 2
    http.feed = [1, 2, 3]
    http.requests.clear()

    assert poll_again(source).totals.received == 1
    assert http.requests == ["/feed.xml", "/items/3.json"]  # the enclosures
    source.refresh_from_db()
    assert source.seen["ids"][-1] == "urn:newsroom-test:feed:3"


@pytest.mark.django_db
def test_a_feed_entry_the_server_cannot_give_now_is_fetched_next_time(http):
    http.broken_items = {2}
    source = url_source(f"{http.base}/feed.xml")
    with json_logs("articles.wire.poll") as logged:
        result = poll_round()
    assert (result.totals.received, result.totals.failed) == (1, 1)
    message = f"{http.base}/items/2.json: {http.base}/items/2.json answered HTTP 503"
    assert logged[0]["message"].startswith(f"wire source “Agency”: {message}")
    source.refresh_from_db()
    assert source.failures == 0 and source.last_error.startswith(message)

    http.broken_items = set()
    assert poll_again(source).totals.received == 1


@pytest.mark.django_db
def test_a_server_error_is_on_the_row_and_in_one_log_line(http):
    source = url_source(f"{http.base}/error")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    assert failed_with(source, logged) == (
        f"{http.base}/error answered HTTP 500 Internal Server Error."
    )


@pytest.mark.django_db
def test_a_slow_server_times_out(http):
    source = url_source(f"{http.base}/slow")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    http.release.set()
    assert failed_with(source, logged) == (
        f"{http.base}/slow did not answer within 0.5 s."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login", "/login-as-xml"])
def test_an_html_page_is_refused_as_such(http, path):
    source = url_source(f"{http.base}{path}")
    with json_logs("articles.wire.poll") as logged:
        result = poll_round()
    assert result.totals.received == result.totals.failed == 0
    assert failed_with(source, logged) == (
        f"{http.base}{path} answered with an HTML page (a login or error page?), "
        "not wire copy."
    )


@pytest.mark.django_db
def test_a_body_claiming_2_gb_is_refused_without_reading_it(http):
    source = url_source(f"{http.base}/huge")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    assert failed_with(source, logged) == (
        f"{http.base}/huge sends 2,147,483,648 bytes, more than the limit of "
        f"{LIMIT:,}; not read."
    )
    assert http.streamed < 64 * 1024 * 1024  # what the socket buffers took at most


@pytest.mark.django_db
def test_an_endless_body_is_read_up_to_the_limit_and_no_further(http):
    source = url_source(f"{http.base}/endless")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    assert failed_with(source, logged) == (
        f"{http.base}/endless sends more than the limit of {LIMIT:,} bytes; "
        "stopped reading."
    )
    assert http.streamed < 64 * 1024 * 1024


@pytest.mark.django_db
def test_missing_credentials_are_named_and_given_ones_are_used(http, monkeypatch):
    monkeypatch.delenv("NR_TEST_FEED_TOKEN", raising=False)
    monkeypatch.delenv("NR_TEST_FEED_USER", raising=False)
    source = url_source(f"{http.base}/private", credentials_env="NR_TEST_FEED")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    assert failed_with(source, logged) == (
        "Credentials missing: set NR_TEST_FEED_USER and NR_TEST_FEED_PASSWORD "
        "(or NR_TEST_FEED_TOKEN) in the poller's environment."
    )
    assert http.requests == []  # nothing sent without them

    monkeypatch.setenv("NR_TEST_FEED_TOKEN", "wrong")
    poll_again(source)
    source.refresh_from_db()
    assert source.last_error == (
        f"{http.base}/private answered HTTP 401 Unauthorized (check the source's "
        "credentials)."
    )
    monkeypatch.setenv("NR_TEST_FEED_TOKEN", TOKEN)
    assert poll_again(source).totals.received == 1
    source.refresh_from_db()
    assert source.failures == 0


@pytest.mark.django_db
def test_a_redirect_to_a_local_file_is_refused(http):
    source = url_source(f"{http.base}/to-a-file")
    with json_logs("articles.wire.poll") as logged:
        result = poll_round()
    assert result.totals.received == 0
    assert failed_with(source, logged) == (
        f"{http.base}/to-a-file redirects to file:///etc/passwd, not http(s)."
    )


def test_atom_entries_give_their_enclosure_or_their_link():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
 <entry><id>tag:wire.example,2026:1</id><title>One</title>
  <link href="/story/1.html"/>
  <link rel="enclosure" type="application/vnd.iptc.g2.newsitem+xml" href="/g2/1.xml"/>
 </entry>
 <entry><id>tag:wire.example,2026:2</id><title>Two</title>
  <link rel="alternate" href="https://cdn.wire.example/ninjs/2.json"/></entry>
 <entry><title>No address</title></entry>
</feed>"""
    assert feed_entries(atom, "https://wire.example/feed.atom") == [
        ("tag:wire.example,2026:1", "https://wire.example/g2/1.xml"),
        ("tag:wire.example,2026:2", "https://cdn.wire.example/ninjs/2.json"),
    ]


@pytest.mark.django_db
def test_an_unreachable_server_is_a_clear_error(http):
    source = url_source("http://127.0.0.1:1/wire")
    with json_logs("articles.wire.poll") as logged:
        poll_round()
    assert failed_with(source, logged).startswith(
        "Cannot reach http://127.0.0.1:1/wire: [Errno 111] Connection refused"
    )


# -- FTP ---------------------------------------------------------------------------


@pytest.fixture
def ftp_home(tmp_path):
    home = tmp_path / "ftp"
    (home / "wire").mkdir(parents=True)
    return home


def ftp_source(port: int, **fields) -> WireSource:
    return WireSource.objects.create(
        name="Agency FTP",
        kind="ftp",
        location=f"ftp://127.0.0.1:{port}/wire",
        credentials_env="NR_TEST_FTP",
        **fields,
    )


@pytest.fixture
def ftp_credentials(monkeypatch):
    monkeypatch.setenv("NR_TEST_FTP_USER", FTP_USER)
    monkeypatch.setenv("NR_TEST_FTP_PASSWORD", FTP_PASSWORD)


@pytest.mark.django_db
def test_an_ftp_folder_gives_each_file_once(ftp_home, ftp_credentials):
    wire = ftp_home / "wire"
    (wire / "strike.txt").write_text(agency_page(20), encoding="utf-8")
    (wire / "ferry.json").write_bytes(ninjs_doc(21))
    (wire / "upload.json.part").write_bytes(ninjs_doc(22)[:20])
    with ftp_server(ftp_home) as port:
        source = ftp_source(port)
        assert poll_round().totals.received == 2
        result = poll_again(source)
        assert (result.totals.received, result.totals.duplicates) == (0, 0)
        (wire / "harbour.json").write_bytes(ninjs_doc(23))
        assert poll_again(source).totals.received == 1
    source.refresh_from_db()
    assert sorted(source.seen["files"]) == ["ferry.json", "harbour.json", "strike.txt"]
    assert source.failures == 0
    assert sorted(p.name for p in wire.iterdir()) == [
        "ferry.json",
        "harbour.json",
        "strike.txt",
        "upload.json.part",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after", "left"), [("move", ["done"]), ("delete", [])], ids=["move", "delete"]
)
def test_an_ftp_source_can_move_or_delete_what_it_fetched(
    ftp_home, ftp_credentials, after, left
):
    wire = ftp_home / "wire"
    (wire / "strike.txt").write_text(agency_page(24), encoding="utf-8")
    with ftp_server(ftp_home) as port:
        ftp_source(port, remote_after=after)
        assert poll_round().totals.received == 1
    assert sorted(p.name for p in wire.iterdir()) == left
    if after == "move":
        assert (wire / "done" / "strike.txt").exists()


@pytest.mark.django_db
def test_ftp_without_credentials_or_with_wrong_ones_says_so(ftp_home, monkeypatch):
    monkeypatch.delenv("NR_TEST_FTP_USER", raising=False)
    with ftp_server(ftp_home) as port:
        source = ftp_source(port)
        with json_logs("articles.wire.poll") as logged:
            poll_round()
        assert failed_with(source, logged) == (
            "Credentials missing: set NR_TEST_FTP_USER and NR_TEST_FTP_PASSWORD in "
            "the poller's environment."
        )
        monkeypatch.setenv("NR_TEST_FTP_USER", FTP_USER)
        monkeypatch.setenv("NR_TEST_FTP_PASSWORD", "wrong")
        poll_again(source)
    source.refresh_from_db()
    assert source.failures == 2
    assert source.last_error == (
        "The FTP server 127.0.0.1 refused: 530 Authentication failed."
    )


@pytest.mark.django_db
def test_ftps_checks_the_servers_certificate(ftp_home, ftp_credentials, monkeypatch):
    (ftp_home / "wire" / "ferry.json").write_bytes(ninjs_doc(25))
    cert, key = self_signed_certificate(ftp_home.parent)
    with ftp_server(ftp_home, tls=(cert, key)) as port:
        source = ftp_source(port)
        WireSource.objects.filter(pk=source.pk).update(
            location=f"ftps://127.0.0.1:{port}/wire"
        )
        with json_logs("articles.wire.poll") as logged:
            poll_round()  # a certificate nobody vouches for: refused
        assert "CERTIFICATE_VERIFY_FAILED" in failed_with(source, logged)

        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted
        assert poll_again(source).totals.received == 1
