"""Entry point: the story form in the admin (add, change, correct, kill).

A refused value answers the form again (200) with the message under the field, every
other thing the editor typed still in the form, and nothing written. Accepted text is
stored NFC, slugs and tags without invisible characters, times timezone-aware in UTC.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from articles.body import plain_text
from articles.models import Article, Person

from .. import factories
from ..formdata import form_data, pressed
from . import payloads as p
from .checks import field_errors, form_errors, nothing_written, page_text

ADD_URL = reverse("admin:articles_article_add")
KEPT = "The editor's unsaved paragraph, typed before the bad value."


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def story_form(client, url=ADD_URL, **fields) -> dict:
    data = form_data(client.get(url).content.decode(), "article_form")
    if url == ADD_URL:
        data.update(headline="Talks in Tokyo", dek=KEPT, body=KEPT)
    data.update(fields)
    return data


# id, the fields sent, the field whose error shows, the message.
REFUSED = [
    ("empty-headline", {"headline": ""}, "headline", "This field is required."),
    (
        "whitespace-headline",
        {"headline": " \t\u3000 "},
        "headline",
        "This field is required.",
    ),
    (
        "overlong-headline",
        {"headline": "x" * 301},
        "headline",
        "Ensure this value has at most 300 characters (it has 301).",
    ),
    *[
        (f"nul-in-{field}", {field: f"Before{p.NUL}after"}, field, p.NUL_MESSAGE)
        for field in ("headline", "dek", "body", "byline", "dateline_place", "slug")
    ],
    ("nul-in-tags", {"tags": f"Japan, Rus{p.NUL}sia"}, "tags", p.NUL_MESSAGE),
    (
        "overlong-dek",
        {"dek": "d" * 1_001},
        "dek",
        "This is 1,001 characters long; it may have at most 1,000.",
    ),
    (
        "body-one-over-the-limit",
        {"body": p.long_body(p.BODY_LIMIT + 1)},
        "body",
        "This is 200,001 characters long; it may have at most 200,000.",
    ),
    (
        "overlong-byline",
        {"byline": "b" * 201},
        "byline",
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    (
        "markup-slug",
        {"slug": '<script>alert("xss-slug")</script>'},
        "slug",
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, "
        "or hyphens.",
    ),
    (
        "path-traversal-slug",
        {"slug": "../../newsroom/settings"},
        "slug",
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, "
        "or hyphens.",
    ),
    (
        "overlong-slug",
        {"slug": "s" * 121},
        "slug",
        "Ensure this value has at most 120 characters (it has 121).",
    ),
    (
        "tag-without-letters",
        {"tags": "Japan, ???"},
        "tags",
        "The tag “???” has no letter or digit; a tag needs at least one (its "
        "address is made of them).",
    ),
    (
        "tag-only-emoji",
        {"tags": "🚀"},
        "tags",
        "The tag “🚀” has no letter or digit",
    ),
    (
        "overlong-tag",
        {"tags": "t" * 101},
        "tags",
        "is 101 characters long; a tag has at most 100.",
    ),
    (
        "dateline-30-february",
        {"dateline_date": "2026-02-30"},
        "dateline_date",
        "Enter a valid date.",
    ),
    (
        "dateline-year-9999",
        {"dateline_date": "9999-01-01"},
        "dateline_date",
        "The year 9999 is out of range; enter one from 1800 to 2999.",
    ),
    (
        "embargo-30-february",
        {"embargo_until_0": "2026-02-30", "embargo_until_1": "10:00"},
        "embargo_until",
        "Enter a valid date.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_a_bad_value_is_refused_under_its_field_and_the_rest_is_kept(
    editor_client, media_root, fields, field, message
):
    data = story_form(editor_client, **fields)
    with nothing_written(media_root):
        response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in " ".join(field_errors(response, field))
    assert KEPT in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", p.BAD_TIMES, ids=[bad.id for bad in p.BAD_TIMES])
def test_a_publication_time_that_cannot_exist_is_refused(
    editor_client, media_root, settings, bad
):
    settings.TIME_ZONE = bad.time_zone  # the desk's zone, as in DJANGO_TIME_ZONE
    data = story_form(editor_client, published_at_0=bad.date, published_at_1=bad.time)
    with nothing_written(media_root):
        response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert bad.message in " ".join(field_errors(response, "published_at"))
    assert KEPT in page_text(response)


@pytest.mark.django_db
def test_a_taken_slug_is_refused_by_name(editor_client, media_root):
    factories.article(1, slug="talks-in-tokyo")
    data = story_form(editor_client, slug="talks-in-tokyo")
    with nothing_written(media_root):
        response = editor_client.post(ADD_URL, data)
    assert field_errors(response, "slug") == ["Story with this Slug already exists."]


@pytest.mark.django_db
def test_a_tampered_version_field_is_refused_not_a_500(editor_client, media_root):
    story = factories.article(1, status=Article.Status.DRAFT)
    data = story_form(editor_client, change_url(story), lock_version="1; DROP TABLE")
    data["body"] = KEPT
    with nothing_written(media_root):
        response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "Enter a whole number." in form_errors(response)
    assert KEPT in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("row_id", ["²", "١", "abc", "-1", "99999999999999999999999"])
def test_a_tampered_inline_row_id_is_refused_not_a_500(
    editor_client, media_root, row_id
):
    story = factories.article(1, status=Article.Status.DRAFT)
    person = Person.objects.create(name="Taro Kono", slug="taro-kono")
    story.person_roles.create(person=person, role="subject")
    data = story_form(editor_client, change_url(story))
    data["person_roles-0-id"] = row_id
    data["body"] = KEPT
    with nothing_written(media_root):
        response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "Someone else removed a row here" in page_text(response)
    assert KEPT in page_text(response)


# ----------------------------------------------------------------------- sizes


@pytest.mark.django_db
def test_a_body_of_several_megabytes_gets_a_length_error_and_the_text_back(
    editor_client, media_root
):
    story = factories.article(1, status=Article.Status.DRAFT)
    pasted = p.long_body(p.SEVERAL_MEGABYTES)
    data = story_form(editor_client, change_url(story), body=pasted)
    with nothing_written(media_root):
        response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert field_errors(response, "body") == [
        "This is 3,145,728 characters long; it may have at most 200,000."
    ]
    # The whole paste is back in the form: the editor can cut it, not retype it.
    assert form_data(response.content.decode(), "article_form")["body"] == pasted


@pytest.mark.django_db
def test_a_body_at_the_limit_is_saved_whole(editor_client):
    body = p.long_body(p.BODY_LIMIT)
    response = editor_client.post(ADD_URL, story_form(editor_client, body=body))
    assert response.status_code == 302
    # Stored as HTML paragraphs (issue 21); the limit counts the text.
    assert plain_text(Article.objects.get().body) == plain_text(body)


@pytest.mark.django_db
def test_a_request_over_the_upload_cap_is_a_400_that_writes_nothing(
    editor_client, media_root, settings
):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE Django stops reading: a plain 400. The body
    limit sits far below that cap, so an editor only gets here by sending more than
    ten times the longest story allowed."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # a small cap keeps this fast
    data = story_form(editor_client, body="x" * (1024 * 1024 + 1))
    with nothing_written(media_root):
        response = editor_client.post(ADD_URL, data)
    assert response.status_code == 400


# --------------------------------------------------------------- what is kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headline", "slug"),
    [case[1:] for case in p.HEADLINES],
    ids=[case[0] for case in p.HEADLINES],
)
def test_any_script_headline_is_kept_and_gets_a_readable_slug(
    editor_client, client, headline, slug
):
    response = editor_client.post(ADD_URL, story_form(editor_client, headline=headline))
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.headline, story.slug) == (headline, slug)
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=factories.NOW
    )
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert f"<h1>{headline}</h1>" in page_text(page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [case[1:] for case in p.NFC],
    ids=[case[0] for case in p.NFC],
)
def test_combining_characters_are_stored_composed(editor_client, typed, stored):
    data = story_form(editor_client, headline=typed, byline=typed, dek=typed)
    assert editor_client.post(ADD_URL, data).status_code == 302
    story = Article.objects.get()
    assert (story.headline, story.byline, story.dek) == (stored,) * 3
    assert story.headline != typed  # really recomposed, not typed that way


@pytest.mark.django_db
@pytest.mark.parametrize(
    "char", [case[1] for case in p.INVISIBLE], ids=[case[0] for case in p.INVISIBLE]
)
def test_invisible_characters_are_dropped_from_a_typed_slug(editor_client, char):
    data = story_form(editor_client, slug=f"{char}lavrov{char}-kono{char}")
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert Article.objects.get().slug == "lavrov-kono"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "char", [case[1] for case in p.INVISIBLE], ids=[case[0] for case in p.INVISIBLE]
)
def test_invisible_characters_are_dropped_from_tags(editor_client, char):
    Tag.objects.create(name="Russia", slug="russia")
    tags = f"Rus{char}sia, {char}Moscow, {char}"
    response = editor_client.post(ADD_URL, story_form(editor_client, tags=tags))
    assert response.status_code == 302
    story = Article.objects.get()
    assert sorted(story.tags.names()) == ["Moscow", "Russia"]
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["moscow", "russia"]


@pytest.mark.django_db
def test_tags_differing_only_in_case_or_composition_are_one_tag(editor_client):
    tags = "Cafe\u0301, CAFÉ, café"
    response = editor_client.post(ADD_URL, story_form(editor_client, tags=tags))
    assert response.status_code == 302
    names = list(Article.objects.get().tags.names())
    assert len(names) == 1 and names[0].casefold() == "café"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "stored"),
    [
        ("UTC", datetime(2026, 7, 1, 10, 0, tzinfo=UTC)),
        ("Europe/Berlin", datetime(2026, 7, 1, 8, 0, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 7, 1, 14, 0, tzinfo=UTC)),
        ("Asia/Tokyo", datetime(2026, 7, 1, 1, 0, tzinfo=UTC)),
    ],
)
def test_a_typed_time_is_the_desks_local_time_stored_in_utc(
    editor_client, settings, zone, stored
):
    settings.TIME_ZONE = zone
    data = story_form(
        editor_client, published_at_0="2026-07-01", published_at_1="10:00"
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    story = Article.objects.get()
    assert story.published_at == stored
    assert story.published_at.utcoffset().total_seconds() == 0
    with connection.cursor() as cursor:  # what the database itself holds
        cursor.execute(
            "SELECT published_at FROM articles_article WHERE id = %s", [story.pk]
        )
        raw = cursor.fetchone()[0]
    if connection.vendor == "sqlite":  # text without an offset, always UTC
        assert raw == stored.replace(tzinfo=None)
    else:  # PostgreSQL: timestamptz, handed back in the connection's UTC
        assert raw == stored and raw.utcoffset().total_seconds() == 0


# --------------------------------------------------------- correct and kill


@pytest.mark.django_db
def test_an_overlong_correction_note_is_refused_and_kept(editor_client, media_root):
    story = factories.article(1)
    note = "n" * 2_001
    data = story_form(editor_client, change_url(story), correction_note=note)
    data["_correct"] = "Save and correct"
    with nothing_written(media_root):
        response = editor_client.post(pressed(change_url(story), "_correct"), data)
    assert response.status_code == 200
    assert field_errors(response, "correction_note") == [
        "Ensure this value has at most 2000 characters (it has 2001)."
    ]
    assert note in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("notice", "message"),
    [
        (f"Withdrawn{p.NUL}", "Not killed: Null characters are not allowed."),
        (
            "k" * 2_001,
            "Not killed: This is 2,001 characters long; it may have at most 2,000.",
        ),
    ],
    ids=["nul", "overlong"],
)
def test_a_bad_kill_notice_is_refused_and_the_story_stays_up(
    editor_client, client, media_root, notice, message
):
    story = factories.article(1)
    url = reverse("admin:articles_article_kill", args=[story.pk])
    data = {"kill_notice": notice, "lock_version": str(story.lock_version)}
    with nothing_written(media_root):
        response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in [str(m) for m in response.context["messages"]]
    assert notice.replace(p.NUL, "") in page_text(response)
    assert client.get(story.get_absolute_url()).status_code == 200
