"""Entry point: wire copy through ``manage.py ingest_wire`` (and its parsers).

Agency page text, ninjs and NewsML-G2 each carry hostile text in every field they
have (``wire_copy.CARRIES``); bad files (empty, binary, cut short, wrongly encoded,
entity bombs, external entities, several megabytes) and bad times are refused with
exit code 1 and a line naming the file and the reason, and write nothing; a batch
keeps its good stories. The pages, feeds and JSON those stories end up in are
checked in ``test_wire_outputs.py``.
"""

import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Agency, Article, Person, WireCopy
from articles.text import tidy_tag_names
from articles.wire import read_stories

from ..conftest import jpeg_bytes, stored_files
from . import payloads as p
from . import wire_copy as w
from .checks import nothing_written

REFERENCE = "2026-12-01"


def ingest(*paths, fmt: str | None = None, options=()) -> tuple[int, str]:
    """Run the command as the shell does: (exit code, all it printed)."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(path) for path in paths]
    args += ["--format", fmt] if fmt else []
    args += ["--reference-date", REFERENCE, *options]
    try:
        # --take: these tests look at the stories the importer makes.
        take = () if "--dry-run" in args else ("--take",)
        call_command("ingest_wire", *take, *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        code = error.returncode
    return code, out.getvalue() + err.getvalue()


def put(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def copy_with(template: str, fmt: str) -> w.Copy:
    """A story with the payload in every field ``fmt`` carries, each marked."""
    return w.Copy(**{field: p.xss(template, field) for field in w.CARRIES[fmt]})


XSS_IDS = [case[0] for case in p.XSS]
XSS_TEMPLATES = [case[1] for case in p.XSS]


# ------------------------------------------------------------- markup as text


@pytest.mark.parametrize("fmt", w.FORMATS)
@pytest.mark.parametrize("template", XSS_TEMPLATES, ids=XSS_IDS)
def test_every_field_the_parser_reads_keeps_a_payload_as_the_text_it_is(fmt, template):
    copy = copy_with(template, fmt)
    [story] = read_stories(
        w.write(fmt, copy), fmt=fmt, reference_date=date(2026, 12, 1)
    )
    got = w.parsed_values(story)
    for field in w.CARRIES[fmt]:
        want = w.expected(fmt, copy, field)
        assert (want in got[field]) if field == "note" else (got[field] == want), field


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", w.FORMATS)
def test_a_batch_of_payload_stories_is_stored_as_text(tmp_path, fmt):
    """Fifteen files, one payload each, in one run: each field stored as sent."""
    for number, template in enumerate(XSS_TEMPLATES):
        copy = copy_with(template, fmt).but(wire_id=f"urn:newsml:tass.com:x:{number}")
        put(tmp_path, f"{number:02}{w.SUFFIXES[fmt]}", w.write(fmt, copy))
    code, said = ingest(tmp_path, fmt=fmt)
    assert code == 0, said
    assert f"created {len(p.XSS)}, updated 0 (0 held for an editor)" in said
    for template in XSS_TEMPLATES:
        copy = copy_with(template, fmt)
        story = Article.objects.get(headline=w.expected(fmt, copy, "headline"))
        carried = w.CARRIES[fmt]
        assert story.dek == copy.dek
        assert story.paragraphs == [copy.body, w.SECOND_PARAGRAPH]
        assert story.slug.replace("-", "").isalnum()  # none of the markup in it
        wire = WireCopy.objects.get(article=story)
        assert (wire.photos[0]["caption"], wire.photos[0]["credit"]) == (
            copy.caption,
            copy.credit,
        )
        if "note" in carried:
            assert w.expected(fmt, copy, "note") in wire.unsure
        if "byline" in carried:
            assert story.byline == copy.byline
            assert story.dateline_place == w.expected(fmt, copy, "place")
            assert story.agency.name == copy.agency
            short = copy.agency  # the dateline's agency: cut at 40 characters
            short = short if len(short) <= 40 else short[:39].rstrip() + "…"
            assert story.agency.short_name == short
            people = [role.person.name for role in story.person_roles.all()]
            assert people == [copy.person]
            # Tags as the story form makes them: a double quote becomes a single one.
            assert story.tags.names()[0] == tidy_tag_names([copy.subject])[0]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ninjs", "newsml-g2"])
def test_a_dry_run_of_hostile_copy_writes_nothing(tmp_path, media_root, fmt):
    path = put(
        tmp_path,
        "story" + w.SUFFIXES[fmt],
        w.write(fmt, copy_with(XSS_TEMPLATES[0], fmt)),
    )
    with nothing_written(media_root):
        code, said = ingest(path, options=["--dry-run"])
    assert code == 0
    assert "Dry run, nothing written. would be created 1" in said


# -------------------------------------------------------------------- Unicode


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", w.FORMATS)
def test_headlines_in_any_script_keep_a_readable_slug(tmp_path, fmt):
    for number, (_, headline, _) in enumerate(p.HEADLINES):
        copy = w.Copy(headline=headline, wire_id=f"urn:x:{number}")
        put(tmp_path, f"{number:02}{w.SUFFIXES[fmt]}", w.write(fmt, copy))
    code, said = ingest(tmp_path, fmt=fmt)
    assert code == 0, said
    stories = Article.objects.order_by("pk")  # in the order of the files
    fallbacks = iter(["story", "story-2"])  # two headlines with nothing to slug
    for (case, _, slug), story in zip(p.HEADLINES, stories, strict=True):
        assert story.slug == (next(fallbacks) if slug == "story" else slug), case


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", w.FORMATS)
def test_combining_characters_are_stored_composed(tmp_path, fmt):
    (_, headline, composed), (_, person, person_nfc), (_, subject, subject_nfc) = p.NFC
    copy = w.Copy(headline=headline, person=person, subject=subject)
    code, said = ingest(put(tmp_path, "story", w.write(fmt, copy)), fmt=fmt)
    assert code == 0, said
    story = Article.objects.get()
    assert story.headline == composed
    if fmt != "agency-text":  # page text names people by their titles, no tags
        assert Person.objects.get().name == person_nfc
        assert story.tags.names()[0] == subject_nfc


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ninjs", "newsml-g2"])
def test_invisible_characters_are_dropped_from_tags(tmp_path, fmt):
    """Each story's subject hides another invisible character: one tag, Japan."""
    for number, (_, char) in enumerate(p.INVISIBLE):
        copy = w.Copy(wire_id=f"urn:x:{number}", subject=f"Ja{char}pan")
        put(tmp_path, f"{number:02}{w.SUFFIXES[fmt]}", w.write(fmt, copy))
    code, said = ingest(tmp_path, fmt=fmt)
    assert code == 0, said
    assert list(Tag.objects.values_list("name", "slug")) == [("Japan", "japan")]
    assert Article.objects.filter(tags__name="Japan").count() == len(p.INVISIBLE)


@pytest.mark.django_db
def test_subjects_become_tags_as_the_story_form_makes_them(tmp_path):
    """Tidied like the form's tags; one that cannot be a tag is left out, said so."""
    document = json.loads(w.ninjs(w.Copy()))
    document["subjects"] = [
        {"name": name}
        for name in ['"Quoted" name', "!!!", "x" * 150, "Arctic", "ARCTIC", "🚀"]
    ]
    path = put(tmp_path, "story.json", json.dumps(document).encode())
    code, said = ingest(path)
    assert code == 0, said
    assert sorted(Article.objects.get().tags.names()) == ["'Quoted' name", "Arctic"]
    assert (
        f"{path}: note: Subject left out: The tag “!!!” has no letter or digit" in said
    )
    assert f"{path}: note: Subject left out: The tag “{'x' * 40}…” is 150" in said
    assert "The tag “🚀” has no letter or digit" in said


@pytest.mark.django_db
def test_people_are_stored_composed_and_invisible_names_are_skipped(tmp_path):
    document = json.loads(w.ninjs(w.Copy()))
    document["people"] = [
        {"name": "Zoe\u0301 Saldan\u0303a"},
        {"name": "\u200b\u202e"},
        {"name": "Taro Kono"},
    ]
    code, said = ingest(put(tmp_path, "story.json", json.dumps(document).encode()))
    assert code == 0, said
    assert sorted(Person.objects.values_list("name", "slug")) == [
        ("Taro Kono", "taro-kono"),
        ("Zoé Saldaña", "zoe-saldana"),  # addresses are ASCII
    ]


# A NUL in each part ninjs can carry: (field of Copy, the part the message names).
NUL_PARTS = [
    ("headline", "headline"),
    ("dek", "standfirst"),
    ("body", "body paragraph 1"),
    ("byline", "byline"),
    ("place", "dateline place"),
    ("person", "person 1's name"),
    ("subject", "subject 1"),
    ("agency", "agency"),
    ("caption", "photo 1's caption"),
    ("credit", "photo 1's credit"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "part"), NUL_PARTS, ids=[c[0] for c in NUL_PARTS])
def test_a_nul_in_any_part_is_refused_with_the_file_and_part_named(
    tmp_path, media_root, field, part
):
    copy = w.Copy().but(**{field: f"Before{p.NUL}after"})
    path = put(tmp_path, "story.json", w.ninjs(copy))  # JSON writes it as \u0000
    assert b"\\u0000" in path.read_bytes()
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert (
        f"FAILED {path}: The {part} holds a NUL character; it cannot be stored." in said
    )


@pytest.mark.django_db
def test_a_lone_surrogate_is_refused_with_the_part_named(tmp_path, media_root):
    data = w.ninjs(w.Copy(headline="HEADLINE")).replace(b"HEADLINE", b"Half \\ud83d")
    path = put(tmp_path, "story.json", data)
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert f"FAILED {path}: The headline holds a lone UTF-16 surrogate" in said


# ---------------------------------------------------------------------- files


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [c[1:] for c in w.BAD_FILES],
    ids=[c[0] for c in w.BAD_FILES],
)
def test_a_bad_file_is_refused_with_its_name_and_reason(
    tmp_path, media_root, name, content, reason
):
    path = put(tmp_path, name, content)
    with nothing_written(media_root):
        code, said = ingest(path, fmt=w.FORMAT_OF[path.suffix])
    assert code == 1
    assert f"FAILED {path}: " in said and reason in said, said
    assert "failed 1." in said and "CommandError: 1 failed; see above." in said


@pytest.mark.django_db
def test_page_text_starting_with_markup_says_what_it_was_read_as(tmp_path):
    path = put(tmp_path, "page.txt", w.agency_text(w.Copy(headline="<b>Bold</b> move")))
    code, said = ingest(path)
    assert code == 1
    assert "(Read as NewsML-G2 because it starts with “<”; if it is an agency" in said
    code, said = ingest(path, fmt="agency-text")
    assert code == 0 and Article.objects.get().headline == "<b>Bold</b> move"


# Encodings that are fine: (case, file name, bytes, headline stored).
GOOD_ENCODINGS = [
    ("utf8-bom", "bom.txt", b"\xef\xbb\xbf" + w.SEED_TEXT, w.Copy.headline),
    (
        "utf16-bom-json",
        "u16.json",
        w.SEED_NINJS.decode().encode("utf-16"),
        w.Copy.headline,
    ),
    (
        "latin1-declared-xml",
        "l1.xml",
        w.SEED_NEWSML.replace(b'"UTF-8"', b'"ISO-8859-1"').replace(
            b"Northern Sea Route", b"Caf\xe9 Route"
        ),
        "Café Route traffic sets a record",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "headline"),
    [c[1:] for c in GOOD_ENCODINGS],
    ids=[c[0] for c in GOOD_ENCODINGS],
)
def test_declared_or_marked_encodings_are_read(tmp_path, name, content, headline):
    code, said = ingest(put(tmp_path, name, content))
    assert code == 0, said
    assert Article.objects.get().headline == headline


# ---------------------------------------------------------------------- sizes


BODY_TOO_LONG = r"body: This is [\d,]+ characters long; it may have at most 200,000\."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "characters", "reason"),
    [
        ("agency-text", p.SEVERAL_MEGABYTES, r"The text is longer than 2,000,000 "),
        ("agency-text", 300_000, BODY_TOO_LONG),
        ("ninjs", p.SEVERAL_MEGABYTES, BODY_TOO_LONG),
        ("newsml-g2", p.SEVERAL_MEGABYTES, BODY_TOO_LONG),
    ],
    ids=["agency-text-3mb", "agency-text-300k", "ninjs-3mb", "newsml-3mb"],
)
def test_a_body_over_the_limit_is_refused_with_its_length(
    tmp_path, media_root, fmt, characters, reason
):
    copy = w.Copy(body=p.long_body(characters))
    path = put(tmp_path, "long" + w.SUFFIXES[fmt], w.write(fmt, copy))
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert re.search(f"FAILED {re.escape(str(path))}: {reason}", said), said[-300:]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "reason"),
    [
        ("agency-text", "The line taken for the headline is over 300 characters."),
        (
            "ninjs",
            "headline: Ensure this value has at most 300 characters (it has 301).",
        ),
        (
            "newsml-g2",
            "headline: Ensure this value has at most 300 characters (it has 301).",
        ),
    ],
    ids=w.FORMATS,
)
def test_an_overlong_headline_is_refused_not_cut(tmp_path, media_root, fmt, reason):
    headline = "Long headline " * 21 + "the end"  # 301 characters
    path = put(tmp_path, "h" + w.SUFFIXES[fmt], w.write(fmt, w.Copy(headline=headline)))
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert f"FAILED {path}: {reason}" in said


@pytest.mark.django_db
def test_a_file_over_twenty_megabytes_is_refused_unread(tmp_path, media_root):
    path = put(tmp_path, "huge.json", w.SEED_NINJS + b" " * (20 * 1024 * 1024))
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert f"FAILED {path}: The file is larger than 20 MB." in said


# ---------------------------------------------------------------------- times

HELD = datetime(2999, 12, 31, 23, 59, tzinfo=UTC)  # until an editor sets the real time
# (case, embargo as sent, when the story may lift at the earliest, the note): each
# story comes in held at the latest moment its embargo can mean, never earlier.
BAD_EMBARGOES = [
    ("30-february", "2026-02-30T10:00:00Z", HELD, "cannot be read; the story is held"),
    ("hour-25", "2026-11-30T25:00:00Z", HELD, "cannot be read; the story is held"),
    ("words", "tomorrow morning", HELD, "cannot be read; the story is held"),
    ("year-9999", "9999-12-31T23:59:00-05:00", HELD, "cannot be read"),
    ("year-1", "0001-01-01T00:00:00Z", HELD, "cannot be read; the story is held"),
    (
        "naive",
        "2026-11-30T06:00:00",
        datetime(2026, 11, 30, 18, 0, tzinfo=UTC),
        "gives no UTC offset; read as UTC−12, the latest moment it can name",
    ),
    (
        "naive-dst-gap",
        "2026-03-29T02:30:00",
        datetime(2026, 3, 29, 14, 30, tzinfo=UTC),
        "gives no UTC offset; read as UTC−12, the latest moment it can name",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ninjs", "newsml-g2"])
@pytest.mark.parametrize(
    ("embargo", "held", "note"),
    [c[1:] for c in BAD_EMBARGOES],
    ids=[c[0] for c in BAD_EMBARGOES],
)
def test_an_embargo_that_is_not_a_real_moment_holds_the_story(
    tmp_path, fmt, embargo, held, note
):
    """Never imported without its embargo, nor with one that could lift early: the
    story comes in held at the latest moment the embargo can mean, with a note."""
    path = put(tmp_path, "e" + w.SUFFIXES[fmt], w.write(fmt, w.Copy(embargo=embargo)))
    code, said = ingest(path)
    assert code == 0, said
    assert Article.objects.get().embargo_until == held
    assert f"check: The embargo time “{embargo[:40]}” {note}" in said


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ninjs", "newsml-g2"])
@pytest.mark.parametrize(
    ("embargo", "utc"),
    [
        # 02:30 does not exist in Berlin that night, but with its offset it is a moment.
        ("2026-03-29T02:30:00+01:00", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        ("2026-11-30T06:00:00+05:45", datetime(2026, 11, 30, 0, 15, tzinfo=UTC)),
        ("2026-11-30T06:00:00Z", datetime(2026, 11, 30, 6, 0, tzinfo=UTC)),
    ],
    ids=["dst-gap-with-offset", "kathmandu", "utc"],
)
def test_an_embargo_with_its_offset_is_stored_as_that_moment_in_utc(
    tmp_path, fmt, embargo, utc
):
    code, said = ingest(
        put(tmp_path, "e" + w.SUFFIXES[fmt], w.write(fmt, w.Copy(embargo=embargo)))
    )
    assert code == 0, said
    stored = Article.objects.get().embargo_until
    assert stored == utc and stored.utcoffset().total_seconds() == 0


# (case, versionCreated as sent, the note, the dateline date kept)
ODD_CREATION_TIMES = [
    ("30-february", "2026-02-30T10:00:00Z", "is not a date and time", None),
    ("year-9999", "9999-12-31T23:59:00Z", "is out of range (years 1800–2999)", None),
    (
        "naive",
        "2026-11-29T23:30:00",
        "gives no UTC offset; read as UTC.",
        date(2026, 11, 29),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ninjs", "newsml-g2"])
@pytest.mark.parametrize(
    ("created", "note", "dateline_date"),
    [c[1:] for c in ODD_CREATION_TIMES],
    ids=[c[0] for c in ODD_CREATION_TIMES],
)
def test_an_odd_creation_time_is_flagged_for_the_editor(
    tmp_path, fmt, created, note, dateline_date
):
    """It only dates the dateline: the story comes in, the editor is told."""
    path = put(
        tmp_path, "c" + w.SUFFIXES[fmt], w.write(fmt, w.Copy(version_created=created))
    )
    code, said = ingest(path)
    assert code == 0, said
    assert f"{path}: check: The versionCreated “{created}” {note}" in said
    assert Article.objects.get().dateline_date == dateline_date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dateline", "reason"),
    [
        ("February 30, 2026", "The dateline date 2026-02-30 does not exist."),
        ("March 21, 9999", "dateline_date: The year 9999 is out of range; enter one"),
        ("April 31", "The dateline date (month 4, day 31) does not exist."),
    ],
    ids=["30-february", "year-9999", "31-april-no-year"],
)
def test_an_agency_dateline_date_that_cannot_be_is_refused(
    tmp_path, media_root, dateline, reason
):
    text = w.SEED_TEXT.replace(b"November 29, 2026", dateline.encode())
    path = put(tmp_path, "d.txt", text)
    with nothing_written(media_root):
        code, said = ingest(path)
    assert code == 1
    assert f"FAILED {path}: {reason}" in said


# ---------------------------------------------------------------------- batch


@pytest.mark.django_db
def test_a_batch_keeps_the_good_stories_and_names_each_bad_file(tmp_path, media_root):
    put(tmp_path, "1-good.txt", w.SEED_TEXT)
    put(tmp_path, "2-good.json", w.ninjs(w.Copy(headline="Second good story")))
    bad = {
        "3-empty.txt": b"",
        "4-bomb.xml": w.BOMB,
        "5-nul.json": w.ninjs(w.Copy(wire_id="urn:5", person=f"Ta{p.NUL}ro")),
        "6-no-story.json": b'{"uri": "urn:6", "type": "text"}',  # nothing to read
        "7-long.xml": w.newsml(w.Copy(wire_id="urn:7", headline="Long " * 61)),
    }
    for name, content in bad.items():
        put(tmp_path, name, content)
    code, said = ingest(tmp_path)
    assert code == 1
    assert "created 2, updated 0 (0 held for an editor), unchanged 0, failed 5." in said
    for name in bad:
        assert f"FAILED {tmp_path / name}: " in said
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        w.Copy.headline,
        "Second good story",
    ]
    assert list(Person.objects.values_list("name", flat=True)) == ["Yuri Trutnev"]
    assert list(Agency.objects.values_list("short_name", flat=True)) == ["TASS"]


# ------------------------------------------------------------------- pictures

OUTSIDE = [
    ("parent-folder", "../secret.jpg"),
    ("absolute", "/etc/passwd"),
    ("file-url", "file:///etc/passwd"),
    ("web-address", "https://evil.example/x.jpg"),
    ("backslashes", "..\\secret.jpg"),
    ("windows-drive", "C:\\secret.jpg"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("href", [c[1] for c in OUTSIDE], ids=[c[0] for c in OUTSIDE])
def test_a_picture_outside_the_inputs_folder_is_never_read(tmp_path, media_root, href):
    """The story comes in; the picture stays a reference for the editor."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "secret.jpg").write_bytes(jpeg_bytes((320, 200)))
    path = put(inbox, "story.json", w.ninjs(w.Copy(photo_href=href)))
    code, said = ingest(path)
    assert code == 0, said
    story = Article.objects.get()
    assert story.photo_placements.count() == 0
    assert WireCopy.objects.get(article=story).photos[0]["href"] == href
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_picture_that_is_not_an_image_refuses_its_story_only(tmp_path, media_root):
    """No orphan file: the good story's picture is stored, the bad one's is not."""
    put(tmp_path, "good.jpg", jpeg_bytes((320, 200)))
    put(tmp_path, "bad.jpg", b"<html><script>alert(1)</script></html>")
    put(tmp_path, "1.json", w.ninjs(w.Copy(wire_id="urn:1", photo_href="good.jpg")))
    put(tmp_path, "2.json", w.ninjs(w.Copy(wire_id="urn:2", photo_href="bad.jpg")))
    code, said = ingest(tmp_path)
    assert code == 1
    assert f"FAILED {tmp_path / '2.json'}: The picture bad.jpg: " in said
    story = Article.objects.get()
    assert story.wire_id == "urn:1" and story.photo_placements.count() == 1
    photo = story.photo_placements.get().photo
    names = {str(path.relative_to(media_root)) for path in stored_files(media_root)}
    assert photo.image.name in names
    assert all("bad" not in name for name in names)
