"""NewsML-G2 as agencies send it: older item classes, messages, packages, pictures,
missing headlines, zone-less times, big versions, pseudo-tags and header blocks.

Every item here is written for these tests in the style of an agency's feed (the
agencies' own copy is third-party text and is never copied in).
"""

import io
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Photo, WireUpdate
from articles.wire import WireError, newsml, read_stories
from articles.wire.ninjs import story_to_ninjs

from .conftest import jpeg_bytes
from .factories import NOW
from .test_wire_formats import assert_valid_ninjs_31

NS = 'xmlns="http://iptc.org/std/nar/2006-10-01/"'

# ANSA style: the NewsML-G2 1.x item class alias, an inline catalog that names its
# own alias for IPTC's media topics, plain text, times printed without a zone.
ANSA_ICLS = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem {NS} guid="urn:newsml:ansa.it:20261129:ECO-0412" version="2"
  xml:lang="it" standard="NewsML-G2" standardversion="2.12">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_19.xml"/>
  <catalog>
    <scheme alias="argomento" uri="http://cv.iptc.org/newscodes/mediatopic/"/>
  </catalog>
  <itemMeta>
    <itemClass qcode="icls:text"/>
    <provider qcode="nprov:ANSA"><name>Agenzia ANSA</name></provider>
    <versionCreated>2026-11-29T10:30:00</versionCreated>
    <firstCreated>2026-11-29T10:05:00</firstCreated>
    <pubStatus qcode="stat:usable"/>
    <edNote>Sostituisce la versione delle 10:05</edNote>
    <edNote role="enote:correction">Corretto il nome del porto</edNote>
    <signal qcode="sig:correction"/>
  </itemMeta>
  <contentMeta>
    <urgency>3</urgency>
    <genre qcode="genre:Current"/>
    <keyword>porti</keyword>
    <keyword>traffico merci</keyword>
    <subject qcode="argomento:04000000"/>
    <subject qcode="medtop:20000350"/>
    <subject qcode="subj:04007000"><name xml:lang="it">trasporti</name></subject>
    <headline>Porto di Genova, traffico container in crescita del 6%</headline>
    <dateline>GENOVA, 29 NOV</dateline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">Il traffico di container nel porto di Genova
e' cresciuto del 6% nei primi dieci mesi dell'anno.

Lo ha reso noto l'Autorita' portuale in una nota diffusa oggi.</inlineData>
  </contentSet>
</newsItem>
"""


def test_an_icls_text_item_with_codes_zone_less_times_and_agency_notes():
    [story] = newsml.parse_bytes(ANSA_ICLS.encode())
    assert story.kind == "text"
    assert story.headline.startswith("Porto di Genova")
    assert story.paragraphs[1].startswith("Lo ha reso noto")
    assert (story.agency, story.language, story.version) == ("ANSA", "it", 2)
    assert story.dateline_place == "Genova"
    # Zone-less times are read as UTC (no zone set for ANSA), and noted.
    assert story.version_created == datetime(2026, 11, 29, 10, 30, tzinfo=UTC)
    assert any("versionCreated" in n and "read as UTC" in n for n in story.unsure)
    assert (story.urgency, story.genre) == (3, "Current")
    assert story.keywords == ["porti", "traffico merci"]
    # A code under the item's own alias is named through its catalog; a code with a
    # name in the item takes that name; one nobody names stays a code, noted.
    assert story.subjects == [
        "economy, business and finance",
        "medtop:20000350",
        "trasporti",
    ]
    assert any("kept as codes: medtop:20000350" in n for n in story.unsure)
    # The agency's notes are its own, apart from the parser's.
    assert story.agency_notes == [
        "Sostituisce la versione delle 10:05",
        "Correction: Corretto il nome del porto",
    ]
    assert not any("Sostituisce" in n for n in story.unsure)
    assert_valid_ninjs_31(story_to_ninjs(story))


def test_an_item_class_under_an_alias_the_inline_catalog_defines():
    xml = ANSA_ICLS.replace(
        '<scheme alias="argomento"',
        '<scheme alias="natura" uri="http://cv.iptc.org/newscodes/ninature/"/>'
        '<scheme alias="argomento"',
    ).replace('qcode="icls:text"', 'qcode="natura:text"')
    [story] = newsml.parse_bytes(xml.encode())
    assert story.kind == "text" and story.headline.startswith("Porto di Genova")
    assert not any("item class" in n for n in story.unsure)


def _reuters(guid: str, headline: str, version: str, place: str) -> str:
    return f"""
    <newsItem guid="tag:reuters.com,2026:newsml_{guid}" version="{version}"
      xml:lang="en">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider literal="Reuters"/>
        <versionCreated>2026-11-29T08:15:00Z</versionCreated>
        <pubStatus qcode="stat:usable"/>
      </itemMeta>
      <contentMeta>
        <headline>{headline}</headline>
        <by>By Jane Fielding</by>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <p>{place.upper()}, Nov 29 (Reuters) - Something happened today.</p>
            <p>More followed later, officials said.</p>
          </body></html>
        </inlineXML>
      </contentSet>
    </newsItem>"""


MESSAGE_OF_THREE = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage {NS}>
  <header><sent>2026-11-29T08:16:00Z</sent><sender>reuters.com</sender></header>
  <itemSet>
    {_reuters("L1N3A0001", "Copper climbs on supply worries", "1", "London")}
    {_reuters("L1N3A0002", "Port strike enters third day", "3", "Rotterdam")}
    {_reuters("L1N3A0003", "Central bank holds rates", "202611290815", "Oslo")}
  </itemSet>
</newsMessage>"""


def test_a_news_message_with_three_items_gives_three_stories():
    stories = newsml.parse_bytes(MESSAGE_OF_THREE.encode())
    assert [s.headline for s in stories] == [
        "Copper climbs on supply worries",
        "Port strike enters third day",
        "Central bank holds rates",
    ]
    assert [s.version for s in stories] == [1, 3, 202611290815]  # 12 digits kept
    assert {(s.byline, s.agency) for s in stories} == {("By Jane Fielding", "Reuters")}
    assert all(s.photos == [] for s in stories)


@pytest.mark.django_db
def test_a_twelve_digit_version_is_stored_and_a_later_one_is_newer(tmp_path):
    path = tmp_path / "reuters.xml"
    path.write_text(MESSAGE_OF_THREE)
    call_command("ingest_wire", str(path), "--take", stdout=io.StringIO())
    story = Article.objects.get(wire_id__endswith="L1N3A0003")
    assert story.wire_version == 202611290815
    later = MESSAGE_OF_THREE.replace('"202611290815"', '"202611291020"').replace(
        "Central bank holds rates", "Central bank holds rates, signals cut"
    )
    path.write_text(later)
    call_command("ingest_wire", str(path), "--take", stdout=io.StringIO())
    story.refresh_from_db()
    assert story.wire_version == 202611291020
    assert story.headline == "Central bank holds rates, signals cut"


# AP style: a package with the text and two pictures, in one message.
AP_PACKAGE = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage {NS}>
  <header><sent>2026-11-29T14:00:00Z</sent></header>
  <itemSet>
    <packageItem guid="urn:publicid:ap.org:pkg-77" version="1">
      <itemMeta>
        <itemClass qcode="ninat:composite"/>
        <provider qcode="nprov:AP"><name>The Associated Press</name></provider>
        <versionCreated>2026-11-29T13:59:00Z</versionCreated>
      </itemMeta>
      <groupSet root="root">
        <group id="root" role="group:main">
          <itemRef residref="urn:publicid:ap.org:text-77"/>
          <itemRef residref="urn:publicid:ap.org:photo-1"/>
          <itemRef residref="urn:publicid:ap.org:photo-2"/>
        </group>
      </groupSet>
    </packageItem>
    <newsItem guid="urn:publicid:ap.org:text-77" version="1" xml:lang="en-US">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider qcode="nprov:AP"><name>The Associated Press</name></provider>
        <versionCreated>2026-11-29T13:58:00Z</versionCreated>
      </itemMeta>
      <contentMeta>
        <headline>Flood waters recede in river town</headline>
        <by>By Sam Ortega</by>
      </contentMeta>
      <contentSet>
        <inlineData contenttype="text/plain">RIVERTON, Mo. (AP) — Water fell on Sunday.

Residents returned to count the damage.</inlineData>
      </contentSet>
    </newsItem>
    <newsItem guid="urn:publicid:ap.org:photo-1" version="1">
      <rightsInfo><copyrightNotice>Copyright 2026 The Associated Press</copyrightNotice>
        <usageTerms>No sales</usageTerms></rightsInfo>
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta>
        <creator><name>Lee Park</name></creator>
        <creditline>AP Photo/Lee Park</creditline>
        <description role="drol:caption">A resident wades down Main St.</description>
      </contentMeta>
      <contentSet>
        <remoteContent rendition="rnd:preview" href="https://ap.example/p1-small.jpg"/>
        <remoteContent rendition="rnd:highRes" href="https://ap.example/p1.jpg"/>
      </contentSet>
    </newsItem>
    <newsItem guid="urn:publicid:ap.org:photo-2" version="1">
      <rightsInfo><copyrightNotice>Copyright 2026 The Associated Press</copyrightNotice>
      </rightsInfo>
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta>
        <creator><name>Ana Ruiz</name></creator>
        <creditline>AP Photo/Ana Ruiz</creditline>
        <description role="drol:caption">Sandbags line the levee.</description>
      </contentMeta>
      <contentSet>
        <remoteContent rendition="rnd:highRes" href="https://ap.example/p2.jpg"/>
      </contentSet>
    </newsItem>
  </itemSet>
</newsMessage>"""


def test_a_package_gives_its_text_the_pictures_with_caption_credit_and_rights():
    [story] = newsml.parse_bytes(AP_PACKAGE.encode())
    assert story.headline == "Flood waters recede in river town"
    assert story.wire_id == "urn:publicid:ap.org:text-77"
    assert [(p.caption, p.credit, p.photographer) for p in story.photos] == [
        ("A resident wades down Main St.", "AP Photo/Lee Park", "Lee Park"),
        ("Sandbags line the levee.", "AP Photo/Ana Ruiz", "Ana Ruiz"),
    ]
    assert {p.copyright_notice for p in story.photos} == {
        "Copyright 2026 The Associated Press"
    }
    assert story.photos[0].href == "https://ap.example/p1.jpg"  # the high-res one


# AFP style: a picture on its own, its rendition a file beside the XML.
AFP_PICTURE = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem {NS} guid="urn:newsml:afp.com:20261129:PHO-4471" version="1" xml:lang="fr">
  <rightsInfo>
    <copyrightHolder><name>AFP</name></copyrightHolder>
    <copyrightNotice>© AFP 2026</copyrightNotice>
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:picture"/>
    <provider qcode="nprov:AFP"><name>Agence France-Presse</name></provider>
    <versionCreated>2026-11-29T09:00:00+01:00</versionCreated>
  </itemMeta>
  <contentMeta>
    <creator><name>Marie Dubois</name></creator>
    <creditline>Marie Dubois / AFP</creditline>
    <headline>Marché de Noël à Strasbourg</headline>
    <description role="drol:caption">Des visiteurs au marché de Noël de
      Strasbourg, le 28 novembre 2026.</description>
  </contentMeta>
  <contentSet>
    <remoteContent rendition="rnd:thumbnail" href="https://afp.example/t.jpg"/>
    <remoteContent rendition="rnd:highRes" href="PHO-4471.jpg" width="160"/>
  </contentSet>
</newsItem>"""


def test_a_picture_alone_becomes_a_picture_story_with_one_photo():
    [story] = newsml.parse_bytes(AFP_PICTURE.encode())
    assert story.kind == "picture"
    assert story.headline == "Marché de Noël à Strasbourg"
    [photo] = story.photos
    assert photo.caption.startswith("Des visiteurs au marché de Noël")
    assert (photo.credit, photo.photographer) == ("Marie Dubois / AFP", "Marie Dubois")
    assert photo.copyright_notice == "© AFP 2026"
    assert photo.href == "PHO-4471.jpg"


@pytest.mark.django_db
def test_a_picture_alone_is_ingested_with_its_file_into_the_library(tmp_path):
    (tmp_path / "PHO-4471.jpg").write_bytes(jpeg_bytes((160, 100)))
    (tmp_path / "PHO-4471.xml").write_text(AFP_PICTURE, encoding="utf-8")
    call_command("ingest_wire", str(tmp_path), "--take", stdout=io.StringIO())
    story = Article.objects.get()
    assert story.headline == "Marché de Noël à Strasbourg"
    photo = Photo.objects.get()
    assert photo.caption.startswith("Des visiteurs au marché de Noël")
    assert photo.credit == "Marie Dubois / AFP"
    assert photo.copyright_notice == "© AFP 2026"
    assert (photo.width, photo.height) == (160, 100)
    assert list(story.photos.all()) == [photo]


def _no_headline(content: str) -> bytes:
    return f"""<newsItem {NS} guid="urn:newsml:stt.fi:1" version="1">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:STT"/>
      </itemMeta>
      <contentMeta/>
      <contentSet>{content}</contentSet>
    </newsItem>""".encode()


def test_a_missing_headline_is_taken_from_the_nitf_title_and_noted():
    nitf = """<inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">
        <head><title>Lumimyräkkä sulki tiet Lapissa</title></head>
        <body><body.content><p>Rovaniemi (STT) – Lunta tuli yöllä.</p></body.content>
        </body></nitf></inlineXML>"""
    [story] = newsml.parse_bytes(_no_headline(nitf))
    assert story.headline == "Lumimyräkkä sulki tiet Lapissa"
    assert story.paragraphs == ["Rovaniemi (STT) – Lunta tuli yöllä."]
    assert any("no headline" in n and "NITF title" in n for n in story.unsure)


def test_a_missing_headline_is_the_first_line_and_noted():
    text = """<inlineData contenttype="text/plain">Lumimyräkkä sulki tiet

Lunta tuli yöllä koko Lapissa.</inlineData>"""
    [story] = newsml.parse_bytes(_no_headline(text))
    assert story.headline == "Lumimyräkkä sulki tiet"
    assert story.paragraphs == ["Lunta tuli yöllä koko Lapissa."]
    assert any("first line" in n for n in story.unsure)


def test_an_item_with_no_headline_and_no_text_is_refused():
    with pytest.raises(WireError, match="no headline and no text"):
        newsml.parse_bytes(_no_headline(""))


def test_a_bad_item_in_a_message_is_left_out_and_the_others_kept():
    broken = MESSAGE_OF_THREE.replace(
        "<headline>Port strike enters third day</headline>", ""
    ).replace(
        "<p>ROTTERDAM, Nov 29 (Reuters) - Something happened today.</p>"
        "\n            <p>More followed later, officials said.</p>",
        "",
    )
    stories = newsml.parse_bytes(broken.encode())
    assert len(stories) == 2
    assert any("L1N3A0002" in n and "left out" in n for n in stories[0].unsure)


# dpa style: a header block (service line, keywords, headline again) before the
# dateline, escaped pseudo-tags, and times without a zone.
DPA = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem {NS} guid="urn:newsml:dpa.com:20090101:261129-99-123456" version="4"
  xml:lang="de">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:dpa"><name>dpa Deutsche Presse-Agentur GmbH</name></provider>
    <versionCreated>2026-11-29T10:30:00</versionCreated>
    <embargoed>2026-11-29T12:00:00</embargoed>
  </itemMeta>
  <contentMeta>
    <headline>Ifo-Index steigt &lt;endash&gt; Stimmung hellt sich auf</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">bdt0123 4 wi 245 dpa 0871

Konjunktur/Deutschland/

Ifo-Index steigt &lt;endash&gt; Stimmung hellt sich auf

München (dpa) &lt;endash&gt; Die Stimmung in der Wirtschaft hat sich aufgehellt.

Der Index stieg auf 94,1 Punkte&lt;emdash&gt;mehr als erwartet.</inlineData>
  </contentSet>
</newsItem>"""


def test_a_dpa_header_block_is_cleaned_and_pseudo_tags_become_characters(settings):
    settings.NEWSROOM_WIRE_TIMEZONES = {"DPA": "Europe/Berlin"}
    [story] = newsml.parse_bytes(DPA.encode())
    assert story.headline == "Ifo-Index steigt – Stimmung hellt sich auf"
    assert story.paragraphs == [
        "München (dpa) – Die Stimmung in der Wirtschaft hat sich aufgehellt.",
        "Der Index stieg auf 94,1 Punkte—mehr als erwartet.",
    ]
    assert story.keywords == ["Konjunktur", "Deutschland"]
    assert any("header block" in n and "bdt0123" in n for n in story.unsure)
    assert any("Pseudo-tags" in n for n in story.unsure)
    # Times without a zone are read in the zone set for dpa, and noted.
    berlin = ZoneInfo("Europe/Berlin")
    assert story.version_created == datetime(2026, 11, 29, 10, 30, tzinfo=berlin)
    assert story.embargo_until == datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
    assert any("read as Europe/Berlin time" in n for n in story.unsure)


def test_a_zone_less_embargo_with_no_zone_set_is_read_at_its_latest_moment():
    [story] = newsml.parse_bytes(DPA.encode())
    assert story.embargo_until == datetime(
        2026, 11, 29, 12, 0, tzinfo=timezone(timedelta(hours=-12))
    )
    assert story.embargo_until.astimezone(UTC).hour == 0  # 12:00 at UTC−12
    assert any("UTC−12" in n for n in story.unsure)


def test_pseudo_tag_elements_become_characters():
    xml = DPA.replace("&lt;endash&gt; Die Stimmung", "<endash/> Die Stimmung")
    xhtml = f"""<newsItem {NS} guid="urn:x:1" version="1">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:dpa"/></itemMeta>
      <contentMeta><headline>Kurz</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml">
        <html xmlns="http://www.w3.org/1999/xhtml"><body>
        <p>Berlin (dpa) <endash/> Ein Satz.</p></body></html>
      </inlineXML></contentSet></newsItem>"""
    [story] = newsml.parse_bytes(xhtml.encode())
    assert story.paragraphs == ["Berlin (dpa) – Ein Satz."]
    [plain] = newsml.parse_bytes(xml.encode())
    assert plain.paragraphs[0] == (
        "München (dpa) – Die Stimmung in der Wirtschaft hat sich aufgehellt."
    )


BUSINESS_WIRE_KILL = f"""<newsItem {NS}
  guid="urn:newsml:businesswire.com:20261129005123" version="2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:BusinessWire"><name>Business Wire</name></provider>
    <versionCreated>2026-11-29T16:00:00Z</versionCreated>
    <pubStatus qcode="stat:canceled"/>
    <edNote>Please disregard this release; it was issued in error.</edNote>
  </itemMeta>
  <contentMeta>
    <headline>Acme Widgets Reports Record Quarter</headline>
  </contentMeta>
  <contentSet><inlineData>WITHDRAWN</inlineData></contentSet>
</newsItem>"""


@pytest.mark.django_db
def test_a_kill_is_handled_as_before_and_its_note_kept_for_the_desk():
    first = BUSINESS_WIRE_KILL.replace('version="2"', 'version="1"').replace(
        "stat:canceled", "stat:usable"
    )
    [story] = read_stories(first.encode(), reference_date=NOW.date())
    [kill] = read_stories(BUSINESS_WIRE_KILL.encode(), reference_date=NOW.date())
    assert kill.pub_status == "canceled"
    assert kill.agency_notes == [
        "Please disregard this release; it was issued in error."
    ]
    from articles.wire.importer import WireImporter

    WireImporter().import_story(story)
    result = WireImporter().import_story(kill)
    assert result.outcome == "pending"
    assert "canceled (killed)" in result.notes[0]
    assert WireUpdate.objects.get().story["agency_notes"] == kill.agency_notes


def test_a_package_that_only_references_its_text_gives_a_noted_story():
    package = f"""<packageItem {NS} guid="urn:newsml:stt.fi:pkg-9" version="3">
      <itemMeta><itemClass qcode="ninat:composite"/><provider qcode="nprov:STT"/>
      </itemMeta>
      <contentMeta><headline>KOTIMAA</headline></contentMeta>
      <groupSet root="g"><group id="g">
        <itemRef residref="urn:newsml:stt.fi:t-1"><itemClass qcode="ninat:text"/>
          <title>Hallitus esittää uutta lakia</title>
          <description role="drol:summary">Laki tulisi voimaan 2027.</description>
        </itemRef>
        <itemRef residref="urn:newsml:stt.fi:k-1"><itemClass qcode="ninat:picture"/>
          <description role="drol:caption">Eduskuntatalo Helsingissä.</description>
        </itemRef>
      </group></groupSet></packageItem>"""
    [story] = newsml.parse_bytes(package.encode())
    assert story.headline == "Hallitus esittää uutta lakia"
    assert story.dek == "Laki tulisi voimaan 2027."
    assert story.wire_id == "urn:newsml:stt.fi:pkg-9"  # the package's own id
    assert [p.caption for p in story.photos] == ["Eduskuntatalo Helsingissä."]
    assert any("only references" in n for n in story.unsure)


def test_lenient_stories_still_export_as_valid_ninjs_31():
    for xml in (ANSA_ICLS, MESSAGE_OF_THREE, AP_PACKAGE, AFP_PICTURE, DPA):
        for story in newsml.parse_bytes(xml.encode()):
            assert_valid_ninjs_31(story_to_ninjs(story))


# ---- any bytes in: stories or a WireError, never another exception ---------------

PARTS = st.sampled_from(
    [
        "<headline>H</headline>",
        "<headline/>",
        '<itemClass qcode="icls:picture"/>',
        '<itemClass qcode="x:"/>',
        '<itemClass uri="http://cv.iptc.org/newscodes/ninature/text"/>',
        "<contentSet><inlineData>Text &lt;endash&gt; more</inlineData></contentSet>",
        '<contentSet><remoteContent href="../x.jpg" width="99999999999"/></contentSet>',
        "<contentSet><inlineXML><nitf><head><title>T</title></head></nitf>"
        "</inlineXML></contentSet>",
        "<versionCreated>2026-02-30T10:00</versionCreated>",
        "<embargoed>99999-01-01</embargoed>",
        "<embargoed>2026-11-29T10:00:00</embargoed>",
        "<urgency>12</urgency>",
        "<keyword/>",
        '<subject qcode=":"/>',
        '<pubStatus qcode="stat:"/>',
        '<link residref="g"/>',
        '<groupSet><group><itemRef residref="g"/></group></groupSet>',
        '<scheme alias="" uri=""/>',
        "<endash/>",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["newsItem", "packageItem", "newsMessage", "itemSet"]),
    st.lists(st.one_of(PARTS, st.text(max_size=30)), max_size=12),
    st.sampled_from(["", ' version="00012345678901234567890"', ' version="-1"']),
    st.sampled_from(["", ' guid="g"']),
)
def test_any_newsml_gives_stories_or_a_wire_error(root, parts, version, guid):
    from xml.sax.saxutils import escape

    body = "".join(p if p.startswith("<") else escape(p) for p in parts)
    xml = f"<{root} {NS}{guid}{version}><itemMeta>{body}</itemMeta>{body}</{root}>"
    for data in (xml.encode(), xml.encode()[: len(xml) // 2]):
        try:
            stories = newsml.parse_bytes(data)
        except WireError as error:
            assert str(error)
        else:
            assert stories
            for story in stories:
                assert story.headline or story.paragraphs
                assert story.wire_id


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_newsml_give_stories_or_a_wire_error(data):
    try:
        newsml.parse_bytes(b"<newsItem " + NS.encode() + b">" + data)
    except WireError as error:
        assert str(error)


# ---- the per-agency zone setting ----------------------------------------------------


def test_agency_zones_are_read_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from newsroom.settings import env_zones

    monkeypatch.setenv("NEWSROOM_WIRE_TIMEZONES", "dpa=Europe/Berlin, ANSA=Europe/Rome")
    assert env_zones("NEWSROOM_WIRE_TIMEZONES") == {
        "dpa": "Europe/Berlin",
        "ANSA": "Europe/Rome",
    }
    monkeypatch.setenv("NEWSROOM_WIRE_TIMEZONES", "dpa=Europe/Berlinn")
    with pytest.raises(ImproperlyConfigured, match="dpa=Europe/Berlinn"):
        env_zones("NEWSROOM_WIRE_TIMEZONES")
    monkeypatch.setenv("NEWSROOM_WIRE_TIMEZONES", "Europe/Berlin")
    with pytest.raises(ImproperlyConfigured, match="agency=Zone/Name"):
        env_zones("NEWSROOM_WIRE_TIMEZONES")


def _ap_text(text: str) -> bytes:
    return f"""<newsItem {NS} guid="urn:publicid:ap.org:t-9" version="1">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AP"/></itemMeta>
      <contentMeta><headline>Council votes on budget</headline></contentMeta>
      <contentSet><inlineData>{text}</inlineData></contentSet></newsItem>""".encode()


def test_an_editors_note_above_the_dateline_becomes_the_agencys_note():
    [story] = newsml.parse_bytes(
        _ap_text(
            "EDITOR'S NOTE — This story contains strong language.\n\n"
            "SPRINGFIELD, Ill. (AP) — The council voted late on Monday.\n\n"
            "The budget passed 7-2."
        )
    )
    assert story.paragraphs[0].startswith("SPRINGFIELD, Ill. (AP) —")
    assert story.agency_notes == [
        "EDITOR'S NOTE — This story contains strong language."
    ]


def test_story_sentences_before_a_parenthesis_are_not_a_header_block():
    text = (
        "The vote passed.\n\nMayor Jones (Labour) - the winner - spoke.\n\nMore later."
    )
    [story] = newsml.parse_bytes(_ap_text(text))
    assert story.paragraphs == [
        "The vote passed.",
        "Mayor Jones (Labour) - the winner - spoke.",
        "More later.",
    ]
    assert not any("header block" in n for n in story.unsure)


def test_without_a_headline_the_dpa_header_blocks_headline_line_is_taken():
    xml = DPA.replace(
        "<headline>Ifo-Index steigt &lt;endash&gt; Stimmung hellt sich auf</headline>",
        "",
    )
    [story] = newsml.parse_bytes(xml.encode())
    assert story.headline == "Ifo-Index steigt – Stimmung hellt sich auf"
    assert story.paragraphs[0].startswith("München (dpa) – Die Stimmung")
    assert any("taken from the agency's header block" in n for n in story.unsure)


def test_codes_are_named_by_a_knowledge_item_in_the_same_message():
    message = f"""<newsMessage {NS}><itemSet>
      <knowledgeItem guid="urn:kyodo:topics" version="1">
        <catalog><scheme alias="ktop" uri="http://cv.kyodo.example/topics/"/></catalog>
        <conceptSet>
          <concept><conceptId qcode="ktop:T042"/><name>Fisheries</name></concept>
        </conceptSet>
      </knowledgeItem>
      <newsItem guid="urn:kyodo:2026:555" version="1">
        <itemMeta><itemClass qcode="kcls:text"/><provider qcode="nprov:Kyodo"/>
        </itemMeta>
        <contentMeta>
          <headline>Catch limits eased for northern waters</headline>
          <subject qcode="ktop:T042"/>
        </contentMeta>
        <contentSet><inlineData>TOKYO, Nov. 30 -- Officials agreed.</inlineData>
        </contentSet>
      </newsItem>
    </itemSet></newsMessage>"""
    [story] = newsml.parse_bytes(message.encode())
    assert story.subjects == ["Fisheries"]
    # An item class under an alias no catalog defines is read by its code, noted.
    assert any("“kcls:text”" in n for n in story.unsure)
