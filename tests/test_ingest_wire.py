"""`manage.py ingest_wire` and the importer: batches, idempotency, the desk's edits."""

import io
import json
import re
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import (
    Agency,
    Article,
    ArticlePerson,
    Person,
    Photo,
    WireCopy,
    WireUpdate,
)
from articles.wire import agency_text, read_stories
from articles.wire.importer import WireImporter
from articles.wire.updates import wire_update_merge

from .conftest import jpeg_bytes, make_user, stored_files
from .test_wire_formats import NEWS_MESSAGE, assert_valid_ninjs_31

DATA = Path(__file__).parent / "data" / "wire" / "agency"
SEED_TEXT = (DATA / "seed-tass-japan.txt").read_text()
REF = "2018-06-30"


def ingest(*args, stdin: str | bytes | None = None) -> tuple[str, str]:
    """``ingest_wire --take``: drafts at once, what the importer's tests look at
    (copy into the Wire queue is tests/test_wire_queue.py's)."""
    if "--dry-run" not in args:
        args = ("--take", *args)
    out, err = io.StringIO(), io.StringIO()
    extra = {}
    if stdin is not None:
        extra["stdin"] = io.BytesIO(stdin.encode() if isinstance(stdin, str) else stdin)
    call_command("ingest_wire", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def newer(text: str) -> str:
    """The same agency story, re-sent with one more paragraph."""
    return text.replace("\n\nTags", "\n\nThe talks will continue in Moscow.\n\nTags")


@pytest.mark.django_db
def test_seed_page_becomes_a_draft_with_people_and_the_agency_photos_listed():
    out, _ = ingest(str(DATA / "seed-tass-japan.txt"), "--reference-date", REF)
    assert "created 1, updated 0 (0 held for an editor), unchanged 0, failed 0." in out
    assert "seed-tass-japan.txt: check: The dateline has no year; took 2018" in out
    story = Article.objects.get()
    assert story.status == Article.Status.DRAFT
    assert story.headline.startswith("Japan’s missile defense poses no threat")
    assert story.dateline == "TOKYO, March 21. /TASS/."
    assert story.wire_id and story.wire_version == 1
    roles = [(p.person.name, p.role) for p in story.person_roles.all()]
    assert roles == [
        ("Taro Kono", "subject"),
        ("Taro Kono", "quoted"),
        ("Sergey Lavrov", "quoted"),
        ("Maria Zakharova", "quoted"),
    ]
    kono = Person.objects.get(name="Taro Kono")
    assert kono.description == "Japanese Foreign Minister"
    copy = WireCopy.objects.get(article=story)
    caption = "Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono"
    assert copy.photos == [
        {
            "caption": caption,
            "credit": "Alexander Shcherbak/TASS",
            "alt_text": caption,
            "href": "",
            "uri": "",
            "placed": False,
        }
    ]
    assert any("took 2018" in note for note in copy.unsure)


@pytest.mark.django_db
def test_people_are_linked_to_existing_rows_by_name(seed):
    before = Person.objects.count()
    # Another TASS story with the same people (the seed's own text is the seed).
    ingest("-", "--reference-date", REF, stdin=SEED_TEXT.replace("Japan’s", "Tokyo’s"))
    assert Person.objects.count() == before  # Kono, Lavrov, Zakharova already exist
    story = Article.objects.exclude(pk=seed.pk).get()
    assert {p.person.slug for p in story.person_roles.all()} == {
        "taro-kono",
        "sergey-lavrov",
        "maria-zakharova",
    }
    assert story.agency == seed.agency  # the TASS row, not a new one


@pytest.mark.django_db
def test_same_story_again_changes_nothing():
    path = str(DATA / "seed-tass-japan.txt")
    ingest(path, "--reference-date", REF)
    story = Article.objects.get()
    out, _ = ingest(path, "--reference-date", REF)
    assert "created 0, updated 0 (0 held for an editor), unchanged 1, failed 0." in out
    assert Article.objects.get().updated_at == story.updated_at
    assert ArticlePerson.objects.count() == 4 and WireUpdate.objects.count() == 0


@pytest.mark.django_db
def test_newer_copy_updates_a_story_no_editor_touched(tmp_path):
    ingest("-", "--reference-date", REF, stdin=SEED_TEXT)
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "updated 1 (0 held for an editor)" in out
    story = Article.objects.get()
    assert story.paragraphs[-1] == "The talks will continue in Moscow."
    assert story.wire_version == 2
    # And that version once more is a no-op.
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "unchanged 1" in out


@pytest.mark.django_db
def test_newer_copy_of_an_edited_story_waits_for_the_editor():
    ingest("-", "--reference-date", REF, stdin=SEED_TEXT)
    story = Article.objects.get()
    story.headline = "Tokyo: missile shield no threat to Russia"  # the desk's edit
    story.save()
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "updated 1 (1 held for an editor)" in out
    story.refresh_from_db()
    assert story.headline == "Tokyo: missile shield no threat to Russia"
    assert "The talks will continue in Moscow." not in story.body
    update = WireUpdate.objects.get(article=story)
    assert update.state == "pending" and update.version == 2
    # Sent again: still one pending update, nothing else.
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "unchanged 1" in out and WireUpdate.objects.count() == 1

    editor = make_user("desk", "Editors")
    # The desk's headline stays, the agency's new paragraph is merged in.
    wire_update_merge(update=update, choices={}, user=editor)
    story.refresh_from_db()
    assert story.headline == "Tokyo: missile shield no threat to Russia"
    assert story.paragraphs[-1] == "The talks will continue in Moscow."
    assert story.wire_version == 2
    update.refresh_from_db()
    assert update.state == "merged"
    # The merge is an edit in the story's history, by the editor who made it.
    merge = story.revisions.order_by("-pk").first()
    assert merge.user == editor and "body" in merge.changed_fields


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["submitted", "published", "killed"])
def test_newer_copy_of_a_story_past_draft_waits_for_an_editor(state):
    ingest("-", "--reference-date", REF, stdin=SEED_TEXT)
    story = Article.objects.get()
    published = timezone.now() if state != "submitted" else None
    Article.objects.filter(pk=story.pk).update(status=state, published_at=published)
    before = Article.objects.get()
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "updated 1 (1 held for an editor)" in out
    after = Article.objects.get()
    assert after.body == before.body
    assert after.lock_version == before.lock_version
    assert WireUpdate.objects.get(article=after).state == "pending"


@pytest.mark.django_db
def test_newer_copy_of_an_untouched_draft_is_a_recorded_version_checked_edit():
    ingest("-", "--reference-date", REF, stdin=SEED_TEXT)
    before = Article.objects.get()
    out, _ = ingest("-", "--reference-date", REF, stdin=newer(SEED_TEXT))
    assert "updated 1 (0 held for an editor)" in out
    after = Article.objects.get()
    assert after.paragraphs[-1] == "The talks will continue in Moscow."
    # An editor's form opened on the old copy is now stale, not silently overwritten.
    assert after.lock_version == before.lock_version + 1
    revision = after.revisions.order_by("-pk").first()
    assert revision.user is None and "body" in revision.changed_fields


@pytest.mark.django_db
def test_versioned_formats_compare_version_numbers(tmp_path):
    v3 = NEWS_MESSAGE
    v2 = NEWS_MESSAGE.replace('version="3"', 'version="2"').replace(
        "sets a record", "is busy"
    )
    v4 = NEWS_MESSAGE.replace('version="3"', 'version="4"').replace(
        "sets a record", "sets an all-time record"
    )
    ingest(str(write(tmp_path, "v3.xml", v3)))
    out, _ = ingest(str(write(tmp_path, "v2.xml", v2)))
    assert "unchanged 1" in out  # an older version never overwrites a newer one
    assert Article.objects.get().headline == "Northern Sea Route traffic sets a record"
    out, _ = ingest(str(write(tmp_path, "v4.xml", v4)))
    assert "updated 1 (0 held for an editor)" in out
    story = Article.objects.get()
    assert (story.headline, story.wire_version) == (
        "Northern Sea Route traffic sets an all-time record",
        4,
    )


@pytest.mark.django_db
def test_a_batch_reports_each_bad_file_and_keeps_the_good_ones(tmp_path, media_root):
    inbox = tmp_path / "inbox"
    write(inbox, "a/seed.txt", SEED_TEXT)
    write(inbox, "a/empty.txt", "")
    write(inbox, "b/binary.dat", b"\x00\x01\x02\xff" * 10)
    write(
        inbox, "b/latin1.txt", "Titel\n\nBERLIN, 1. März. /dpa/. Text".encode("latin-1")
    )
    write(inbox, "b/cut.json", '{"uri": "urn:x", "headlines": [{"value": "H"}')
    write(inbox, "b/cut.xml", NEWS_MESSAGE[:900])
    write(
        inbox,
        "c/xxe.xml",
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]><newsItem>&x;</newsItem>',
    )
    write(inbox, "c/schema.json", '{"uri": "urn:x", "pubStatus": "gone"}')
    write(inbox, "c/noheadline.txt", (DATA / "dateline-first-line.txt").read_text())
    write(inbox, "c/scan.jpg", b"not really a jpeg")  # pictures are not inputs
    write(inbox, "d/story.xml", NEWS_MESSAGE)

    with pytest.raises(CommandError, match="8 failed"):
        ingest(str(inbox), "--reference-date", REF)
    assert Article.objects.count() == 2  # the seed page and the NewsML story
    assert not stored_files(media_root)  # the broken picture was never stored


@pytest.mark.django_db
def test_failures_name_the_file_and_the_reason(tmp_path):
    bad = write(tmp_path, "cut.json", '{"uri": "urn:x", "headlines": [')
    good = write(tmp_path, "good.txt", SEED_TEXT)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "ingest_wire",
            "--take",
            str(bad),
            str(good),
            "--reference-date",
            REF,
            stdout=out,
        )
    text = out.getvalue()
    assert f"FAILED {bad}: Not valid JSON" in text and "cut short" in text
    assert "created 1, updated 0 (0 held for an editor), unchanged 0, failed 1." in text


@pytest.mark.django_db
def test_a_story_whose_picture_is_broken_writes_nothing(tmp_path, media_root):
    document = json.loads(
        (DATA.parent / "ninjs" / "3.0" / "tt_text_image_3.json").read_text()
    )
    document["associations"][0]["renditions"] = [
        {"name": "original", "href": "pictures/first.jpg"}
    ]
    document["associations"].append(
        dict(
            document["associations"][0],
            name="a002",
            uri="http://tt.se/media/image/2",
            renditions=[{"name": "original", "href": "pictures/broken.jpg"}],
        )
    )
    write(tmp_path, "pictures/first.jpg", jpeg_bytes((64, 48)))
    write(tmp_path, "pictures/broken.jpg", jpeg_bytes((64, 48))[:200])
    path = write(tmp_path, "story.json", json.dumps(document))
    with pytest.raises(CommandError):
        ingest(str(path))
    assert Article.objects.count() == Photo.objects.count() == 0
    assert not stored_files(media_root)


@pytest.mark.django_db
def test_pictures_beside_the_input_become_real_photos(tmp_path):
    write(tmp_path, "icebreaker.jpg", jpeg_bytes((120, 80)))
    path = write(tmp_path, "story.xml", NEWS_MESSAGE)
    ingest(str(path))
    story = Article.objects.get()
    [placement] = story.photo_placements.select_related("photo")
    photo = placement.photo
    assert (photo.width, photo.height) == (120, 80)
    assert photo.caption == "An icebreaker leads a convoy"
    assert photo.credit == "Yuri Smityuk/TASS"
    assert photo.copyright_notice == "© TASS 2026"
    assert story.wire_copy.photos[0]["placed"] is True
    assert story.embargo_until is not None and story.tags.names()[0] == "Arctic"


@pytest.mark.django_db
def test_pictures_outside_the_input_folder_are_not_read(tmp_path):
    write(tmp_path, "secret.jpg", jpeg_bytes((10, 10)))
    message = NEWS_MESSAGE.replace('href="icebreaker.jpg"', 'href="../secret.jpg"')
    ingest(str(write(tmp_path, "inbox/story.xml", message)))
    assert Photo.objects.count() == 0
    assert Article.objects.get().wire_copy.photos[0]["href"] == "../secret.jpg"


@pytest.mark.django_db
def test_dry_run_with_json_prints_valid_ninjs_and_writes_nothing():
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):  # the bad sample in the folder
        call_command(
            "ingest_wire",
            str(DATA),
            "--dry-run",
            "--json",
            "--reference-date",
            REF,
            stdout=stdout,
            stderr=stderr,
        )
    documents = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert len(documents) == 10
    for document in documents:
        assert_valid_ninjs_31(document)
    assert "Dry run, nothing written." in stderr.getvalue()
    assert (
        Article.objects.count() == Person.objects.count() == Agency.objects.count() == 0
    )


@pytest.mark.django_db
def test_publish_needs_a_desk_account_allowed_to_publish(editor, reporter):
    with pytest.raises(CommandError, match="--publish needs --user"):
        ingest("-", "--publish", stdin=SEED_TEXT)
    with pytest.raises(CommandError, match="may not publish"):
        ingest("-", "--publish", "--user", reporter.username, stdin=SEED_TEXT)
    assert Article.objects.count() == 0
    ingest(
        "-",
        "--publish",
        "--user",
        editor.username,
        "--reference-date",
        REF,
        stdin=SEED_TEXT,
    )
    assert Article.objects.published().count() == 1


@pytest.mark.django_db
def test_bad_reference_date_and_missing_paths_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="not a YYYY-MM-DD date"):
        ingest(str(DATA / "seed-tass-japan.txt"), "--reference-date", "21/03/2018")
    with pytest.raises(CommandError, match="no such file"):
        ingest(str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_cost_per_story_does_not_grow_with_the_table():
    importer = WireImporter()
    ref = date(2018, 6, 30)

    def story(n):
        text = SEED_TEXT.replace(
            "Japan’s missile defense poses no threat to Russia, top diplomat says",
            f"Missile defense story number {n} for the desk",
        )
        return agency_text.parse(text, reference_date=ref)

    counts = []
    for n in range(30):
        with CaptureQueriesContext(connection) as queries:
            importer.import_story(story(n))
        counts.append(len(queries))
    assert counts[1] == counts[29]  # the 30th story costs what the 2nd did
    assert Article.objects.count() == 30


@pytest.mark.django_db
def test_a_lost_insert_race_reads_the_winners_row():
    """The window between looking a story up and inserting it: the other ingest won."""
    story = agency_text.parse(SEED_TEXT, reference_date=date(2018, 6, 30))
    WireImporter().import_story(story)

    class LateImporter(WireImporter):
        # Looks the story up before the other ingest committed it.
        seen = False

        def existing(self, story, agency):
            if not self.seen:
                self.seen = True
                return None
            return super().existing(story, agency)

    result = LateImporter().import_story(story)
    assert result.outcome == "unchanged"
    assert Article.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory test database (shared cache) locks tables instead of "
    "waiting; CI runs this on PostgreSQL, and the race logic is tested above",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_ingests_of_one_story_at_once_give_one_story():
    story_text = SEED_TEXT
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            story = agency_text.parse(story_text, reference_date=date(2018, 6, 30))
            barrier.wait(timeout=10)
            outcomes.append(WireImporter().import_story(story).outcome)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcomes) == ["created", "unchanged"]
    assert Article.objects.count() == 1
    assert WireCopy.objects.count() == 1


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_progress_bar_is_drawn_on_a_terminal_only(tmp_path):
    for n in range(3):
        headline = f"Story {n}: Japan’s missile defense poses"
        write(
            tmp_path,
            f"s{n}.txt",
            SEED_TEXT.replace("Japan’s missile defense poses", headline, 1),
        )
    terminal = Terminal()
    call_command(
        "ingest_wire", "--take", str(tmp_path), "--reference-date", REF, stdout=terminal
    )
    assert "[" + "#" * 30 + "] 3/3" in terminal.getvalue()
    assert "created 3," in terminal.getvalue()
    plain = io.StringIO()
    call_command(
        "ingest_wire", "--take", str(tmp_path), "--reference-date", REF, stdout=plain
    )
    assert "3/3" not in plain.getvalue() and "unchanged 3" in plain.getvalue()


@pytest.mark.django_db
def test_finding_a_stored_story_uses_the_agency_and_id_index():
    """A lookup that walked every story of the agency made ingest quadratic."""
    story = agency_text.parse(SEED_TEXT, reference_date=date(2018, 6, 30))
    importer = WireImporter(batch=True)
    importer.import_story(story)
    # The agency has many stories, and the planner knows it: with a story or two
    # (or statistics from whatever rows earlier tests wrote and rolled back), the
    # agency's own index looks as cheap, and PostgreSQL may take it.
    headline = "Japan’s missile defense poses no threat to Russia, top diplomat says"
    importer.import_batch(
        [
            (
                agency_text.parse(
                    SEED_TEXT.replace(headline, f"Story {n} for the desk"),
                    reference_date=date(2018, 6, 30),
                ),
                None,
            )
            for n in range(300)
        ]
    )
    agency = importer.agency_for(story)
    with CaptureQueriesContext(connection) as queries:
        assert importer.existing(story, agency) is not None
    [lookup] = queries.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE articles_article")
            cursor.execute("SET LOCAL enable_seqscan = off")
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + lookup["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "unique_wire_id_per_agency" in plan


NINJS = Path(__file__).parent / "data" / "wire" / "ninjs"
# One story id (uri) without a version number, two different texts.
TWO_COPIES = [
    NINJS / "1.4" / "ninjsExSimpleText1.json",
    NINJS / "3.1-userguide" / "004_simple_text_article.json",
]


def two_copies_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    for number, source in enumerate(TWO_COPIES, 1):
        write(inbox, f"{number}-{source.name}", source.read_bytes())
    return inbox


@pytest.mark.django_db
def test_an_unchanged_inbox_again_holds_no_new_update_for_the_editor(tmp_path, editor):
    inbox = two_copies_inbox(tmp_path)
    out, _ = ingest(str(inbox), "--publish", "--user", "editor")
    assert "created 1, updated 1 (1 held for an editor), unchanged 0" in out
    assert WireUpdate.objects.filter(state=WireUpdate.State.PENDING).count() == 1
    for _ in range(3):
        out, _ = ingest(str(inbox))
        assert "created 0, updated 0 (0 held for an editor), unchanged 2" in out
    assert WireUpdate.objects.filter(state=WireUpdate.State.PENDING).count() == 1
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_copy_already_held_is_not_queued_again_one_story_at_a_time(tmp_path, editor):
    # Without a batch (WireImporter as a caller outside ingest_wire uses it).
    inbox = two_copies_inbox(tmp_path)
    ingest(str(inbox), "--publish", "--user", "editor")
    importer = WireImporter()
    for path in sorted(inbox.iterdir()):
        (story,) = read_stories(path.read_bytes(), reference_date=date(2020, 1, 1))
        assert importer.import_story(story).outcome == "unchanged"
    assert WireUpdate.objects.count() == 1


@pytest.mark.parametrize("value", ["yesterday", "2020-13-01"])
def test_a_bad_reference_date_is_a_usage_error_not_a_traceback(tmp_path, value):
    story = write(tmp_path, "story.txt", SEED_TEXT)
    command = ["manage.py", "ingest_wire", str(story), "--reference-date", value]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"manage.py ingest_wire: error: argument --reference-date: {value!r} is not "
        "a YYYY-MM-DD date."
    )


@pytest.mark.django_db
def test_files_in_hidden_folders_are_not_ingested(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "story.txt", SEED_TEXT)
    write(inbox, ".git/x.json", TWO_COPIES[0].read_bytes())
    write(inbox, "today/.cache/y.json", TWO_COPIES[1].read_bytes())
    write(inbox, ".hidden.json", TWO_COPIES[1].read_bytes())
    out, _ = ingest(str(inbox), "--reference-date", REF)
    assert "created 1, updated 0 (0 held for an editor), unchanged 0, failed 0" in out
    assert list(Article.objects.values_list("headline", flat=True)) == [
        agency_text.parse(SEED_TEXT, reference_date=date(2018, 6, 30)).headline
    ]


@pytest.mark.django_db
def test_a_dry_run_plans_a_copy_repeated_in_the_same_run_as_the_run_would(tmp_path):
    from .hostile import wire_copy as w

    def unversioned(copy):  # as ninjs 1.x examples come: the text tells
        document = json.loads(w.ninjs(copy))
        del document["version"]
        return json.dumps(document).encode()

    first = w.Copy()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "1.json").write_bytes(unversioned(first))
    (inbox / "2.json").write_bytes(unversioned(first.but(body="A fuller take.")))
    (inbox / "3.json").write_bytes(w.ninjs(first.but(wire_id="urn:other:1")))
    (inbox / "4.json").write_bytes(w.ninjs(first.but(wire_id="urn:other:1")))

    planned, _ = ingest(str(inbox), "--dry-run")
    done, _ = ingest(str(inbox))
    counts = re.compile(r"(created|updated|unchanged) (\d+)")
    assert counts.findall(done) == [
        ("created", "2"),
        ("updated", "1"),
        ("unchanged", "1"),
    ]
    assert counts.findall(planned) == counts.findall(done)


@pytest.mark.django_db
def test_the_seed_text_ingested_after_the_seed_fixture_is_the_same_story(seed):
    out, _ = ingest("-", "--reference-date", "2018-03-21", stdin=SEED_TEXT)
    assert "created 0, updated 0 (0 held for an editor), unchanged 1" in out
    assert Article.objects.get() == seed  # one story, not a second draft
