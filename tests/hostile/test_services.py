"""Entry point: the Python API that scripts and the wire importer write through.

``articles.services`` and ``articles.photos.photo_from_file`` validate with
``full_clean()``; a refusal is a ValidationError naming the field, and nothing is
written: no row, no revision, no file. On SQLite and PostgreSQL alike (PostgreSQL
cannot store a NUL at all; SQLite would store it silently).
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.body import plain_text
from articles.models import Article, Correction
from articles.photos import photo_from_file
from articles.text import tidy_tag_names

from .. import factories
from .. import photo_files as files
from . import payloads as p
from .checks import nothing_written

Status = Article.Status

# id, fields of a new draft, the field named, the message.
REFUSED = [
    *[
        (f"nul-in-{field}", {field: f"Talks{p.NUL}end"}, field, p.NUL_MESSAGE)
        for field in ("headline", "dek", "body", "byline", "dateline_place", "slug")
    ],
    (
        "naive-publication-time",
        {"published_at": p.NAIVE},
        "published_at",
        "“2026-11-29T12:00:00” has no time zone; give its UTC offset "
        "(e.g. 2026-11-29T12:00:00+00:00).",
    ),
    (
        "naive-embargo",
        {"embargo_until": p.NAIVE},
        "embargo_until",
        "“2026-11-29T12:00:00” has no time zone",
    ),
    (
        "year-9999",
        {"published_at": p.YEAR_9999},
        "published_at",
        "The year 9999 is out of range; enter one from 1800 to 2999.",
    ),
    (
        "year-1",
        {"published_at": datetime(1, 1, 1, tzinfo=UTC)},
        "published_at",
        "The year 1 is out of range",
    ),
    (
        "dateline-year-9999",
        {"dateline_date": date(9999, 12, 31)},
        "dateline_date",
        "The year 9999 is out of range",
    ),
    (
        "overlong-body",
        {"body": p.long_body(p.SEVERAL_MEGABYTES)},
        "body",
        "This is 3,145,728 characters long; it may have at most 200,000.",
    ),
    ("empty-headline", {"headline": ""}, "headline", "This field cannot be blank."),
    (
        "overlong-headline",
        {"headline": "h" * 301},
        "headline",
        "Ensure this value has at most 300 characters (it has 301).",
    ),
    (
        "markup-slug",
        {"slug": "<script>"},
        "slug",
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, "
        "or hyphens.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [c[1:] for c in REFUSED],
    ids=[c[0] for c in REFUSED],
)
def test_a_new_story_with_a_bad_value_is_refused_by_field(
    editor, media_root, fields, field, message
):
    story = Article(**{"headline": "Talks in Tokyo", "body": "Text.", **fields})
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        services.article_save(article=story, user=editor)
    assert message in " ".join(refused.value.message_dict[field])


@pytest.mark.django_db
def test_an_edit_with_a_nul_leaves_the_stored_story_and_its_version(editor, media_root):
    story = factories.article(1, status=Status.DRAFT)
    story.body = f"Rewritten{p.NUL}"
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        services.article_save(article=story, user=editor)
    assert refused.value.message_dict == {"body": [p.NUL_MESSAGE]}
    assert Article.objects.get().lock_version == 1


@pytest.mark.django_db
@pytest.mark.parametrize("at", [p.NAIVE, p.YEAR_9999], ids=["naive", "year-9999"])
def test_publishing_at_a_bad_time_is_refused(editor, media_root, at):
    story = factories.article(1, status=Status.DRAFT)
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        services.article_publish(article=story, user=editor, at=at)
    assert list(refused.value.message_dict) == ["published_at"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "message"),
    [
        (f"Wrong{p.NUL}", p.NUL_MESSAGE),
        ("n" * 2_001, "This is 2,001 characters long; it may have at most 2,000."),
    ],
    ids=["nul", "overlong"],
)
def test_a_bad_correction_note_is_refused(editor, media_root, note, message):
    story = factories.article(1)
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        services.article_correct(article=story, user=editor, note=note)
    assert refused.value.message_dict == {"note": [message]}
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_kill_notice_with_a_nul_is_refused_and_the_story_stays_up(editor, media_root):
    story = factories.article(1)
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        services.article_kill(article=story, user=editor, notice=f"Gone{p.NUL}")
    assert refused.value.message_dict == {"kill_notice": [p.NUL_MESSAGE]}
    assert Article.objects.published().count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"), [c[1:] for c in p.NFC], ids=[c[0] for c in p.NFC]
)
def test_text_is_stored_nfc(editor, typed, stored):
    story = Article(headline=typed, body=typed, dek=typed, byline=typed)
    services.article_save(article=story, user=editor)
    story = Article.objects.get()
    # The body is stored as HTML paragraphs (issue 21): its text is compared.
    assert {story.headline, plain_text(story.body), story.dek, story.byline} == {
        stored
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "char", [c[1] for c in p.INVISIBLE], ids=[c[0] for c in p.INVISIBLE]
)
def test_invisible_characters_are_dropped_from_a_given_slug(editor, char):
    story = Article(headline="Talks", body="Text.", slug=f"talks{char}-in{char}-tokyo")
    services.article_save(article=story, user=editor)
    assert Article.objects.get().slug == "talks-in-tokyo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone", ["Europe/Moscow", "America/Los_Angeles", "Asia/Kathmandu"]
)
def test_an_aware_time_in_any_zone_is_stored_and_read_back_in_utc(editor, zone):
    moment = datetime(2026, 3, 21, 12, 0, tzinfo=ZoneInfo(zone))
    story = Article(headline="Talks", body="Text.", published_at=moment)
    services.article_save(article=story, user=editor)
    stored = Article.objects.get().published_at
    assert stored == moment
    assert stored.utcoffset().total_seconds() == 0


# --------------------------------------------------------------------- photos


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"caption": "c" * 2_001},
            "caption",
            "This is 2,001 characters long; it may have at most 2,000.",
        ),
        ({"caption": f"Kono{p.NUL}"}, "caption", p.NUL_MESSAGE),
        ({"credit": f"Roe{p.NUL}/TASS"}, "credit", p.NUL_MESSAGE),
        (
            {"date_created": date(9999, 1, 1)},
            "date_created",
            "The year 9999 is out of range",
        ),
    ],
    ids=["overlong-caption", "nul-caption", "nul-credit", "year-9999"],
)
def test_a_photo_with_a_bad_value_is_refused_and_no_file_is_left(
    media_root, fields, field, message
):
    upload = files.upload("photo.jpg", files.jpeg((320, 200)))
    with nothing_written(media_root), pytest.raises(ValidationError) as refused:
        photo_from_file(upload, **fields)
    assert message in " ".join(refused.value.message_dict[field])


# ----------------------------------------------------------------------- tags

# id, names given, the tags kept.
TAGS = [
    ("case-duplicates", ["Japan", "japan", "JAPAN"], ["Japan"]),
    ("composed-duplicates", ["Cafe\u0301", "Café"], ["Café"]),
    ("invisible-dropped", ["\u200bRus\u200dsia\u202e", "\ufeff"], ["Russia"]),
    ("spaces-collapsed", ["  missile \t defense  "], ["missile defense"]),
    ("double-quote", ['Operation "Z"'], ["Operation 'Z'"]),
    ("cjk-kept", ["東京", "Москва"], ["東京", "Москва"]),
]


@pytest.mark.parametrize(
    ("names", "kept"), [c[1:] for c in TAGS], ids=[c[0] for c in TAGS]
)
def test_tag_names_are_tidied_before_they_are_stored(names, kept):
    assert tidy_tag_names(names) == kept


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Japan", "???"], "The tag “???” has no letter or digit"),
        (["🚀🚀"], "The tag “🚀🚀” has no letter or digit"),
        (["t" * 101], "is 101 characters long; a tag has at most 100."),
    ],
    ids=["punctuation", "emoji", "overlong"],
)
def test_a_tag_that_cannot_have_an_address_is_refused_by_name(names, message):
    with pytest.raises(ValidationError) as refused:
        tidy_tag_names(names)
    assert message in " ".join(refused.value.messages)
