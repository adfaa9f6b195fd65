"""The poller files copy under its source's agency when the copy names none."""

import json
from pathlib import Path

import pytest

from articles.models import Agency, WireItem, WireSource
from articles.wire import poll
from articles.wire.queue import latest_stories
from articles.wire.story import WireStory

# real_clock: the poller compares file times (the machine's clock) with time.time().
pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]

OPTIONS = poll.Options(settle=0, timeout=2, max_bytes=256 * 1024, lease=300)


def copy(uri: str, headline: str, **extra) -> bytes:
    return json.dumps(
        {
            "uri": uri,
            "version": "1",
            "type": "text",
            "headline": headline,
            "body_text": "Invented copy: the ferry left the pier on time.",
            **extra,
        }
    ).encode()


def test_copy_naming_no_agency_is_filed_under_the_sources_and_says_so(tmp_path):
    veyra = Agency.objects.create(name="Veyra Wire Service", short_name="VWS")
    inbox = Path(tmp_path / "inbox")
    inbox.mkdir()
    WireSource.objects.create(
        name="VWS folder", kind="folder", location=str(inbox), agency=veyra
    )
    (inbox / "plain.json").write_bytes(copy("urn:vws:1", "Invented: ferry leaves"))
    (inbox / "named.json").write_bytes(
        copy("urn:other:2", "Invented: ferry returns", copyrightholder="Other Wire")
    )
    result = poll.poll_due(owner=poll.poller_id(), options=OPTIONS)
    assert result.totals.received == 2 and result.totals.failed == 0
    plain = WireItem.objects.get(headline="Invented: ferry leaves")
    named = WireItem.objects.get(headline="Invented: ferry returns")
    assert plain.agency == veyra and plain.source == "VWS folder"
    assert named.agency.name == "Other Wire"  # the copy's own word wins
    notes = WireStory.from_json(latest_stories([plain.pk])[plain.pk]).unsure
    assert "The copy names no agency; filed under its source's, VWS." in notes
