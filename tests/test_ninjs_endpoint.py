"""Partners read published stories as IPTC ninjs 3.1 at /api/ninjs/<id>.json."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, ArticlePhoto
from articles.photos import photo_from_file

from . import factories
from .conftest import make_user
from .photo_files import camera_exif, jpeg_with_camera_exif, upload
from .test_wire_formats import assert_valid_ninjs_31


@pytest.mark.django_db
def test_a_published_story_is_valid_ninjs_at_its_permanent_address(
    client, django_assert_max_num_queries
):
    story = factories.furnish(factories.article(1, headline="Kono meets Lavrov"), 2)
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'href="{story.get_ninjs_url()}"' in page  # announced on the page
    with django_assert_max_num_queries(4):
        response = client.get(story.get_ninjs_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "ETag" in response and "Cache-Control" in response
    document = response.json()
    assert_valid_ninjs_31(document)
    assert document["pubStatus"] == "usable"
    assert document["headlines"][0]["value"] == "Kono meets Lavrov"
    assert len(document["associations"]) == 2
    # The address survives a new headline and slug.
    story.slug = "a-new-address"
    story.save()
    assert client.get(story.get_ninjs_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.SUBMITTED, "published_at": None},
        {"status": Article.Status.PUBLISHED, "published_at": "future"},
        {"status": Article.Status.PUBLISHED, "embargo_until": "future"},
    ],
    ids=["draft", "submitted", "scheduled", "embargoed"],
)
def test_an_unpublished_story_has_no_ninjs(client, state):
    future = timezone.now() + timedelta(hours=1)
    fields = {k: future if v == "future" else v for k, v in state.items()}
    story = factories.article(1, headline="Not yet", **fields)
    response = client.get(story.get_ninjs_url())
    assert response.status_code == 404
    assert b"Not yet" not in response.content


@pytest.mark.django_db
def test_a_killed_story_answers_410_without_its_content(client):
    story = factories.article(1, headline="Withdrawn copy", body="Secret text.")
    services.article_kill(article=story, user=make_user("desk", "Editors"))
    response = client.get(story.get_ninjs_url())
    assert response.status_code == 410
    assert b"Withdrawn copy" not in response.content
    assert b"Secret text" not in response.content


@pytest.mark.django_db
def test_partners_get_renditions_without_the_cameras_gps_or_serial(client, media_root):
    story = factories.article(1, headline="Pictured")
    sent = jpeg_with_camera_exif((1600, 900))
    assert camera_exif(sent)["gps"]  # the upload had them: the test can fail
    photo = photo_from_file(upload("camera.jpg", sent))
    # The stored original lost them on upload too (tests/test_photo_privacy.py).
    assert not camera_exif((media_root / photo.image.name).read_bytes())["gps"]
    ArticlePhoto.objects.create(article=story, photo=photo)
    document = client.get(story.get_ninjs_url()).json()
    assert_valid_ninjs_31(document)
    [picture] = document["associations"]
    sizes = {r["name"]: (r["width"], r["height"]) for r in picture["renditions"]}
    assert sizes == {
        "main": (1600, 900),
        "16x9": (1200, 675),
        "4x3": (1200, 900),
        "1x1": (900, 900),
    }
    assert photo.image.name not in str(document)
    for item in picture["renditions"]:
        name = item["href"].removeprefix("http://testserver/media/")
        assert name.startswith(f"renditions/{photo.guid}/"), item["href"]
        stored = (media_root / name).read_bytes()
        assert camera_exif(stored) == {"gps": {}, "serial": None}, name


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["unknown", "draft"])
def test_a_missing_story_answers_a_json_404_like_the_410(client, which):
    if which == "draft":
        url = factories.article(1, status=Article.Status.DRAFT).get_ninjs_url()
    else:
        url = "/api/ninjs/00000000-0000-0000-0000-000000000000.json"
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"error"}


@pytest.mark.django_db
def test_ninjs_version_changes_with_each_edit_and_correction(client):
    desk = make_user("desk", "Editors")
    story = factories.article(1, headline="First copy", wire_version=3)
    seen = [client.get(story.get_ninjs_url()).json()["version"]]
    story.headline = "Second copy"
    services.article_save(article=story, user=desk)
    seen.append(client.get(story.get_ninjs_url()).json()["version"])
    services.article_correct(article=story, user=desk, note="A name was misspelt.")
    document = client.get(story.get_ninjs_url()).json()
    seen.append(document["version"])
    assert_valid_ninjs_31(document)
    assert document["headlines"][0]["value"] == "Second copy"
    # The agency's 3 as it came in, then one more with each save.
    assert [int(v) for v in seen] == [3, 4, 5]


@pytest.mark.django_db
def test_a_scheduled_storys_version_is_not_older_than_its_publication(client):
    # Saved (updated_at) an hour before its scheduled time, which has now come.
    story = factories.article(1, published_at=timezone.now() - timedelta(minutes=5))
    Article.objects.filter(pk=story.pk).update(
        updated_at=story.published_at - timedelta(hours=1)
    )
    document = client.get(story.get_ninjs_url()).json()
    assert_valid_ninjs_31(document)
    assert document["firstCreated"] == story.published_at.isoformat(timespec="seconds")
    assert document["versionCreated"] >= document["firstCreated"]
