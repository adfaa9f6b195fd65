"""Renditions: made once at upload, kept in storage with the credit, well cropped."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from PIL import Image

from articles.models import ArticlePhoto, Photo
from articles.photos import (
    files_kept_on_commit,
    image_object,
    photo_from_file,
    photo_refresh_renditions,
    rendition,
    srcset,
)
from articles.photos.metadata import read_xmp

from . import factories
from . import photo_files as files
from .conftest import stored_files
from .formdata import form_data

YELLOW = (255, 240, 0)


@pytest.fixture(autouse=True)
def widths(settings):
    settings.NEWSROOM_PHOTO_WIDTHS = [320, 640, 1200]


def stored_image(photo, ratio, width, fmt="jpeg") -> Image.Image:
    """Open a rendition from storage by the name its URL was derived from."""
    found = rendition(photo, ratio, width, fmt)
    name = found.url.removeprefix("/media/")
    with photo.image.storage.open(name, "rb") as handle:
        im = Image.open(io.BytesIO(handle.read()))
        im.load()
    return im


def subject_visible(im: Image.Image) -> bool:
    """Whether the yellow square (the picture's subject) is in the frame."""
    raw = im.convert("RGB").resize((64, 64)).tobytes()
    return any(
        abs(r - YELLOW[0]) < 40 and abs(g - YELLOW[1]) < 40 and b < 80
        for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    )


def big_photo(**fields) -> Photo:
    content = files.encode(
        files.picture((1600, 900), subject=(0.95, 0.2)), "JPEG", quality=85
    )
    return photo_from_file(files.upload("wide.jpg", content), **fields)


@pytest.mark.django_db
def test_every_shape_and_width_is_stored_as_webp_and_jpeg_with_true_sizes():
    photo = big_photo(credit="Ann Lee/AFP")
    assert photo.renditions["sizes"] == {
        "full": [[320, 180], [640, 360], [1200, 675]],
        "16x9": [[320, 180], [640, 360], [1200, 675]],
        "4x3": [[320, 240], [640, 480], [1200, 900]],
        "1x1": [[320, 320], [640, 640], [900, 900]],  # capped by the picture
    }
    for ratio in (None, "16:9", "4:3", "1:1"):
        for width in (320, 640, 1200):
            for fmt, kind in (("jpeg", "JPEG"), ("webp", "WEBP")):
                found = rendition(photo, ratio, width, fmt)
                im = stored_image(photo, ratio, width, fmt)
                assert im.format == kind
                assert im.size == (found.width, found.height)
                assert found.mime_type == f"image/{fmt}"


@pytest.mark.django_db
def test_renditions_carry_the_credit_and_copyright_in_their_xmp():
    photo = photo_from_file(files.fixture("xmp-and-iptc.jpg"))
    for fmt in ("jpeg", "webp"):
        for ratio in (None, "1:1"):
            im = stored_image(photo, ratio, 320, fmt)
            # Our reader, and Pillow's own (namespace-stripped) one, agree.
            ours = read_xmp(im.info["xmp"])
            assert ours["credit"] == "Alexander Shcherbak/TASS"
            assert ours["copyright_notice"] == "© Alexander Shcherbak/TASS"
            assert ours["creators"] == ["Alexander Shcherbak"]
            assert ours["source"] == "TASS"
            description = im.getxmp()["xmpmeta"]["RDF"]["Description"]
            assert description["Credit"] == "Alexander Shcherbak/TASS"


@pytest.mark.django_db
def test_a_corrected_credit_is_written_into_new_renditions(
    editor_client, django_capture_on_commit_callbacks
):
    photo = photo_from_file(files.fixture("xmp.png"))
    old = rendition(photo, None, 320)
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(editor_client.get(url).content.decode(), "photo_form")
    data["credit"] = "Jane Roe/Reuters Pictures"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    new = rendition(photo, None, 320)
    assert new.url != old.url
    assert read_xmp(stored_image(photo, None, 320).info["xmp"])["credit"] == (
        "Jane Roe/Reuters Pictures"
    )
    assert not photo.image.storage.exists(old.url.removeprefix("/media/"))


@pytest.mark.django_db
def test_the_focal_point_keeps_the_subject_in_every_crop(
    editor_client, django_capture_on_commit_callbacks, media_root
):
    photo = big_photo()
    # Centred crops lose the subject near the top right corner…
    assert subject_visible(stored_image(photo, None, 640))
    assert not subject_visible(stored_image(photo, "1:1", 640))
    assert not subject_visible(stored_image(photo, "4:3", 640))

    # …so the editor sets the focal point on the subject in the photo library.
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(editor_client.get(url).content.decode(), "photo_form")
    data.update(focal_x="95", focal_y="20")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    photo.refresh_from_db()
    for ratio in ("16:9", "4:3", "1:1"):
        assert subject_visible(stored_image(photo, ratio, 640)), ratio
    # Only the current renditions stay in storage.
    names = {str(p.relative_to(media_root)) for p in stored_files(media_root)}
    renditions = {n for n in names if n.startswith("renditions/")}
    assert len(renditions) == 2 * sum(map(len, photo.renditions["sizes"].values()))


@pytest.mark.django_db
def test_a_focal_point_outside_the_picture_is_a_form_error(editor_client):
    photo = big_photo()
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(editor_client.get(url).content.decode(), "photo_form")
    data["focal_x"] = "140"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_transparent_png_gets_a_white_background_in_its_jpeg():
    im = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    photo = photo_from_file(files.upload("logo.png", files.encode(im, "PNG")))
    assert stored_image(photo, None, 320).convert("RGB").getpixel((5, 5)) == (
        255,
        255,
        255,
    )


@pytest.mark.django_db
def test_the_rendition_api_gives_urls_and_sizes_without_queries(
    django_assert_num_queries,
):
    photo = Photo.objects.select_related("photographer").get(
        pk=photo_from_file(files.fixture("xmp-and-iptc.jpg")).pk
    )
    with django_assert_num_queries(0):
        wide = rendition(photo, "16:9", 1200)
        thumb = rendition(photo, "4:3", 300)
        largest = rendition(photo)
        data = image_object(photo, absolute=lambda url: "https://news.test" + url)
    # The fixture is 640 × 360: the widest 16:9 rendition is the picture's width.
    assert (wide.width, wide.height) == (640, 360)
    assert (thumb.width, thumb.height) == (320, 240)
    assert (largest.width, largest.height) == (640, 360)
    assert wide.url.startswith("/media/renditions/") and wide.url.endswith(".jpg")
    assert data["creditText"] == "Alexander Shcherbak/TASS"
    assert data["copyrightNotice"] == "© Alexander Shcherbak/TASS"
    assert data["creator"] == {
        "@type": "Person",
        "name": "Alexander Shcherbak",
        "url": "https://news.test/people/alexander-shcherbak/",
    }
    assert data["contentUrl"].startswith("https://news.test/media/renditions/")
    with pytest.raises(ValueError, match="unknown ratio"):
        rendition(photo, "3:2")


@pytest.mark.django_db
def test_a_photo_without_renditions_falls_back_to_its_original(jpeg_upload):
    photo = Photo.objects.create(image=jpeg_upload(), credit="A/B")
    found = rendition(photo, "1:1", 400)
    assert (found.url, found.width, found.height) == (photo.image.url, 640, 427)
    assert srcset(photo) == ""


@pytest.mark.django_db
def test_a_storage_failure_leaves_no_row_and_no_file(media_root):
    # A file where the renditions folder should be: storage really fails there.
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "renditions").write_text("in the way")
    with pytest.raises(OSError):
        photo_from_file(files.fixture("xmp.png"))
    assert Photo.objects.count() == 0
    assert [p.name for p in stored_files(media_root)] == ["renditions"]


class SaveFailed(Exception):
    pass


@pytest.mark.django_db
def test_a_rolled_back_refresh_removes_only_the_files_it_added(media_root):
    photo = photo_from_file(files.fixture("xmp.png"))
    before = stored_files(media_root)
    with pytest.raises(SaveFailed), files_kept_on_commit(), transaction.atomic():
        # Same crops and rights: the renditions are rewritten under their names.
        photo_refresh_renditions(photo=photo, force=True)
        # A new credit: new renditions beside the old ones.
        photo.credit = "Jane Roe/Reuters Pictures"
        photo.save()
        assert photo_refresh_renditions(photo=photo)
        assert len(stored_files(media_root)) > len(before)
        raise SaveFailed  # e.g. the story being saved with it is refused
    photo.refresh_from_db()
    assert photo.credit != "Jane Roe/Reuters Pictures"
    # What the row still points at is all there, and nothing else.
    assert stored_files(media_root) == before
    assert stored_image(photo, None, 320).size[0] == 320


@pytest.mark.django_db
def test_a_photo_stored_in_a_block_that_succeeds_is_kept(media_root):
    with files_kept_on_commit(), files_kept_on_commit(), transaction.atomic():
        inner = photo_from_file(files.fixture("xmp.png"))
    kept = stored_files(media_root)  # after the outer block, too
    assert inner.image.name in {str(p.relative_to(media_root)) for p in kept}
    with pytest.raises(SaveFailed), files_kept_on_commit(), transaction.atomic():
        with files_kept_on_commit():  # the inner block succeeds, the outer fails
            photo_from_file(files.upload("other.jpg", files.jpeg()))
        raise SaveFailed
    assert stored_files(media_root) == kept


@pytest.mark.django_db
def test_replacing_the_file_keeps_placements_and_remakes_renditions(
    editor_client, django_capture_on_commit_callbacks, media_root
):
    photo = photo_from_file(files.fixture("xmp-and-iptc.jpg"), caption="Kept")
    stories = [factories.article(n) for n in range(2)]
    ArticlePhoto.objects.create(article=stories[0], photo=photo)
    ArticlePhoto.objects.create(
        article=stories[1], photo=photo, caption_override="This story's caption"
    )
    old_file, old = photo.image.name, rendition(photo, None, 640)

    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(editor_client.get(url).content.decode(), "photo_form")
    data["file"] = files.fixture("xmp.webp")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302

    photo.refresh_from_db()
    assert photo.image.name.endswith(".webp") and photo.width == 480
    assert photo.caption == "Kept"  # what was there stays
    assert photo.placements.count() == 2
    assert photo.placements.get(article=stories[1]).caption == "This story's caption"
    new = rendition(photo, None, 640)
    assert new.url != old.url
    # The old original and its renditions are gone; the new ones are in storage.
    names = {str(p.relative_to(media_root)) for p in stored_files(media_root)}
    assert old_file not in names and old.url.removeprefix("/media/") not in names
    assert new.url.removeprefix("/media/") in names
    for story in stories:
        assert new.url in editor_client.get(story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_bad_replacement_file_keeps_the_old_one(editor_client, media_root):
    photo = photo_from_file(files.fixture("xmp.png"))
    before = stored_files(media_root)
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    data = form_data(editor_client.get(url).content.decode(), "photo_form")
    data["file"] = files.upload("new.png", files.png()[:-30])
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "“new.png” was not accepted: it is damaged or truncated" in (
        response.content.decode()
    )
    assert stored_files(media_root) == before
    assert Photo.objects.get().image.name == photo.image.name


@pytest.mark.django_db
def test_make_renditions_does_the_photos_that_need_it(media_root):
    old = factories.photo(1)  # made without the upload path: no renditions
    done = photo_from_file(files.fixture("xmp.png"))
    broken = factories.photo(2)
    broken.image.storage.delete(broken.image.name)

    out = io.StringIO()
    call_command("make_renditions", "--dry-run", stdout=out)
    assert "would make renditions" in out.getvalue()
    old.refresh_from_db()
    assert old.renditions == {}

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 photos could not be done"):
        call_command("make_renditions", stdout=out)
    report = out.getvalue()
    assert f"{old.image.name}: made" in report
    assert f"{broken.image.name}: The file of photo" in report
    assert "Made renditions for 1 photos; 1 were up to date." in report
    old.refresh_from_db()
    assert old.renditions["sizes"]["full"] == [[80, 60]]
    done_before = done.renditions
    done.refresh_from_db()
    assert done.renditions == done_before  # up to date: left alone


@pytest.mark.django_db
def test_the_remake_action_reports_each_photo(editor_client):
    good = photo_from_file(files.fixture("xmp.png"))
    broken = factories.photo(2)
    broken.image.storage.delete(broken.image.name)
    response = editor_client.post(
        reverse("admin:articles_photo_changelist"),
        {"action": "remake_renditions", "_selected_action": [good.pk, broken.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Remade the renditions of 1 photos." in page
    assert "Not remade — “Caption 2”: The file of photo" in page


@pytest.mark.django_db
def test_refreshing_a_photo_whose_file_is_gone_is_a_clear_error():
    photo = factories.photo(3)
    photo.image.storage.delete(photo.image.name)
    with pytest.raises(ValidationError, match="missing from storage"):
        photo_refresh_renditions(photo=photo)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cmyk.jpg", lambda im: files.encode(im.convert("CMYK"), "JPEG")),
        (
            "grey16.png",
            lambda im: files.encode(
                im.convert("L").convert("I").point(lambda v: v * 256).convert("I;16"),
                "PNG",
            ),
        ),
        ("palette.png", lambda im: files.encode(im.convert("P"), "PNG")),
    ],
    ids=["cmyk-jpeg", "16-bit-png", "palette-png"],
)
def test_other_colour_modes_render_with_their_tones(name, make):
    im = Image.new("RGB", (400, 300), (128, 128, 128))
    photo = photo_from_file(files.upload(name, make(im)))
    r, g, b = stored_image(photo, None, 320).convert("RGB").getpixel((200, 150))
    assert all(100 < channel < 160 for channel in (r, g, b)), (r, g, b)


@pytest.mark.django_db
def test_a_cameras_multi_picture_jpeg_keeps_its_main_picture(media_root):
    main = files.picture((400, 300))
    content = files.encode(
        main, "MPO", save_all=True, append_images=[Image.new("RGB", (400, 300))]
    )
    photo = photo_from_file(files.upload("camera.jpg", content))
    assert "after the end of the picture were removed" in photo.upload_notes
    assert (photo.width, photo.height) == (400, 300)
    assert subject_visible(stored_image(photo, None, 320))
