"""IPTC 7901 and ANPA 1312 in: teleprinter-era wire messages as agencies send them.

The samples in tests/data/wire/anpa/ are copy written for these tests: a dpa-style
IPTC 7901 message in Latin-1 and an AP-style ANPA 1312 message, both with their
control characters; no agency's text is used.
"""

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.wire import WireError, anpa, detect_format, read_stories

WIRE = Path(__file__).parent / "data" / "wire"
DPA = (WIRE / "anpa" / "dpa-7901-latin1.txt").read_bytes()
AP = (WIRE / "anpa" / "ap-anpa-1312.txt").read_bytes()
REF = date(2026, 12, 31)


def parse(data: bytes, reference_date: date = REF):
    [story] = anpa.parse_bytes(data, reference_date=reference_date)
    return story


def iptc(text: str, header: str = "eca0101 4 vm 120  dpa 0042") -> bytes:
    return f"\x01{header}\r\n\x02{text}\x03\x04".encode()


def test_dpa_7901_gives_headline_dateline_keywords_and_priority():
    story = parse(DPA)
    assert story.source_format == "iptc7901"
    assert story.headline == "Lokführer legen Güterverkehr für zwei Tage lahm"
    assert story.paragraphs[0].startswith("Frankfurt/Main (dpa) - Die Lokführer")
    assert "Der Personenverkehr sei nicht betroffen" in story.paragraphs[0]  # joined
    assert len(story.paragraphs) == 2
    assert story.dateline_place == "Frankfurt/Main"
    assert (story.agency, story.agency_name) == ("dpa", "Deutsche Presse-Agentur")
    assert story.urgency == 4  # dpa's regular priority, passed on as IPTC urgency
    assert story.keywords == ["Verkehr", "Bahn", "Streik"]
    assert story.subjects == ["politics"]  # category "pl"


def test_dpa_7901_date_line_signature_and_notebook_stay_out_of_the_body():
    story = parse(DPA)
    assert story.first_created == datetime(2026, 12, 7, 14, 30, tzinfo=UTC)
    assert story.dateline_date == date(2026, 12, 7)
    assert story.wire_id == "Verkehr/Bahn/Streik/2026-12-07"
    assert not any("dpa kx" in p or "071430" in p for p in story.paragraphs)
    assert not any("Notizblock" in p or "example.org" in p for p in story.paragraphs)
    assert story.agency_notes[0] == "# Notizblock"  # not for publication: kept apart


def test_latin_1_wire_copy_is_read_with_a_note_not_refused():
    story = parse(DPA)
    assert "«unverhältnismäßig»" in story.paragraphs[1]
    assert any("not UTF-8" in note and "Windows-1252" in note for note in story.unsure)
    # Other formats keep refusing text that is not UTF-8.
    page = "Titel\n\nBERLIN, 1. März. /dpa/. Text".encode("latin-1")
    with pytest.raises(WireError, match="not UTF-8"):
        read_stories(page, reference_date=REF)


def test_ap_anpa_1312_gives_headline_byline_version_and_agency():
    story = parse(AP)
    assert story.source_format == "anpa"
    assert story.headline == "Harbor town votes to rebuild storm-wrecked pier"
    assert story.byline == "Milo Brackenridge"  # "By MILO BRACKENRIDGE="
    assert story.people[0].title == "Associated Press Writer"
    assert (story.agency, story.agency_name) == ("AP", "The Associated Press")
    assert story.urgency == 3  # "u": urgent
    assert story.version == 2  # 1stLd-Writethru: the story's second version
    assert story.version_mark == "1stLd-Writethru"
    assert story.keywords == ["BC-Harbor-Pier"]
    assert story.wire_id == "Harbor-Pier/2026-12-06"  # no cycle prefix, with the day
    assert story.agency_notes == ["Eds: Updates with vote count. With AP Photos."]


def test_ap_anpa_1312_text_uses_real_dashes_and_quotes_and_ends_at_end():
    story = parse(AP)
    assert story.paragraphs == [
        "STONEHAVEN, Maine (AP) — Voters in this fishing town agreed Saturday to "
        "rebuild the pier a November storm tore apart.",
        "The vote was 412 to 97, town clerk Ansel Mott said.",
        "“We fish or we leave,” said harbor master Dora Quillfeather.",
    ]
    assert (story.dateline_place, story.dateline_region) == ("Stonehaven", "Maine")
    assert story.first_created == datetime(2026, 12, 6, 6, 12, tzinfo=UTC)
    assert story.dateline_date == date(2026, 12, 6)


@pytest.mark.parametrize(
    ("letter", "urgency"), [("f", 1), ("b", 2), ("u", 3), ("r", 5), ("d", 7)]
)
def test_anpa_priority_letters_become_iptc_urgency(letter, urgency):
    data = AP.replace(b"u a\x13\x11 BC-", f"{letter} a\x13\x11 BC-".encode())
    assert parse(data).urgency == urgency


@pytest.mark.parametrize("priority", ["1", "2", "6", "8"])
def test_iptc_7901_priority_digits_are_the_urgency(priority):
    data = iptc(
        "Dammbruch im Süden =\n\nGraz (APA) - Ein Damm brach.\n",
        header=f"apa0007 {priority} i 10",
    )
    assert parse(data).urgency == int(priority)


@pytest.mark.parametrize("ending", ["NNNN", "ENDS", "(END)", "Ende"])
def test_endings_cut_the_text(ending):
    data = iptc(
        f"Zug entgleist =\n\nLinz (APA) - Ein Zug entgleiste.\n{ending}\nnoise line\n"
    )
    assert parse(data).paragraphs == ["Linz (APA) - Ein Zug entgleiste."]


def test_several_messages_in_one_file_are_several_stories():
    first = iptc("Schnee im Harz =\n\nGoslar (dpa) - Es schneit.\n\n061230 dec 26\n")
    second = iptc("Sturm an der Küste =\n\nKiel (dpa) - Es stürmt.\n\n061245 dec 26\n")
    stories = anpa.parse_bytes(
        b"\x16\x16" + first + b"\x16\x16" + second, reference_date=REF
    )
    assert [s.headline for s in stories] == ["Schnee im Harz", "Sturm an der Küste"]
    assert stories[1].first_created == datetime(2026, 12, 6, 12, 45, tzinfo=UTC)


def test_a_message_whose_control_characters_were_dropped_is_still_read():
    text = (
        "eca0124 3 i 93  dpa 1888\n\nHarbour/Ferry/\nEXTRA\n"
        "Ferry strike ends after three days =\n\nHamburg (dpa) - The ferry crews\n"
        "went back to work on Sunday.\n\ndpa ab cd\n\n061230 GMT Dec 26\n"
    )
    story = parse(text.encode())
    assert story.headline == "Ferry strike ends after three days"
    assert story.version_mark == "EXTRA"
    assert story.keywords == ["Harbour", "Ferry"]
    assert story.paragraphs == [
        "Hamburg (dpa) - The ferry crews went back to work on Sunday."
    ]
    assert story.urgency == 3


def test_a_message_without_a_headline_line_takes_its_keyword_with_a_note():
    data = AP.replace(b"^Harbor town votes to rebuild storm-wrecked pier<\r\n", b"")
    data = data.replace(b"^BC-Harbor-Pier, 1st Ld-Writethru,0318<\r\n", b"")
    data = data.replace(b"^Eds: Updates with vote count. With AP Photos.<\r\n", b"")
    data = data.replace(b"^By MILO BRACKENRIDGE=\r\n^Associated Press Writer=\r\n", b"")
    story = parse(data)
    assert story.headline == "BC-Harbor-Pier"
    assert any("no headline line" in note for note in story.unsure)
    assert story.paragraphs[0].startswith("STONEHAVEN, Maine (AP)")


def test_detection_by_framing_or_header_line():
    assert detect_format(DPA) == detect_format(AP) == "iptc7901"
    assert detect_format(b"eca0124 3 i 93  dpa 1888\n\nText") == "iptc7901"
    page = b"All news\n\nTalks resume\n\nMOSCOW, March 3. /TASS/. Talks resumed."
    assert detect_format(page) == "agency-text"
    [story] = read_stories(AP, fmt="anpa", reference_date=REF)  # the synonym
    assert story.source_format == "anpa"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x01\x02\x03\x04", "no IPTC 7901 / ANPA message"),
        (b"\x01Just a line\r\n\x02Text\x03", "No IPTC 7901 or ANPA 1312 header"),
        (b"\x01eca0101 4 vm 12\r\n\x02\r\n\x03", "no text"),
        (b"\x01" + b"\x10\x11\x00\x05" * 50, "binary file"),
    ],
)
def test_bad_messages_are_refused_with_a_reason(data, reason):
    with pytest.raises(WireError, match=reason):
        read_stories(data, fmt="iptc7901", reference_date=REF)


@pytest.mark.django_db
def test_ingest_wire_imports_7901_and_a_later_lead_updates_the_anpa_story(tmp_path):
    (tmp_path / "dpa.txt").write_bytes(DPA)
    (tmp_path / "ap.txt").write_bytes(AP)
    out = io.StringIO()
    call_command("ingest_wire", str(tmp_path), "--take", stdout=out)
    assert "created 2" in out.getvalue()
    ap = Article.objects.get(agency__short_name="AP")
    assert ap.wire_copy.source_format == "anpa"
    assert Article.objects.get(agency__short_name="dpa").dateline_place == (
        "Frankfurt/Main"
    )
    newer = AP.replace(b"1stLd", b"2ndLd").replace(b"412 to 97", b"415 to 97")
    (tmp_path / "ap.txt").write_bytes(newer)
    out = io.StringIO()
    call_command("ingest_wire", str(tmp_path / "ap.txt"), "--take", stdout=out)
    ap.refresh_from_db()
    assert "updated 1" in out.getvalue()
    assert "415 to 97" in ap.body and ap.wire_version == 3


@pytest.mark.django_db
def test_a_message_with_no_header_fails_alone_with_one_line_naming_the_file(
    tmp_path,
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x01Nothing here\r\n\x02Some text\x03\x04")
    (tmp_path / "ap.txt").write_bytes(AP)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("ingest_wire", str(tmp_path), "--take", stdout=out)
    [line] = [x for x in out.getvalue().splitlines() if x.startswith("FAILED")]
    assert line.startswith(f"FAILED {bad}: No IPTC 7901 or ANPA 1312 header")
    assert Article.objects.get().agency.short_name == "AP"


@pytest.mark.django_db
def test_a_pasted_7901_message_opens_as_a_draft_on_the_import_page(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_import_wire"),
        {"text": DPA.decode("latin-1"), "format": "auto"},
    )
    story = Article.objects.get()
    assert response.status_code == 302
    assert story.headline == "Lokführer legen Güterverkehr für zwei Tage lahm"
    assert story.agency.short_name == "dpa"


def _mutations():
    return st.tuples(
        st.sampled_from([DPA, AP]),
        st.integers(min_value=0, max_value=len(AP)),
        st.integers(min_value=0, max_value=30),
        st.binary(max_size=30),
    ).map(lambda t: t[0][: t[1]] + t[3] + t[0][t[1] + t[2] :])


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "\x01",
                "\x02",
                "\x03",
                "\x04",
                "\x16\x16\x01",
                "eca0101 4 pl 88  dpa 0001",
                "r a BC-Slug 1stLd 12-06 0100",
                "a0001 ap-na",
                "^By SOMEONE=",
                "^Headline here<",
                "Kiel (dpa) - Text.",
                "\t   WASHINGTON (AP) _ Text.",
                "AP-NY-02-30-26 2561GMT",
                "061230 GMT Foo 26",
                "999999 dec 26",
                "Headline =",
                "Slug/Line/",
                "NNNN",
                "# Notizblock",
                "dpa ab cd",
                "",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=20,
).map(lambda lines: "\r\n".join(lines).encode("utf-8", "surrogatepass"))


def _stories_or_clear_error(data: bytes, fmt: str) -> None:
    try:
        stories = read_stories(data, fmt=fmt, reference_date=REF)
    except WireError as error:
        assert str(error).strip()
    else:
        for story in stories:
            assert story.headline.strip() and story.paragraphs and story.wire_id
            assert all(p.strip() for p in story.paragraphs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_any_lines_of_wire_framing_give_stories_or_a_clear_error(data):
    _stories_or_clear_error(data, "iptc7901")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), _mutations()))
def test_any_bytes_as_7901_or_anpa_give_stories_or_a_clear_error(data):
    _stories_or_clear_error(data, "anpa")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), _mutations(), LINES))
def test_any_bytes_detected_automatically_give_stories_or_a_clear_error(data):
    # Whatever parser detection picks (agency text among them): a story or a reason.
    try:
        assert read_stories(data, reference_date=REF)
    except WireError as error:
        assert str(error).strip()


def _dpa_story(n: int):
    data = iptc(
        f"Hafen Nummer {n} wird ausgebaut =\n\nKiel (dpa) - Der Hafen {n} wächst.\n"
        "\n061230 GMT Dec 26\n",
        header=f"eca{n:04} 4 pl 9  dpa {n:04}",
    ).replace(b"\x02", f"Hafen/Nr{n}/\r\n\x02".encode())
    return parse(data)


@pytest.mark.django_db
def test_stories_whose_tags_are_on_file_each_cost_a_batch_the_same_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.wire.importer import WireImporter

    WireImporter(batch=True).import_batch([(_dpa_story(0), None)])  # files the tag
    counts = []
    for first, size in ((1, 5), (6, 10), (16, 15)):
        importer = WireImporter(batch=True)
        stories = [(_dpa_story(n), None) for n in range(first, first + size)]
        with CaptureQueriesContext(connection) as queries:
            results = importer.import_batch(stories)
        assert [r.outcome for r in results] == ["created"] * size
        counts.append(len(queries))
    assert counts[2] - counts[1] == counts[1] - counts[0]  # five more, same cost
    assert Article.objects.count() == 31
    assert all(
        list(story.tags.names()) == ["politics"] for story in Article.objects.all()
    )


def test_a_message_whose_headline_is_punctuation_alone_still_gets_an_id():
    # Found by the property test above: no keyword, and a headline of "{".
    data = b"eca0101 4 pl 88  dpa 0001\r\n{\r\n\r\nThe text of the message.\r\n"
    [story] = read_stories(data, fmt="iptc7901", reference_date=REF)
    assert story.wire_id.startswith("text-")
    [again] = read_stories(data, fmt="iptc7901", reference_date=REF)
    assert again.wire_id == story.wire_id
