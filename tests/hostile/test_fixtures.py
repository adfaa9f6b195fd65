"""Entry point: ``manage.py loaddata`` (our validating override); shipped fixtures.

A bad fixture exits non-zero with one line naming the file or the object and field,
and loads nothing: not even the good rows before the bad one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Agency, Article, Person, Photo

from ..conftest import BASE_DIR
from .checks import nothing_written
from .payloads import NUL

STAMPS = {"created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z"}
GOOD_ROW = {
    "model": "articles.person",
    "pk": 900,
    "fields": {"name": "Good Row", "slug": "good-row"},
}


def story(**fields) -> dict:
    return {
        "model": "articles.article",
        "pk": 5,
        "fields": {"headline": "A headline", **STAMPS, **fields},
    }


def person(pk=7, **fields) -> dict:
    return {
        "model": "articles.person",
        "pk": pk,
        "fields": {"name": "Jane Roe", "slug": f"jane-roe-{pk}", **fields},
    }


# id, the fixture (a list of objects, or raw text), what the message must say.
BROKEN = [
    ("truncated-json", '[{"model": "articles.agency", "fields": {', "Expecting"),
    ("empty-file", "", "Expecting value: line 1 column 1"),
    ("binary-garbage", "\x89PNG\r\n\x1a\n\x00\x00", "Expecting value"),
    ("object-not-list", json.dumps(person()), "Error deserializing object"),
    ("unknown-model", [{"model": "articles.nosuch", "fields": {}}], "nosuch"),
    (
        "unknown-field",
        [person(nickname="JR")],
        "Person has no field named 'nickname'",
    ),
    (
        "bad-date-30-february",
        [story(dateline_date="2018-02-30")],
        "2018-02-30",
    ),
    (
        "bad-datetime-month-13",
        [story(published_at="2020-13-01T00:00:00Z")],
        "it is an invalid date/time",
    ),
    (
        "naive-datetime",
        [story(published_at="2020-03-21T09:00:00")],
        "Invalid articles.Article (pk=5): published_at: “2020-03-21T09:00:00” has no "
        "time zone; give its UTC offset",
    ),
    (
        "year-9999",
        [story(published_at="9999-12-31T23:59:00Z")],
        "Invalid articles.Article (pk=5): published_at: The year 9999 is out of range",
    ),
    (
        "duplicate-primary-key",
        [person(7), person(7, name="Other")],
        "articles.Person (pk=7) appears twice in the fixture",
    ),
    (
        "duplicate-natural-key",
        [
            {
                "model": "articles.agency",
                "fields": {"name": "A", "short_name": "X", "slug": "a"},
            },
            {
                "model": "articles.agency",
                "fields": {"name": "B", "short_name": "X", "slug": "b"},
            },
        ],
        "appears twice in the fixture",
    ),
    (
        "duplicate-unique-slug",
        [person(7, slug="same"), person(8, slug="same")],
        "Could not load articles.Person(pk=8)",
    ),
    (
        "overlong-headline",
        [story(headline="x" * 301)],
        "Invalid articles.Article (pk=5): headline: Ensure this value has at most 300 "
        "characters (it has 301)",
    ),
    (
        "overlong-body",
        [story(body="x" * 200_001)],
        "body: This is 200,001 characters long; it may have at most 200,000",
    ),
    (
        "empty-headline",
        [story(headline="")],
        "Invalid articles.Article (pk=5): headline: This field cannot be blank",
    ),
    (
        "empty-person-name",
        [person(name="")],
        "Invalid articles.Person (pk=7): name: This field cannot be blank",
    ),
    (
        "nul-in-headline",
        [story(headline=f"Talks{NUL}end")],
        "Invalid articles.Article (pk=5): headline: Null characters are not allowed",
    ),
    (
        "javascript-url",
        [
            {
                "model": "articles.agency",
                "pk": 3,
                "fields": {
                    "name": "Evil",
                    "short_name": "EVIL",
                    "slug": "evil",
                    "url": "javascript:alert(1)",
                },
            }
        ],
        "Invalid articles.Agency (pk=3): url: Enter a valid URL",
    ),
    (
        "unknown-state",
        [story(status="live")],
        "status: Value 'live' is not a valid choice",
    ),
    (
        "published-without-time",
        [story(status="published")],
        "published_story_has_time",
    ),
    (
        "missing-foreign-key",
        [story(agency=999)],
        "agency: agency instance with id 999 is not a valid choice",
    ),
    (
        "missing-natural-key",
        [story(agency=["NOPE"])],
        "Agency matching query does not exist",
    ),
    (
        "media-path-traversal",
        [{"model": "articles.photo", "pk": 4, "fields": {"image": "../../etc/passwd"}}],
        "image: “../../etc/passwd” is not a file name inside the media folder",
    ),
    (
        "absolute-media-path",
        [{"model": "articles.photo", "pk": 4, "fields": {"image": "/etc/passwd"}}],
        "image: “/etc/passwd” is not a file name inside the media folder",
    ),
    (
        "tag-without-slug",
        [{"model": "taggit.tag", "pk": 3, "fields": {"name": "???", "slug": ""}}],
        "Invalid taggit.Tag (pk=3): slug: This field cannot be blank",
    ),
]


def write(tmp_path: Path, content) -> str:
    path = tmp_path / "hostile.json"
    if not isinstance(content, str):
        content = json.dumps([GOOD_ROW, *content])  # a good row first: rolled back
    path.write_text(content, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_broken_fixture_exits_with_a_message_and_loads_nothing(
    tmp_path, media_root, seed, content, message
):
    fixture = write(tmp_path, content)
    with nothing_written(media_root), pytest.raises(CommandError) as refused:
        call_command("loaddata", fixture, verbosity=0)
    assert message in str(refused.value)
    assert "Nothing was loaded." in str(refused.value)
    assert not Person.objects.filter(slug="good-row").exists()


@pytest.mark.django_db
def test_the_command_line_exit_code_is_non_zero_with_the_file_named(tmp_path):
    """As an operator runs it: exit status 1, the file named, no traceback."""
    fixture = write(tmp_path, '[{"model": "articles.agency", "fields": {')
    database = f"sqlite:///{tmp_path / 'operator.sqlite3'}"  # not the project's
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "loaddata", fixture],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env={"DATABASE_URL": database, "PATH": os.environ.get("PATH", "")},
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"Problem installing fixture '{fixture}'" in result.stderr
    assert "Traceback" not in result.stderr


# What loads, but is stored tidied: (id, fixture rows, model, lookup, field, stored).
TIDIED = [
    (
        "combining-accent-stored-nfc",
        [person(name="Jose\u0301 Gonza\u0301lez")],
        Person,
        {"pk": 7},
        "name",
        "José González",
    ),
    (
        "zero-width-space-dropped-from-slug",
        [person(slug="taro\u200b-kono")],
        Person,
        {"pk": 7},
        "slug",
        "taro-kono",
    ),
    (
        "bidi-override-dropped-from-slug",
        [story(slug="\u202elavrov-kono")],
        Article,
        {"pk": 5},
        "slug",
        "lavrov-kono",
    ),
    (
        "rtl-headline-kept-as-written",
        [story(headline="لافروف يلتقي كونو", slug="لافروف-يلتقي-كونو")],
        Article,
        {"pk": 5},
        "headline",
        "لافروف يلتقي كونو",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "model", "lookup", "field", "stored"),
    [case[1:] for case in TIDIED],
    ids=[case[0] for case in TIDIED],
)
def test_fixture_text_is_stored_normalised(
    tmp_path, rows, model, lookup, field, stored
):
    call_command("loaddata", write(tmp_path, rows), verbosity=0)
    assert getattr(model.objects.get(**lookup), field) == stored


# --------------------------------------------------------------- shipped fixtures

SHIPPED = sorted((BASE_DIR / "fixtures").glob("*.json"))


def test_we_ship_fixtures_to_check():
    assert [path.name for path in SHIPPED] == ["seed_story.json"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_every_object_in_every_shipped_fixture_passes_full_clean(path):
    """``loaddata`` skips model validation; this runs all of it, uniqueness too."""
    call_command("loaddata", str(path), verbosity=0)
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text)
    objects = list(serializers.deserialize("json", text))
    assert len(objects) == len(raw) > 0
    problems = []
    for deserialized in objects:
        instance = deserialized.object
        instance._state.adding = False  # it is the stored row: unique against others
        try:
            instance.full_clean()
        except Exception as error:  # collected: every bad object is listed at once
            problems.append(f"{instance._meta.label} {instance.pk}: {error}")
    assert problems == []
    # …and the database holds what the fixture says: nothing was tidied away.
    for row, deserialized in zip(raw, objects, strict=True):
        instance = deserialized.object
        stored = type(instance)._default_manager.get(pk=instance.pk)
        for name in row["fields"]:
            field = instance._meta.get_field(name)
            if field.concrete and not field.many_to_many:
                expected = getattr(instance, field.attname)
                assert getattr(stored, field.attname) == expected, (row, name)


@pytest.mark.django_db
def test_no_agency_or_photo_path_in_the_seed_points_outside_media(seed):
    assert Agency.objects.get().url.startswith("https://")
    for photo in Photo.objects.all():
        assert ".." not in Path(photo.image.name).parts
