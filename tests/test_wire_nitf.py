"""NITF 3.x in: what an editor sees from an agency's NITF document.

The samples in tests/data/wire/nitf/ are copy written for these tests in AP's and
EFE's NITF conventions; no agency's text is used.
"""

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Photo
from articles.wire import WireError, detect_format, nitf, read_stories

from .conftest import jpeg_bytes, stored_files

WIRE = Path(__file__).parent / "data" / "wire"
AP_NITF = (WIRE / "nitf" / "ap-style-with-media.xml").read_bytes()
EFE_NITF = (WIRE / "nitf" / "efe-style-no-hedline.xml").read_bytes()
REF = date(2026, 12, 31)


def parse(data: bytes):
    [story] = nitf.parse_bytes(data)
    return story


def minimal(docdata: str = '<doc-id id-string="x-1"/>', body: str = "") -> bytes:
    return (
        f"<nitf><head><title>Ferry service resumes</title><docdata>{docdata}"
        "</docdata></head><body><body.content>"
        f"{body or '<p>BERGEN (NTB) - The ferry runs again.</p>'}"
        "</body.content></body></nitf>"
    ).encode()


def test_ap_style_nitf_gives_headline_dek_byline_and_dateline():
    story = parse(AP_NITF)
    assert story.source_format == "nitf"
    assert story.headline == "Harbor town votes to rebuild storm-wrecked pier"  # hl1
    assert story.dek == "Fishermen say the old pier carried half the town's catch"
    assert story.byline == "Milo Brackenridge"
    assert story.people[0].name == "Milo Brackenridge"
    assert story.people[0].title == "Associated Press Writer"
    assert (story.dateline_place, story.dateline_region) == ("Stonehaven", "Maine")
    assert story.dateline_date == date(2026, 12, 5)  # story.date, not the issue day
    assert story.language == "en-US"


def test_ap_style_nitf_takes_ids_dates_and_the_agencys_own_words_from_docdata():
    story = parse(AP_NITF)
    assert story.wire_id == "harbor-pier-vote"  # du-key: the same across versions
    assert story.version == 3
    assert story.first_created == datetime(2026, 12, 6, 6, 12, tzinfo=UTC)
    assert story.version_created == datetime(2026, 12, 6, 6, 30, tzinfo=UTC)
    assert story.embargo_until is None  # released when issued: no embargo
    assert story.urgency == 3
    assert (story.agency, story.agency_name) == ("AP", "The Associated Press")
    assert story.copyright_notice == "© 2026 The Associated Press"
    assert story.keywords == ["Maine pier", "storm recovery", "Northeast"]
    assert story.agency_notes == [
        "Eds: Updates with vote count in 4th graf.",
        "Series “Rebuilding the coast”, part 2 of 3.",
    ]
    assert story.subjects == ["natural resources", "politics"]
    assert story.genre == "current"
    assert ("Dora Quillfeather", "harbor master") in [
        (p.name, p.title) for p in story.people
    ]


def test_ap_style_nitf_body_keeps_paragraphs_in_blocks_and_leaves_out_tables():
    story = parse(AP_NITF)
    assert story.paragraphs[0].startswith("STONEHAVEN, Maine (AP) — Voters")
    assert story.paragraphs[1] == "The vote was 412 to 97, town clerk Ansel Mott said."
    assert story.paragraphs[-1].startswith("Associated Press writer Pia Sandoval")
    assert not any("412 97" in p or p == "412" for p in story.paragraphs)
    assert any("table" in note for note in story.unsure)
    [photo] = story.photos
    assert photo.caption == "What is left of the Stonehaven pier on Dec. 1."
    assert photo.credit == "AP Photo/Greta Lindqvist"
    assert photo.alt_text == "Broken pilings stand in gray water"
    assert photo.href == "pier.jpg"


def test_efe_style_nitf_without_hedline_takes_the_title_and_the_dateline_agency():
    story = parse(EFE_NITF)
    assert story.headline == "El ayuntamiento abre tres bibliotecas nocturnas"
    assert story.language == "es-ES"  # baselang
    assert (story.agency, story.agency_name) == ("EFE", "Agencia EFE")
    assert story.dateline_place == "Zaragoza"
    assert story.dateline_date == date(2026, 12, 3)
    assert story.wire_id == "55012345"
    assert story.byline == ""  # "jlm/ars" are the desk's initials, not a byline
    assert "Signed with the desk's initials “jlm/ars”." in story.agency_notes
    assert story.subjects == ["education"]  # named from its IPTC code 05000000
    assert any("only by code (05000000)" in note for note in story.unsure)


def test_nitf_without_title_or_hedline_uses_the_first_sentence_with_a_note():
    data = minimal(body="<p>The ferry runs again. Crews fixed the ramp.</p>")
    story = parse(data.replace(b"<title>Ferry service resumes</title>", b""))
    assert story.headline == "The ferry runs again."
    assert any("no headline" in note for note in story.unsure)


def test_nitf_release_after_issue_is_an_embargo_and_canceled_is_a_kill():
    docdata = (
        '<doc-id id-string="x-1"/><date.issue norm="20261206T060000Z"/>'
        '<date.release norm="20261207T000000+0000"/>'
    )
    story = parse(minimal(docdata))
    assert story.embargo_until == datetime(2026, 12, 7, tzinfo=UTC)
    killed = parse(
        minimal('<doc-id id-string="x-1"/>').replace(
            b"<docdata>", b'<docdata management-status="canceled">'
        )
    )
    assert killed.pub_status == "canceled"


def test_nitf_marked_embargoed_without_a_release_time_is_held_back():
    data = minimal().replace(b"<docdata>", b'<docdata management-status="embargoed">')
    story = parse(data)
    assert story.pub_status == "withheld"
    assert any("no release time" in note for note in story.unsure)


def test_nitf_in_the_iptc_namespace_and_latin_1_is_read():
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head>'
        '<docdata><doc-id id-string="n-7"/></docdata></head><body><body.head>'
        "<hedline><hl1>Fjord bridge opens</hl1></hedline></body.head><body.content>"
        "<p>TROMSØ (NTB) - The bridge opened on Friday.</p>"
        "</body.content></body></nitf>"
    ).encode("latin-1")
    story = parse(data)
    assert story.headline == "Fjord bridge opens"
    assert story.dateline_place == "Tromsø"
    assert story.agency == "NTB"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<nitf>&b;</nitf>",
            "refused for safety",
        ),
        (
            b'<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]><nitf>&x;</nitf>',
            "refused for safety",
        ),
        (AP_NITF[:600], "not well-formed"),
        (minimal("").replace(b"<docdata></docdata>", b""), "no story id"),
        (minimal(body="<p> </p>"), "no body text"),
        (b"<newsItem/>", "not NITF"),
    ],
)
def test_bad_or_dangerous_nitf_is_refused_with_a_reason(data, reason):
    with pytest.raises(WireError, match=reason):
        nitf.parse_bytes(data)


def test_auto_detection_reads_the_root_element_not_the_first_byte():
    doctype_first = (
        b'<?xml version="1.0"?>\n<!-- from the AP feed -->\n'
        b'<!DOCTYPE nitf SYSTEM "nitf-3-3.dtd">\n' + minimal()
    )
    assert detect_format(doctype_first) == "nitf"
    assert detect_format(AP_NITF) == detect_format(EFE_NITF) == "nitf"
    # NewsML-G2 carrying NITF inside its inlineXML stays NewsML-G2.
    g2 = WIRE / "newsml-g2" / "LISTING_22_Sports_story_in_NewsML-G2NITF.xml"
    assert b"<nitf" in g2.read_bytes()
    assert detect_format(g2.read_bytes()) == "newsml-g2"
    [story] = read_stories(doctype_first, reference_date=REF)
    assert story.source_format == "nitf"


def test_a_cut_nitf_read_by_guess_says_how_it_was_taken():
    with pytest.raises(WireError, match="Read as NITF"):
        read_stories(AP_NITF[:900], reference_date=REF)


@pytest.mark.django_db
def test_ingest_wire_imports_nitf_with_the_picture_beside_it(tmp_path, media_root):
    (tmp_path / "pier.jpg").write_bytes(jpeg_bytes((120, 80)))
    (tmp_path / "story.xml").write_bytes(AP_NITF)
    out = io.StringIO()
    call_command("ingest_wire", str(tmp_path / "story.xml"), "--take", stdout=out)
    story = Article.objects.get()
    assert story.headline == "Harbor town votes to rebuild storm-wrecked pier"
    assert (story.agency.short_name, story.wire_id) == ("AP", "harbor-pier-vote")
    assert story.wire_copy.source_format == "nitf"
    photo = Photo.objects.get()
    assert (photo.width, photo.height, photo.credit) == (
        120,
        80,
        "AP Photo/Greta Lindqvist",
    )
    assert "created 1" in out.getvalue()


@pytest.mark.django_db
def test_bad_nitf_in_a_batch_is_one_line_naming_the_file_and_writes_nothing(
    tmp_path, media_root
):
    bad = tmp_path / "cut.xml"
    bad.write_bytes(AP_NITF[:700])
    (tmp_path / "good.xml").write_bytes(EFE_NITF)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("ingest_wire", str(tmp_path), "--take", stdout=out)
    [line] = [x for x in out.getvalue().splitlines() if x.startswith("FAILED")]
    assert line.startswith(f"FAILED {bad}: The XML is not well-formed")
    assert Article.objects.get().wire_id == "55012345"
    assert not stored_files(media_root)


@pytest.mark.django_db
def test_nitf_file_uploaded_on_the_import_page_opens_as_a_draft(editor_client):
    upload = SimpleUploadedFile("efe.xml", EFE_NITF, "application/xml")
    response = editor_client.post(
        reverse("admin:articles_article_import_wire"),
        {"upload": upload, "format": "nitf"},
    )
    story = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[story.pk]
    )
    assert story.headline == "El ayuntamiento abre tres bibliotecas nocturnas"
    assert story.agency.short_name == "EFE"


def _mutations():
    """Bytes near real NITF: a sample with a slice replaced by arbitrary bytes."""
    return st.tuples(
        st.sampled_from([AP_NITF, EFE_NITF, minimal()]),
        st.integers(min_value=0, max_value=len(AP_NITF)),
        st.integers(min_value=0, max_value=40),
        st.binary(max_size=40),
    ).map(lambda t: t[0][: t[1]] + t[3] + t[0][t[1] + t[2] :])


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
# Numbers as agencies should not, but may, write them: "²" passes str.isdigit().
NUMBERS = st.one_of(
    st.sampled_from(["²", "٣", "0", "5", "-1", "1e3", "99999999999", " 7 "]), TEXT
)


def _built(fields) -> bytes:
    """Well-formed NITF with arbitrary (escaped) text in its fields."""
    from xml.sax.saxutils import quoteattr

    title, key, hl1, para, norm, urgency, version = fields
    return (
        f"<nitf><head><title>{_esc(title)}</title><docdata>"
        f"<doc-id id-string={quoteattr(key)}/><urgency ed-urg={quoteattr(urgency)}/>"
        f"<du-key key={quoteattr(key)} version={quoteattr(version)}/>"
        f"<date.issue norm={quoteattr(norm)}/></docdata></head><body><body.head>"
        f"<hedline><hl1>{_esc(hl1)}</hl1></hedline></body.head><body.content>"
        f"<p>{_esc(para)}</p></body.content></body></nitf>"
    ).encode("utf-8", "surrogatepass")


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _story_or_clear_error(data: bytes) -> None:
    try:
        stories = read_stories(data, fmt="nitf", reference_date=REF)
    except WireError as error:
        assert str(error).strip()
    else:
        for story in stories:
            assert story.headline.strip() and story.paragraphs and story.wire_id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), _mutations()))
def test_any_bytes_as_nitf_give_a_story_or_a_clear_error(data):
    _story_or_clear_error(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, NUMBERS, NUMBERS).map(_built))
def test_any_text_in_nitf_fields_gives_a_story_or_a_clear_error(data):
    _story_or_clear_error(data)
