"""Entry point: the photo library form and the story form's inline photo rows.

The hostile *files* themselves (bombs, polyglots, wrong types) are in
``tests/test_photo_uploads.py``; here are the hostile *values* around a good file: the
fields typed with it, its file name, and what its metadata says. A refused photo leaves
no row and no file in media.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article, Photo

from .. import factories
from .. import photo_files as files
from ..conftest import stored_files
from ..formdata import form_data
from . import payloads as p
from .checks import field_errors, nothing_written, page_text

ADD_URL = reverse("admin:articles_photo_add")
STORY_ADD_URL = reverse("admin:articles_article_add")


def photo_form(client, upload=None, **fields) -> dict:
    data = form_data(client.get(ADD_URL).content.decode(), "photo_form")
    data.update({"credit": "Jane Roe/TASS", **fields})
    data["file"] = upload or files.upload("photo.jpg", files.jpeg((320, 200)))
    return data


# id, fields typed with a good file, the field whose error shows, the message.
REFUSED = [
    (
        "overlong-caption",
        {"caption": "c" * (p.CAPTION_LIMIT + 1)},
        "caption",
        "This is 2,001 characters long; it may have at most 2,000.",
    ),
    (
        "overlong-credit",
        {"credit": "c" * 201},
        "credit",
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    (
        "overlong-alt-text",
        {"alt_text": "a" * 401},
        "alt_text",
        "Ensure this value has at most 400 characters (it has 401).",
    ),
    (
        "overlong-copyright",
        {"copyright_notice": "©" * 301},
        "copyright_notice",
        "Ensure this value has at most 300 characters (it has 301).",
    ),
    *[
        (f"nul-in-{field}", {field: f"Kono{p.NUL}Lavrov"}, field, p.NUL_MESSAGE)
        for field in ("caption", "credit", "alt_text", "city")
    ],
    (
        "focal-point-outside",
        {"focal_x": "101"},
        "focal_x",
        "Ensure this value is less than or equal to 100.",
    ),
    (
        "focal-point-negative",
        {"focal_y": "-1"},
        "focal_y",
        "Ensure this value is greater than or equal to 0.",
    ),
    (
        "date-taken-30-february",
        {"date_created": "2018-02-30"},
        "date_created",
        "Enter a valid date.",
    ),
    (
        "date-taken-year-9999",
        {"date_created": "9999-12-31"},
        "date_created",
        "The year 9999 is out of range; enter one from 1800 to 2999.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_the_photo_library_refuses_a_bad_value_and_stores_no_file(
    chief_client, media_root, fields, field, message
):
    data = photo_form(chief_client, **fields)
    with nothing_written(media_root):
        response = chief_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert stored_files(media_root) == []


# id, name as the browser sends it. Each is stored inside media/photos/ only.
FILE_NAMES = [
    ("dot-dot", "../../../newsroom/evil.jpg", "evil.jpg"),
    ("absolute", "/etc/evil.jpg", "evil.jpg"),
    ("backslashes", "..\\..\\evil.jpg", "evil.jpg"),
    ("markup", '"><img src=x onerror=alert(1)>.jpg', "img_srcx_onerroralert1.jpg"),
    ("very-long", "a" * 300 + ".jpg", "a" * 80 + ".jpg"),
    ("unicode", "Лавров東京.JPG", "Лавров東京.jpg"),
    ("spaces-and-dots", " . photo . .jpg", "photo.jpg"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "stored"),
    [case[1:] for case in FILE_NAMES],
    ids=[case[0] for case in FILE_NAMES],
)
def test_a_hostile_file_name_is_stored_inside_media_under_a_tidy_name(
    chief_client, media_root, name, stored
):
    upload = files.upload(name, files.jpeg((320, 200)))
    response = chief_client.post(ADD_URL, photo_form(chief_client, upload))
    assert response.status_code == 302
    photo = Photo.objects.get()
    path = Path(photo.image.path).resolve()
    assert path.is_relative_to((media_root / "photos").resolve())
    assert path.name == stored
    folders = {f.relative_to(media_root).parts[0] for f in stored_files(media_root)}
    assert folders == {"photos", "renditions"}


@pytest.mark.django_db
def test_a_right_to_left_override_cannot_disguise_the_extension(
    chief_client, media_root
):
    """“photo‮gpj.exe” shows as “photoexe.jpg” but ends in .exe."""
    upload = files.upload("photo\u202egpj.exe", files.jpeg((320, 200)))
    with nothing_written(media_root):
        response = chief_client.post(ADD_URL, photo_form(chief_client, upload))
    assert response.status_code == 200
    assert "only JPEG, PNG or WebP files are accepted" in page_text(response)


# ------------------------------------------------------------ the story form


def story_with_photo_row(client, **row) -> dict:
    data = form_data(client.get(STORY_ADD_URL).content.decode(), "article_form")
    data.update(headline="Talks in Tokyo", body="First paragraph.")
    for key, value in row.items():
        data[f"photo_placements-0-{key}"] = value
    return data


INLINE_REFUSED = [
    (
        "overlong-caption",
        {"caption": "c" * (p.CAPTION_LIMIT + 1)},
        "Ensure this value has at most 2000 characters (it has 2001).",
    ),
    (
        "overlong-credit",
        {"credit": "c" * 201},
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    ("nul-in-caption", {"caption": f"Kono{p.NUL}"}, p.NUL_MESSAGE),
    ("nul-in-alt-text", {"alt_text": f"Kono{p.NUL}"}, p.NUL_MESSAGE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [case[1:] for case in INLINE_REFUSED],
    ids=[case[0] for case in INLINE_REFUSED],
)
def test_a_bad_value_in_a_story_photo_row_saves_neither_story_nor_file(
    chief_client, media_root, row, message
):
    upload = files.upload("photo.jpg", files.jpeg((320, 200)))
    data = story_with_photo_row(chief_client, upload=upload, **row)
    with nothing_written(media_root):
        response = chief_client.post(STORY_ADD_URL, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert "First paragraph." in page_text(response)


@pytest.mark.django_db
def test_an_overlong_caption_for_a_library_photo_is_refused(chief_client, media_root):
    photo = factories.photo(1)
    data = story_with_photo_row(
        chief_client, photo=str(photo.pk), caption="c" * (p.CAPTION_LIMIT + 1)
    )
    with nothing_written(media_root):
        response = chief_client.post(STORY_ADD_URL, data)
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters (it has 2001)." in (
        page_text(response)
    )


@pytest.mark.django_db
def test_a_library_photos_caption_here_is_stored_composed(chief_client):
    photo = factories.photo(1)
    data = story_with_photo_row(chief_client, photo=str(photo.pk), caption="Kono\u0301")
    assert chief_client.post(STORY_ADD_URL, data).status_code == 302
    placement = Article.objects.get().photo_placements.get()
    assert placement.caption_override == "Konó"


# ------------------------------------------------------- what the file says


@pytest.mark.django_db
def test_an_endless_metadata_caption_is_cut_to_the_limit_not_a_500(
    chief_client, media_root
):
    caption = "The ministers met. " * 500  # 9,500 characters of XMP description
    packet = files.xmp_packet(
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}'
        "</rdf:li></rdf:Alt></dc:description>"
    )
    upload = files.upload("long.jpg", files.jpeg_with_xmp(packet))
    response = chief_client.post(ADD_URL, photo_form(chief_client, upload))
    assert response.status_code == 302
    stored = Photo.objects.get().caption
    assert len(stored) <= p.CAPTION_LIMIT
    assert caption.startswith(stored)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw", [b"99991231", b"17990101", b"00000000"], ids=["9999", "1799", "zeros"]
)
def test_a_garbage_date_in_metadata_is_left_out_not_a_500(chief_client, raw):
    upload = files.upload("dated.jpg", files.jpeg_with_iim([(2, 55, raw)]))
    response = chief_client.post(ADD_URL, photo_form(chief_client, upload))
    assert response.status_code == 302
    assert Photo.objects.get().date_created is None
