"""ninjs (1.x, 2.x, 3.x) and NewsML-G2 in; ninjs 3.1 out, validated offline."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from articles.models import Article
from articles.wire import WireError, agency_text, newsml, ninjs, read_stories

from . import factories
from .factories import NOW

WIRE_DATA = Path(__file__).parent / "data" / "wire"
NINJS_EXAMPLES = WIRE_DATA / "ninjs"  # IPTC's published examples (see its README)
G2_EXAMPLES = WIRE_DATA / "newsml-g2"
AGENCY_DATA = WIRE_DATA / "agency"


def ninjs_31_validator():
    """IPTC's schema as Newsroom ships it, date-time and uri formats checked."""
    schema_dir = ninjs.SCHEMA_DIR
    schema = json.loads((schema_dir / "ninjs-schema_3.1.json").read_text())
    geojson = json.loads((schema_dir / "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson)
    )
    return Draft202012Validator(
        schema, registry=registry, format_checker=FormatChecker()
    )


def assert_valid_ninjs_31(document: dict) -> None:
    errors = sorted(ninjs_31_validator().iter_errors(document), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def example(path: str) -> bytes:
    return (NINJS_EXAMPLES / path).read_bytes()


def test_format_checker_really_checks_formats():
    # Guards the export tests: a bad date-time must fail, so "valid" means something.
    bad = {"uri": "urn:x", "versionCreated": "yesterday"}
    assert list(ninjs_31_validator().iter_errors(bad))


# ---- ninjs import ---------------------------------------------------------------


def test_ninjs_1x_text_with_picture_association():
    story = ninjs.parse_bytes(example("1.4/ninjsExComplex1.json"))
    assert story.source_format == "ninjs-1"
    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert len(story.paragraphs) == 4  # from body_xhtml's <p>s, not the run-on text
    assert story.paragraphs[0].startswith("GROSSETO, Italy (AP)")
    assert story.byline == "Paulo Santalucia and Frances d'Emilio"
    assert (story.dateline_place, story.dateline_region) == ("Grossetto", "Italy")
    assert [p.name for p in story.people] == ["Francesco Schettino"]
    [photo] = story.photos
    assert photo.credit == "Paulo Santalucia"
    assert photo.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert photo.href.endswith("-big.jpg")  # the main rendition, not the small one


def test_ninjs_2x_document_with_picture_subjects_and_people():
    story = ninjs.parse_bytes(example("2.1/tt_text_image_2.json"))
    assert story.source_format == "ninjs-2"
    assert story.wire_id == "http://tt.se/media/text/210526-militarovning-a0f2d045"
    assert story.version == 1
    assert story.agency == "TT"
    assert story.headline == "Militärövning i jätteformat hålls 2023"
    assert story.paragraphs[0].startswith("Pandemin satte stopp")
    assert not any("Karl Melander" in p for p in story.paragraphs)  # figure left out
    assert story.subjects == ["Krig, konflikter och oroligheter"]
    assert [p.name for p in story.people] == ["Jonas Svensson"]
    [photo] = story.photos
    assert (photo.credit, photo.uri) == (
        "Karl Melander/TT",
        "http://tt.se/media/image/sdlk2sirkPaauM",
    )
    assert photo.href.endswith("a001_NormalHires.jpg")


def test_ninjs_3x_documents():
    dpa = ninjs.parse_bytes(example("3.0/dpa_text.json"))
    assert dpa.source_format == "ninjs-3"
    assert (dpa.agency, dpa.version, dpa.byline) == (
        "dpa",
        2,
        "Von Christian Hollmann, dpa",
    )
    assert dpa.version_created == datetime(2019, 5, 10, 14, 2, 28, tzinfo=UTC)
    assert len(dpa.paragraphs) == 9

    nitf = ninjs.parse_bytes(
        example(
            "3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be-"
            "the-toughest-ever-addb-ninjs-nitf.json"
        )
    )
    assert nitf.dek.startswith("The Australian Sports Anti-Doping Authority")
    assert nitf.subjects[:2] == ["Sport", "drug abuse in sport"]
    assert nitf.dateline_place == "Oslo"

    multimedia = ninjs.parse_bytes(example("3.1-userguide/007_multimedia.json"))
    assert [p.credit for p in multimedia.photos] == ["Paulo Santalucia"] * 2
    assert multimedia.photos[0].copyright_notice.startswith("Copyright 2013")


def test_a_ninjs_picture_alone_is_not_a_story():
    with pytest.raises(WireError, match="is a picture, not a story"):
        ninjs.parse_bytes(example("3.0/ap_image.json"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'{"uri": "urn:x", "headlines": [{"value": "H"}], "bodies": "text"',
            "cut short",
        ),
        # Lenient on the way in (tests/test_wire_ninjs_lenient.py), but a document
        # with neither headline nor body is no story.
        (b'{"uri": 5, "bodies": "text"}', "no headline and no body"),
        (b'{"uri": "urn:x", "type": "text", "pubStatus": "usable"}', "no headline"),
        (b"[1, 2]", "not one"),
        ('{"uri": "é"}'.encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_ninjs_is_refused_with_a_reason(data, reason):
    with pytest.raises(WireError, match=reason):
        ninjs.parse_bytes(data)


# ---- NewsML-G2 import -------------------------------------------------------------


def test_newsml_text_item_with_nitf_body():
    [story] = newsml.parse_bytes(
        (G2_EXAMPLES / "LISTING_2_NewsML-G2_Text_Document.xml").read_bytes()
    )
    assert story.wire_id == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert story.version == 11
    assert story.headline == 'Fed to halt QE to avert "bubble"'
    assert len(story.paragraphs) == 2
    assert story.paragraphs[1].startswith("Ugiating ea feugait")
    assert story.byline == "By Meredith Jameson, Staff Reporter"
    assert story.dateline_place == "New York"
    assert story.subjects == [
        "economy, business and finance",
        "central bank",
        "money and monetary policy",
    ]
    assert story.agency == "Acme News and Media LLC"


def test_newsml_people_subjects_and_located_from_codes():
    xml = (G2_EXAMPLES / "LISTING_22_Sports_story_in_NewsML-G2NITF.xml").read_bytes()
    [story] = newsml.parse_bytes(xml)
    assert [p.name for p in story.people] == ["Doug Davis", "Freddy Garcia"]
    assert story.dateline_place == "Philadelphia"
    assert any("comes from a code" in note for note in story.unsure)
    assert story.dek.startswith("A pair of teams coming off big weekend sweeps")
    assert len(story.paragraphs) == 6


NEWS_MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-11-29T10:00:00Z</sent></header>
  <itemSet>
    <newsItem guid="urn:newsml:tass.com:20261129:1001" version="3" xml:lang="en">
      <rightsInfo><copyrightHolder><name>TASS</name></copyrightHolder></rightsInfo>
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider qcode="nprov:TASS"><name>TASS Russian News Agency</name></provider>
        <versionCreated>2026-11-29T09:30:00+03:00</versionCreated>
        <embargoed>2026-11-30T06:00:00Z</embargoed>
        <pubStatus qcode="stat:usable"/>
        <link rel="irel:associatedWith" residref="urn:newsml:tass.com:20261129:p77"/>
      </itemMeta>
      <contentMeta>
        <contentCreated>2026-11-29T09:00:00+03:00</contentCreated>
        <located><name>Vladivostok</name><broader><name>Russia</name></broader></located>
        <by>Anna Ivanova</by>
        <creditline>TASS</creditline>
        <subject type="cpnat:abstract"><name>Arctic</name></subject>
        <subject type="cpnat:person"><name>Yuri Trutnev</name></subject>
        <headline>Northern Sea Route traffic sets a record</headline>
        <description role="drol:summary">Cargo passed 40 million tonnes.</description>
        <dateline>VLADIVOSTOK, November 29</dateline>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <p>Traffic on the <b>Northern Sea Route</b> set a record.</p>
            <p>Second paragraph &amp; more.</p>
          </body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
    <newsItem guid="urn:newsml:tass.com:20261129:p77" version="1">
      <rightsInfo><copyrightNotice>© TASS 2026</copyrightNotice></rightsInfo>
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta>
        <creator><name>Yuri Smityuk</name></creator>
        <creditline>Yuri Smityuk/TASS</creditline>
        <description role="drol:caption">An icebreaker leads a convoy</description>
      </contentMeta>
      <contentSet>
        <remoteContent rendition="rnd:thumb" href="icebreaker-thumb.jpg" width="80"/>
        <remoteContent rendition="rnd:highRes" href="icebreaker.jpg" width="1600"/>
      </contentSet>
    </newsItem>
  </itemSet>
</newsMessage>
"""


def test_newsml_message_text_with_xhtml_body_embargo_and_linked_picture():
    [story] = newsml.parse_bytes(NEWS_MESSAGE.encode())
    assert story.headline == "Northern Sea Route traffic sets a record"
    assert story.paragraphs == [
        "Traffic on the Northern Sea Route set a record.",
        "Second paragraph & more.",
    ]
    assert story.dek == "Cargo passed 40 million tonnes."
    assert (story.dateline_place, story.dateline_region) == ("Vladivostok", "Russia")
    assert story.dateline_date.isoformat() == "2026-11-29"
    assert story.embargo_until == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert (story.agency, story.version, story.byline) == ("TASS", 3, "Anna Ivanova")
    assert story.subjects == ["Arctic"]
    assert [p.name for p in story.people] == ["Yuri Trutnev"]
    [photo] = story.photos
    assert photo.caption == "An icebreaker leads a convoy"
    assert photo.credit == "Yuri Smityuk/TASS"
    assert photo.href == "icebreaker.jpg"  # the high-resolution rendition
    assert photo.copyright_notice == "© TASS 2026"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">&lol2;</newsItem>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">&xxe;</newsItem>"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BOMB, "refused for safety"),
        (XXE, "refused for safety"),
        (NEWS_MESSAGE.encode()[:700], "not well-formed"),
        (b"<html><body>hello</body></html>", "not NewsML-G2"),
        (
            b'<knowledgeItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="k"/>',
            "not a story",
        ),
    ],
)
def test_bad_or_dangerous_xml_is_refused_with_a_reason(data, reason):
    with pytest.raises(WireError, match=reason):
        newsml.parse_bytes(data)


# ---- input handling and detection ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Заголовок\n\nМОСКВА, 21 марта. /ТАСС/.".encode("cp1251"), "not UTF-8"),
    ],
)
def test_empty_binary_and_wrongly_encoded_input_is_refused(data, reason):
    with pytest.raises(WireError, match=reason):
        read_stories(data, reference_date=NOW.date())


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'[{"uri": "urn:x"}]', "a list"),
        (b"null", "null"),
        (b'"just a string"', "a string"),
        (b"42\n", "a number"),
    ],
)
def test_json_that_is_no_object_is_refused_as_such_not_as_a_page(data, kind):
    with pytest.raises(WireError, match=f"JSON holding {kind}, not a ninjs document"):
        read_stories(data, reference_date=NOW.date())


def test_auto_detection_by_content():
    seed = (AGENCY_DATA / "seed-tass-japan.txt").read_bytes()
    assert (
        read_stories(seed, reference_date=NOW.date())[0].source_format == "agency-text"
    )
    assert read_stories(b"\xef\xbb\xbf" + seed, reference_date=NOW.date())[0].headline
    g2 = read_stories(NEWS_MESSAGE.encode(), reference_date=NOW.date())
    assert g2[0].source_format == "newsml-g2"
    js = read_stories(example("3.0/dpa_text.json"), reference_date=NOW.date())
    assert js[0].source_format == "ninjs-3"


# ---- ninjs 3.1 export --------------------------------------------------------------


BAD_SAMPLES = {"dateline-first-line.txt"}


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in AGENCY_DATA.glob("*.txt") if p.name not in BAD_SAMPLES),
)
def test_every_parsed_agency_story_exports_as_valid_ninjs_31(name):
    text = (AGENCY_DATA / name).read_text()
    story = agency_text.parse(text, reference_date=NOW.date())
    assert_valid_ninjs_31(ninjs.story_to_ninjs(story))


def test_parsed_ninjs_and_newsml_export_as_valid_ninjs_31():
    for path in sorted(NINJS_EXAMPLES.glob("*/*.json")):
        try:
            story = ninjs.parse_bytes(path.read_bytes())
        except WireError:
            continue
        assert_valid_ninjs_31(ninjs.story_to_ninjs(story))
    for story in newsml.parse_bytes(NEWS_MESSAGE.encode()):
        assert_valid_ninjs_31(ninjs.story_to_ninjs(story))


def test_seed_story_exports_with_the_issue_mapping(seed):
    from articles.models import ArticlePhoto
    from articles.photos import photo_refresh_renditions

    photo = factories.photo(1)
    photo_refresh_renditions(photo=photo, force=True)
    placement = ArticlePhoto.objects.create(article=seed, photo=photo)
    seed.embargo_until = datetime(2018, 3, 21, 9, 0, tzinfo=UTC)
    seed.byline = "Staff"
    seed.save()
    doc = ninjs.article_to_ninjs(seed, base_url="https://news.example.org/")
    assert_valid_ninjs_31(doc)
    assert doc["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": seed.headline}
    ]
    assert doc["descriptions"][0]["value"] == seed.dek
    plain, html = doc["bodies"]
    assert plain["contentType"] == "text/plain"
    assert plain["value"].split("\n\n") == seed.paragraphs
    assert html["contentType"] == "text/html"
    assert html["value"].count("<p>") == len(seed.paragraphs)
    # The stored body as cleaned on write: a quote mark in text needs no escaping.
    assert '"As for our missile defense plan' in html["value"]
    assert doc["located"] == "Tokyo"
    assert doc["by"] == "Staff"
    assert doc["copyrightHolder"] == "TASS Russian News Agency"
    assert doc["infoSources"][0]["literal"] == "TASS"
    assert {p["name"] for p in doc["people"]} == {
        "Taro Kono",
        "Sergey Lavrov",
        "Maria Zakharova",
    }
    assert {s["name"] for s in doc["subjects"]} >= {"Japan", "INF Treaty"}
    assert doc["embargoedUntil"] == "2018-03-21T09:00:00+00:00"
    assert doc["pubStatus"] == "withheld"  # the seed is a draft
    [picture] = doc["associations"]
    assert picture["type"] == "picture"
    assert picture["descriptions"][0] == {
        "role": "caption",
        "contentType": "text/plain",
        "value": placement.caption,
    }
    assert picture["by"] == "Photographer 1/TASS"
    assert picture["copyrightNotice"] == "© Photographer 1/TASS"
    # The cleaned renditions (whole picture, then the crops), never the original.
    base = f"https://news.example.org/media/renditions/{photo.guid}/"
    assert [
        (r["name"], r.get("aspectRatio"), r["width"], r["height"], r["contentType"])
        for r in picture["renditions"]
    ] == [
        ("main", None, 80, 60, "image/jpeg"),
        ("16x9", "16:9", 80, 45, "image/jpeg"),
        ("4x3", "4:3", 80, 60, "image/jpeg"),
        ("1x1", "1:1", 60, 60, "image/jpeg"),
    ]
    assert all(r["href"].startswith(base) for r in picture["renditions"])
    assert photo.image.name not in json.dumps(doc)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": Article.Status.PUBLISHED}, "usable"),
        (
            {
                "status": Article.Status.PUBLISHED,
                "published_at": datetime(2999, 1, 1, tzinfo=UTC),
            },
            "withheld",
        ),
        ({"status": Article.Status.KILLED}, "canceled"),
        (
            {"status": Article.Status.DRAFT, "headline": "Ünïcode “quotes” & <tags>"},
            "withheld",
        ),
    ],
)
def test_any_story_exports_valid_ninjs_with_its_pub_status(fields, status):
    story = factories.article(1, **fields)
    factories.furnish(story, 2)
    doc = ninjs.article_to_ninjs(story, base_url="http://localhost:8000")
    assert_valid_ninjs_31(doc)
    assert doc["pubStatus"] == status
    assert len(doc["associations"]) == 2
