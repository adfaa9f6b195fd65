"""ninjs as it arrives: extra properties, no uri, 1.x dialects, API envelopes.

Schema-valid documents are read as before (tests/test_wire_formats.py); these
deviate, are imported anyway, and each deviation is a note in ``unsure`` (shown
as "Check: …"). Every
document here is written for these tests in an agency's style.
"""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.wire import WireError, ninjs, read_stories

from .factories import NOW
from .test_wire_formats import assert_valid_ninjs_31

# A commercial agency API's ninjs 3 with its own extras (guid, priority, service,
# source) and no uri.
WITH_EXTRAS = {
    "guid": "afp-2026-11-29-9XY7QZ",
    "type": "text",
    "version": "1732870000123",
    "versionCreated": "2026-11-29T09:40:00Z",
    "priority": 2,
    "service": "AFP-EN",
    "source": "AFP",
    "language": "en",
    "headlines": [{"role": "main", "value": "Volcano erupts near island village"}],
    "bodies": [
        {
            "role": "main",
            "contentType": "text/html",
            "value": "<p>Tokyo (AFP) - A volcano erupted on Sunday.</p>"
            "<p>No injuries were reported.</p>",
        }
    ],
    "keywords": ["volcano", "Japan"],
    "genres": [{"name": "Breaking news", "uri": "http://cv.example/genre/breaking"}],
    "usageTerms": "Not for use in Japan",
    "edNote": "Corrects spelling of village in para 1",
    "subjects": [{"uri": "http://cv.iptc.org/newscodes/mediatopic/06000000"}],
}


def test_ninjs_with_extra_properties_and_no_uri_is_imported_with_notes():
    story = ninjs.parse_bytes(json.dumps(WITH_EXTRAS).encode())
    assert story.headline == "Volcano erupts near island village"
    assert story.paragraphs == [
        "Tokyo (AFP) - A volcano erupted on Sunday.",
        "No injuries were reported.",
    ]
    assert story.wire_id == "afp-2026-11-29-9XY7QZ"
    assert (story.agency, story.language) == ("AFP", "en")
    assert story.version == 1732870000123  # 13 digits kept
    assert story.urgency == 2  # from priority
    assert story.keywords == ["volcano", "Japan"]
    assert story.genre == "Breaking news"
    assert story.usage_terms == "Not for use in Japan"
    assert story.agency_notes == ["Corrects spelling of village in para 1"]
    assert story.subjects == ["http://cv.iptc.org/newscodes/mediatopic/06000000"]
    notes = "\n".join(story.unsure)
    assert "not valid ninjs 3.x" in notes
    assert (
        "Properties ninjs does not define: guid, keywords, priority, service, " in notes
    )
    assert "no uri; its “guid” is the id" in notes
    assert "Corrects spelling" not in notes  # the agency's note is not the parser's
    assert_valid_ninjs_31(ninjs.story_to_ninjs(story))  # strict on the way out


def test_an_altid_is_the_id_when_there_is_no_uri_or_guid():
    document = {
        "headline": "Storm warning for the coast",
        "body_text": "Helsinki (STT) - Winds will strengthen tonight.",
        "altids": {"stt-id": "STT-77123"},
        "copyrightholder": "STT",
    }
    story = ninjs.parse_bytes(json.dumps(document).encode())
    assert story.wire_id == "STT-77123"
    assert any("altId “stt-id” is the id" in n for n in story.unsure)


# A ninjs 1.x style feed with lower-case keys, associations keyed by name and
# times without a zone.
DIALECT_1X = {
    "uri": "urn:newsml:dpa.com:20090101:261129-99-777",
    "type": "text",
    "version": 3,
    "versioncreated": "2026-11-29T10:30:00",
    "headline": "Bahnstreik &lt;endash&gt; Pendler stehen im Regen",
    "byline": "Von Lena Vogel, dpa",
    "body_html": "<p>Berlin (dpa) - Der Streik hat begonnen.</p><p>Zweiter Absatz.</p>",
    "urgency": 3,
    "pubstatus": "usable",
    "ednote": "Achtung: Sperrfrist beachten",
    "usageterms": "Nur für Abonnenten",
    "genre": [{"name": "Bericht"}],
    "associations": {
        "featureimage": {
            "type": "picture",
            "headline": "Leerer Bahnsteig",
            "byline": "Jan Berg/dpa",
            "renditions": {"original": {"href": "https://dpa.example/b.jpg"}},
        }
    },
    "slugline": "Bahn",
    "priority": 3,
}


def test_a_1x_dialect_with_named_associations_and_zone_less_times(settings):
    settings.NEWSROOM_WIRE_TIMEZONES = {"dpa": "Europe/Berlin"}
    document = dict(DIALECT_1X, copyrightholder="dpa")
    story = ninjs.parse_bytes(json.dumps(document).encode())
    assert story.headline == "Bahnstreik – Pendler stehen im Regen"
    assert story.byline == "Von Lena Vogel, dpa"
    assert story.paragraphs == [
        "Berlin (dpa) - Der Streik hat begonnen.",
        "Zweiter Absatz.",
    ]
    assert story.version_created == datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    assert any("Europe/Berlin" in n for n in story.unsure)
    assert (story.urgency, story.genre, story.usage_terms) == (
        3,
        "Bericht",
        "Nur für Abonnenten",
    )
    assert story.agency_notes == ["Achtung: Sperrfrist beachten"]
    [photo] = story.photos
    assert (photo.caption, photo.credit) == ("Leerer Bahnsteig", "Jan Berg/dpa")
    assert photo.href == "https://dpa.example/b.jpg"
    assert any("Properties ninjs does not define: priority" in n for n in story.unsure)


def _story(number: int, agency: str = "Kyodo") -> dict:
    return {
        "uri": f"urn:kyodo:2026:{number}",
        "headlines": [{"value": f"Story number {number} from the wire"}],
        "bodies": [
            {"contentType": "text/plain", "value": f"TOKYO (Kyodo) -- {number}."}
        ],
        "copyrightHolder": agency,
    }


@pytest.mark.parametrize(
    ("envelope", "count"),
    [
        ({"data": {"item": _story(1)}}, 1),
        ({"results": [_story(1), _story(2), _story(3)], "total": 3}, 3),
        ({"items": [_story(1), _story(2)], "next": None}, 2),
        ({"data": [_story(1), _story(2)], "meta": {"page": 1}}, 2),
        ({"response": {"docs": [{"item": _story(5)}]}}, 1),
    ],
)
def test_api_envelopes_give_each_story_inside(envelope, count):
    stories = ninjs.parse_many(json.dumps(envelope).encode())
    assert len(stories) == count
    assert [s.headline for s in stories][:1] == [stories[0].headline]
    assert all(s.headline.startswith("Story number") for s in stories)
    assert all(any("API envelope" in n for n in s.unsure) for s in stories)


def test_an_envelope_keeps_the_good_items_and_notes_the_bad_one():
    envelope = {"results": [_story(1), {"uri": "urn:x", "type": "text"}, _story(3)]}
    stories = ninjs.parse_many(json.dumps(envelope).encode())
    assert [s.wire_id for s in stories] == ["urn:kyodo:2026:1", "urn:kyodo:2026:3"]
    assert any("Item 2 of 3" in n and "Left out" in n for n in stories[0].unsure)


def test_an_envelope_of_nothing_usable_is_refused():
    envelope = {"results": [{"uri": "urn:x", "type": "text", "headline": ""}]}
    with pytest.raises(WireError, match="no headline and no body"):
        ninjs.parse_many(json.dumps(envelope).encode())


def test_parse_bytes_will_not_drop_stories_of_an_envelope():
    envelope = {"items": [_story(1), _story(2)]}
    with pytest.raises(WireError, match="holds 2 stories"):
        ninjs.parse_bytes(json.dumps(envelope).encode())


@pytest.mark.django_db
def test_an_envelope_is_ingested_as_several_stories(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"data": [_story(1), _story(2), _story(3)]}))
    out = io.StringIO()
    call_command("ingest_wire", str(path), "--take", stdout=out)
    assert Article.objects.filter(agency__short_name="Kyodo").count() == 3
    assert len(read_stories(path.read_bytes(), reference_date=NOW.date())) == 3


def test_a_headline_only_flash_and_a_body_without_headline_are_kept():
    flash = {"uri": "urn:ap:1", "headline": "BREAKING: Quake hits", "source": "AP"}
    story = ninjs.parse_bytes(json.dumps(flash).encode())
    assert (story.headline, story.paragraphs) == ("BREAKING: Quake hits", [])
    assert any("no body text" in n for n in story.unsure)
    text_only = {"uri": "urn:ap:2", "body_text": "Quake hits coast\n\nMore to come."}
    story = ninjs.parse_bytes(json.dumps(text_only).encode())
    assert (story.headline, story.paragraphs) == ("Quake hits coast", ["More to come."])
    assert any("first line was taken as the headline" in n for n in story.unsure)


def test_an_unknown_pub_status_is_kept_off_the_site_with_a_note():
    document = dict(_story(1), pubStatus="gone")
    story = ninjs.parse_bytes(json.dumps(document).encode())
    assert story.pub_status == "withheld"
    assert any("“gone”" in n for n in story.unsure)


def test_valid_ninjs_gets_no_deviation_notes():
    story = ninjs.parse_bytes(json.dumps(_story(9)).encode())
    assert story.unsure == []


# ---- any bytes in: stories or a WireError, never another exception ---------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-11-29T10:00:00", "<p>x</p>", "<endash>", "urn:x"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "uri",
                    "guid",
                    "headline",
                    "headlines",
                    "bodies",
                    "body_html",
                    "body_text",
                    "value",
                    "data",
                    "items",
                    "results",
                    "item",
                    "type",
                    "version",
                    "versionCreated",
                    "embargoedUntil",
                    "pubStatus",
                    "priority",
                    "urgency",
                    "associations",
                    "renditions",
                    "subjects",
                    "altIds",
                    "genres",
                    "keywords",
                    "rightsInfo",
                    "edNote",
                    "located",
                    "by",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
# Found by this test: "bodies" that is neither a list nor an object.
@example({"bodies": True, "headline": "0"})
@example({"bodies": "text", "headline": "Quake hits coast"})
def test_any_json_gives_stories_or_a_wire_error(value):
    try:
        stories = ninjs.parse_many(json.dumps(value).encode())
    except WireError as error:
        assert str(error)
    else:
        assert stories
        for story in stories:
            assert story.headline or story.paragraphs
            assert story.wire_id
            assert_valid_ninjs_31(ninjs.story_to_ninjs(story))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_ninjs_give_stories_or_a_wire_error(data):
    try:
        ninjs.parse_many(b'{"headline": "H", "x": ' + data)
    except WireError as error:
        assert str(error)


# ---- other vendors' dialects ----------------------------------------------------


def test_an_api_item_whose_text_is_only_linked_keeps_its_headline_and_says_where():
    envelope = {
        "api_version": "2",
        "data": {
            "item": {
                "uri": "https://api.example-agency.org/content/abc123",
                "altids": {"itemid": "abc123", "etag": "abc123_0a1"},
                "version": 0,
                "type": "text",
                "versioncreated": "2026-11-29T18:04:11Z",
                "pubstatus": "usable",
                "headline": "Storm knocks out power to thousands",
                "bylines": [{"by": "By Dana Reyes", "title": "Staff Writer"}],
                "datelinelocation": {"city": "Tulsa", "countryname": "United States"},
                "urgency": 4,
                "infosource": [{"name": "AP", "type": "AP"}],
                "subject": [{"name": "Weather", "code": "weather-01"}],
                "renditions": {
                    "nitf": {
                        "contentType": "text/xml",
                        "href": "https://api.example-agency.org/content/abc123/nitf",
                    }
                },
            }
        },
    }
    [story] = ninjs.parse_many(json.dumps(envelope).encode())
    assert story.headline == "Storm knocks out power to thousands"
    assert story.paragraphs == []
    assert (story.byline, story.agency, story.urgency) == ("By Dana Reyes", "AP", 4)
    assert (story.dateline_place, story.dateline_region) == ("Tulsa", "United States")
    assert story.subjects == ["Weather"]
    assert any(
        "offers the text at https://api.example-agency.org/content/abc123/nitf" in n
        for n in story.unsure
    )


def test_a_search_answer_with_paragraph_lists_and_its_own_id_names():
    answer = {
        "response": {
            "numFound": 1,
            "docs": [
                {
                    "uno": "NEWS-FR-123-ABC",
                    "headline": "Grève dans les transports parisiens",
                    "news": [
                        "Paris (AFP) - Le trafic était très perturbé lundi.",
                        "La grève doit durer deux jours.",
                    ],
                    "lang": "fr",
                    "published": "2026-11-30T07:12:00Z",
                    "city": "Paris",
                    "country": "France",
                    "urgency": 4,
                    "provider": "AFP",
                }
            ],
        }
    }
    [story] = ninjs.parse_many(json.dumps(answer).encode())
    assert story.wire_id == "NEWS-FR-123-ABC"
    assert story.paragraphs == [
        "Paris (AFP) - Le trafic était très perturbé lundi.",
        "La grève doit durer deux jours.",
    ]
    assert (story.language, story.agency, story.dateline_place) == (
        "fr",
        "AFP",
        "Paris",
    )
    assert story.version_created == datetime(2026, 11, 30, 7, 12, tzinfo=UTC)


def test_camel_case_vendor_keys_are_read():
    answer = {
        "data": {
            "item": {
                "uri": "tag:example-wire.com,2026:newsml_X1Y2Z3",
                "headLine": "Oil steadies after two-day slide",
                "byLine": "By Omar Haddad",
                "bodyXhtml": "<p>DUBAI, Nov 30 (Wire) - Oil prices steadied.</p>",
                "language": "en",
                "copyrightHolder": "Example Wire",
            }
        }
    }
    [story] = ninjs.parse_many(json.dumps(answer).encode())
    assert story.headline == "Oil steadies after two-day slide"
    assert story.byline == "By Omar Haddad"
    assert story.paragraphs == ["DUBAI, Nov 30 (Wire) - Oil prices steadied."]


def test_an_unreadable_embargo_holds_the_story_instead_of_refusing_it():
    document = dict(_story(1), embargoedUntil="after the briefing")
    story = ninjs.parse_bytes(json.dumps(document).encode())
    assert story.embargo_until == datetime(2999, 12, 31, 23, 59, tzinfo=UTC)
    assert any("cannot be read; the story is held" in n for n in story.unsure)


def test_a_unix_time_stamp_embargo_is_read():
    document = dict(_story(1), embargoedUntil=1796036400000)  # milliseconds
    story = ninjs.parse_bytes(json.dumps(document).encode())
    assert story.embargo_until == datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    assert any("Unix time stamp" in n for n in story.unsure)
