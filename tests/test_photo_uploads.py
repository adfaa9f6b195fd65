"""Safe uploads: what the photo library and the story form accept, and what they refuse.

Every refusal is a form error naming the file and the reason, answered with the form
again (never a 500), leaving no row and no file behind.
"""

import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from articles.models import Person, Photo
from articles.photos import photo_from_file
from articles.photos.renditions import recorded_names
from articles.signals import content_changed

from . import photo_files as files
from .conftest import stored_files
from .formdata import form_data

ADD_URL = reverse("admin:articles_photo_add")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def post_photo(client, upload, **fields):
    data = form_data(client.get(ADD_URL).content.decode(), "photo_form")
    data.update(fields)
    data["file"] = upload
    return client.post(ADD_URL, data, follow=True)


# name, bytes, what the editor is told. Each is refused whole.
HOSTILE = [
    ("empty.jpg", lambda: b"", "The submitted file is empty."),
    ("notes.jpg", lambda: b"just some words", "it is a text file, not a JPEG"),
    ("page.jpg", lambda: files.HTML, "it is an HTML page, not a JPEG, PNG or WebP"),
    ("drawing.svg", lambda: files.SVG, "SVG drawings can carry scripts"),
    ("drawing.png", lambda: files.SVG, "it is an SVG drawing, not a JPEG"),
    ("animated.jpg", files.gif, "it is a GIF image, not a JPEG, PNG or WebP"),
    ("animated.gif", files.gif, "only JPEG, PNG or WebP files are accepted"),
    ("photo.php", files.jpeg, "this name has .php"),
    ("scan.jpg", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it is a PDF document"),
    (
        "photo.jpg",
        files.png,
        "it is a PNG picture but its name says JPEG; rename it to end in .png",
    ),
    ("photo.webp", files.jpeg, "it is a JPEG picture but its name says WebP"),
    (
        "cut.jpg",
        lambda: files.jpeg()[:3000],
        "it is damaged or truncated: the file is cut short",
    ),
    (
        "cut.png",
        lambda: files.png()[:-12],
        "it is damaged or truncated: the file is cut short (no IEND chunk)",
    ),
    (
        "cut.webp",
        lambda: files.webp()[:-40],
        "it is damaged or truncated: the file is cut short",
    ),
    ("crc.png", files.png_with_bad_crc, "the 'IDAT' chunk is corrupt (bad CRC)"),
    (
        "bomb.jpg",
        lambda: files.jpeg_claiming(60000, 60000),
        "it is 60000 × 60000 pixels, 3,600 megapixels; the limit is 60",
    ),
    (
        "bomb.png",
        lambda: files.png_claiming(50000, 50000),
        "it is 50000 × 50000 pixels, 2,500 megapixels",
    ),
    (
        "text-bomb.png",
        files.png_with_text_bomb,
        "its text metadata would inflate to far too much data",
    ),
    (
        "laughs.jpg",
        lambda: files.jpeg_with_xmp(files.BILLION_LAUGHS),
        "its XMP metadata declares XML entities or a DTD",
    ),
    (
        "broken-xmp.jpg",
        lambda: files.jpeg_with_xmp(b"<x:xmpmeta><open></x:xmpmeta>"),
        "its XMP metadata is not well-formed XML",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "reason"), HOSTILE, ids=[case[0] for case in HOSTILE]
)
def test_the_photo_library_refuses_a_bad_file_with_the_reason(
    editor_client, media_root, name, make, reason
):
    people = Person.objects.count()
    response = post_photo(
        editor_client, files.upload(name, make()), caption="Typed caption"
    )
    assert response.status_code == 200
    text = page_text(response)
    assert reason in text
    if "submitted file is empty" not in reason:
        assert f"“{name}” was not accepted:" in text
    # The editor's typing survives; nothing was stored.
    assert "Typed caption" in text
    assert Photo.objects.count() == 0
    assert Person.objects.count() == people
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_the_byte_cap_is_checked_before_anything_is_decoded(
    editor_client, media_root, settings
):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 2_000
    response = post_photo(editor_client, files.upload("big.jpg", files.jpeg()))
    assert "“big.jpg” was not accepted: it is " in page_text(response)
    assert "over the limit of 2.0\xa0KB" in page_text(response)
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_the_pixel_cap_counts_every_frame_of_an_animation(media_root, settings):
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 1_000_000
    one_frame = photo_from_file(files.upload("still.webp", files.webp_animation(1)))
    assert one_frame.width == 200
    with pytest.raises(ValidationError) as refused:
        photo_from_file(files.upload("many.webp", files.webp_animation(30)))
    assert "200 × 200 pixels × 30 frames, 1.2 megapixels; the limit is 1" in str(
        refused.value
    )
    assert Photo.objects.count() == 1


@pytest.mark.django_db
def test_pillows_own_bomb_guard_still_holds_when_the_cap_is_raised(
    media_root, settings
):
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 10**12
    with pytest.raises(ValidationError) as refused:
        photo_from_file(files.upload("bomb.jpg", files.jpeg_claiming(60000, 60000)))
    assert "decompression bomb" in str(refused.value)
    assert stored_files(media_root) == []


DISARMED = [
    (
        "html-after.jpg",
        lambda: files.jpeg() + files.HTML,
        b"<script",
        "66\xa0bytes of an HTML page after the end of the picture were removed",
    ),
    (
        "html-after.png",
        lambda: files.png() + files.HTML,
        b"<script",
        "66\xa0bytes of an HTML page after the end of the picture were removed",
    ),
    (
        "html-after.webp",
        lambda: files.webp() + b"<html>" + files.HTML,
        b"<html",
        "bytes of an HTML page after the end of the picture were removed",
    ),
    (
        "script-comment.jpg",
        lambda: files.jpeg_with_comment(b"<script>alert(1)</script>"),
        b"<script",
        "its embedded metadata held HTML or script markup, so the picture was "
        "re-encoded without it",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "payload", "note"), DISARMED, ids=[c[0] for c in DISARMED]
)
def test_a_polyglot_is_stored_without_its_payload_and_the_editor_is_told(
    editor_client, media_root, name, make, payload, note
):
    content = make()
    assert payload in content
    response = post_photo(
        editor_client, files.upload(name, content), credit="Jane Roe/TASS"
    )
    text = page_text(response)
    assert f"“{name}”: " in text and note in text  # the warning after saving
    photo = Photo.objects.get()
    assert note in photo.upload_notes
    with photo.image.open("rb") as stored:
        assert payload not in stored.read()
    assert photo.renditions["sizes"]["full"]


@pytest.mark.django_db
def test_a_bad_upload_in_the_story_form_is_refused_and_the_story_is_unchanged(
    editor_client, seed, media_root
):
    change_url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(change_url).content.decode(), "article_form")
    data["headline"] = "An edited headline"
    data["photo_placements-0-upload"] = files.upload("animated.jpg", files.gif())
    data["photo_placements-0-credit"] = "Someone/TASS"
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert (
        "“animated.jpg” was not accepted: it is a GIF image, not a JPEG, PNG or WebP "
        "picture." in page_text(response)
    )
    seed.refresh_from_db()
    assert seed.headline != "An edited headline"
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_the_import_path_refuses_with_the_same_reasons(media_root):
    with pytest.raises(ValidationError) as refused:
        photo_from_file(files.upload("wire.jpg", files.HTML))
    assert refused.value.messages == [
        "“wire.jpg” was not accepted: it is an HTML page, not a JPEG, PNG or WebP "
        "picture."
    ]
    with pytest.raises(ValidationError, match="the file is empty"):
        photo_from_file(files.upload("wire.jpg", b""))
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_file_name_with_markup_is_shown_as_text(editor_client):
    response = post_photo(
        editor_client, files.upload("<img src=x onerror=alert(1)>.gif", files.gif())
    )
    page = response.content.decode()
    assert "<img src=x onerror" not in page
    assert "“&lt;img src=x onerror=alert(1)&gt;.gif” was not accepted" in page


def stored_names(photo) -> list[str]:
    return [photo.image.name, *recorded_names(photo.guid, photo.renditions)]


def fail_storing(monkeypatch, name_part: str) -> list[str]:
    """Make the media storage refuse files whose name holds ``name_part``, as an
    object store can fail mid-save; the others are really written (and listed)."""
    real_save, written = FileSystemStorage._save, []

    def save(storage, name, content):
        if name_part in name:
            raise OSError("the object store is not answering")
        written.append(real_save(storage, name, content))
        return written[-1]

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return written


@pytest.mark.django_db
def test_a_story_save_failing_after_an_upload_leaves_no_file_behind(
    editor_client, seed, media_root, monkeypatch
):
    change_url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(change_url).content.decode(), "article_form")
    data["headline"] = "An edited headline"
    data["photo_placements-TOTAL_FORMS"] = "2"
    for number in (0, 1):
        data[f"photo_placements-{number}-upload"] = files.upload(
            f"photo-{number}.jpg", files.jpeg()
        )
        data[f"photo_placements-{number}-credit"] = "Someone/TASS"
        data[f"photo_placements-{number}-position"] = str(number)
    written = fail_storing(monkeypatch, "photo-1")
    with pytest.raises(OSError, match="not answering"):
        editor_client.post(change_url, data)
    # The first photo's original and renditions had been stored before the failure.
    assert any("photo-0" in name for name in written) and len(written) > 2
    seed.refresh_from_db()
    assert seed.headline != "An edited headline"
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_of_a_committed_save_stay_when_a_later_hook_fails(
    editor_client, seed, media_root
):
    def failing_receiver(**kwargs):
        raise RuntimeError("the purge service is down")

    change_url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(change_url).content.decode(), "article_form")
    data["photo_placements-0-upload"] = files.upload("kept.jpg", files.jpeg())
    data["photo_placements-0-credit"] = "Someone/TASS"
    content_changed.connect(failing_receiver)
    try:
        # The hook runs once the save has committed, and its error reaches here.
        with pytest.raises(RuntimeError, match="purge service"):
            editor_client.post(change_url, data)
    finally:
        content_changed.disconnect(failing_receiver)
    photo = Photo.objects.get()  # committed
    assert photo.image.storage.exists(photo.image.name)
    on_disk = {str(p.relative_to(media_root)) for p in stored_files(media_root)}
    assert set(stored_names(photo)) <= on_disk  # the original and every rendition


@pytest.mark.django_db
def test_a_new_picture_uploaded_on_a_row_takes_its_own_credit_not_the_old_ones(
    editor_client, seed, media_root
):
    old = photo_from_file(files.upload("old.jpg", files.jpeg()), credit="Old/TASS")
    seed.photo_placements.create(photo=old, position=0)
    change_url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(change_url).content.decode(), "article_form")
    assert data["photo_placements-0-credit"] == "Old/TASS"  # what the row shows
    data["photo_placements-0-photo"] = ""
    data["photo_placements-0-upload"] = files.fixture("xmp.png")
    assert editor_client.post(change_url, data).status_code == 302
    new = seed.photo_placements.get().photo
    assert new != old
    # The file's own metadata, not the credit the row showed for the old picture.
    assert (new.credit, new.caption) == (
        "Jane Roe/Reuters",
        "Sergey Lavrov and Taro Kono shake hands in Tokyo",
    )
