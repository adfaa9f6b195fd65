"""Media on S3-compatible object storage, against a real S3 API on loopback.

moto's server mode (the `test` extra) speaks the S3 protocol over HTTP; the storage is
configured exactly as the settings build it from DJANGO_S3_* variables.
"""

import json
import re
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from articles.models import Article, Photo
from newsroom.settings import media_storage_from_env
from newsroom.startup import storage_problems

from .conftest import SEED_CAPTION, SEED_CREDIT, SEED_PHOTO, jpeg_bytes
from .formdata import form_data, pressed
from .servers import PYTHON, free_port, get, production_env, run

REGION = "us-east-1"


def public_read_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadMedia",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/media/*",
                }
            ],
        }
    )


@pytest.fixture(scope="session")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_credentials(monkeypatch):
    # boto3 reads keys from the environment, as in production; moto accepts any.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "newsroom-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "newsroom-test-secret")


@pytest.fixture
def bucket(s3_endpoint, s3_credentials, settings):
    """A fresh bucket, made the media storage the way DJANGO_S3_* would."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=name)
    # Readers fetch photos anonymously: the bucket policy docs/deployment.md gives.
    client.put_bucket_policy(Bucket=name, Policy=public_read_policy(name))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_from_env(
            {
                "DJANGO_S3_BUCKET": name,
                "DJANGO_S3_ENDPOINT_URL": s3_endpoint,
                "DJANGO_S3_REGION": REGION,
            }
        ),
    }

    def keys() -> list[str]:
        listing = client.list_objects_v2(Bucket=name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    return name, keys


# Django's storage API, as the app uses it --------------------------------------


def test_save_open_size_and_delete(bucket):
    _, keys = bucket
    stored = default_storage.save("photos/2026/11/a.jpg", ContentFile(b"\xff\xd8jpeg"))
    assert stored == "photos/2026/11/a.jpg"
    assert keys() == ["media/photos/2026/11/a.jpg"]
    assert default_storage.exists(stored)
    assert default_storage.size(stored) == 6
    with default_storage.open(stored) as handle:
        assert handle.read() == b"\xff\xd8jpeg"
    assert default_storage.get_modified_time(stored).tzinfo is not None
    default_storage.delete(stored)
    assert not default_storage.exists(stored)
    assert keys() == []


def test_a_second_file_of_the_same_name_never_replaces_the_first(bucket):
    first = default_storage.save("photos/p.jpg", ContentFile(b"first"))
    second = default_storage.save("photos/p.jpg", ContentFile(b"second"))
    assert first != second
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"


def test_listdir_shows_folders_and_files(bucket):
    default_storage.save("photos/2026/one.jpg", ContentFile(b"1"))
    default_storage.save("photos/two.jpg", ContentFile(b"2"))
    assert default_storage.listdir("photos") == (["2026"], ["two.jpg"])


def test_urls_are_plain_public_and_fetchable(bucket, s3_endpoint):
    name, _ = bucket
    stored = default_storage.save("photos/u.jpg", ContentFile(jpeg_bytes((8, 8))))
    url = default_storage.url(stored)
    assert url == f"{s3_endpoint}/{name}/media/photos/u.jpg"  # no signature to expire
    status, headers, body = get(url)
    assert status == 200
    assert body == jpeg_bytes((8, 8))
    assert headers["Cache-Control"] == "public, max-age=31536000"


# The editor's flow with media in the bucket -------------------------------------


@pytest.mark.django_db
def test_an_uploaded_photo_lands_in_the_bucket_and_the_page_shows_it(
    editor_client, seed, bucket, s3_endpoint, client
):
    name, keys = bucket
    url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    prefix = "photo_placements-0-"
    data[prefix + "upload"] = SimpleUploadedFile(
        SEED_PHOTO.name, SEED_PHOTO.read_bytes(), "image/jpeg"
    )
    data[prefix + "caption"] = SEED_CAPTION
    data[prefix + "credit"] = SEED_CREDIT
    data[prefix + "alt_text"] = "Sergey Lavrov and Taro Kono in Tokyo"
    data["_publish"] = "Save and publish"
    data["old_copy"] = "dateline"  # the seed is 2018 copy: dated on its day
    response = editor_client.post(pressed(url, "_publish"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    photo = Photo.objects.get()
    assert (photo.width, photo.height) != (None, None)
    stored = keys()
    assert f"media/{photo.image.name}" in stored
    # Its renditions are made once, into the same bucket.
    renditions = [k for k in stored if k.startswith(f"media/renditions/{photo.guid}/")]
    assert len(renditions) == len(stored) - 1 > 0

    seed.refresh_from_db()
    assert seed.status == Article.Status.PUBLISHED
    page = client.get(seed.get_absolute_url())
    src = re.search(r'<img src="([^"]+)"', page.content.decode()).group(1)
    assert src.startswith(f"{s3_endpoint}/{name}/media/renditions/{photo.guid}/")
    status, _, body = get(src)
    assert status == 200
    assert body[:3] == b"\xff\xd8\xff"  # a JPEG rendition, served by the bucket


@pytest.mark.django_db
def test_the_page_policy_allows_pictures_from_the_bucket_only(
    s3_endpoint, s3_credentials
):
    from newsroom.settings import media_origin

    storage = media_storage_from_env(
        {"DJANGO_S3_BUCKET": "b", "DJANGO_S3_ENDPOINT_URL": s3_endpoint}
    )
    assert media_origin(storage, "/media/") == s3_endpoint


# Bad settings stop start-up -------------------------------------------------------


def test_a_missing_bucket_is_reported_by_name(s3_endpoint, s3_credentials, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_from_env(
            {
                "DJANGO_S3_BUCKET": "no-such-bucket",
                "DJANGO_S3_ENDPOINT_URL": s3_endpoint,
                "DJANGO_S3_REGION": REGION,
            }
        ),
    }
    (problem,) = storage_problems()
    assert problem.startswith(
        f"DJANGO_S3_BUCKET: cannot reach bucket 'no-such-bucket' at {s3_endpoint}"
    )


def test_a_server_with_a_missing_bucket_refuses_to_start(tmp_path, s3_endpoint):
    env = production_env(
        tmp_path,
        DJANGO_S3_BUCKET="no-such-bucket",
        DJANGO_S3_ENDPOINT_URL=s3_endpoint,
        DJANGO_S3_REGION=REGION,
        AWS_ACCESS_KEY_ID="newsroom-test",
        AWS_SECRET_ACCESS_KEY="newsroom-test-secret",
    )
    result = run([PYTHON, "-c", "import newsroom.wsgi"], env=env)
    assert result.returncode == 4
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("newsroom: cannot start: DJANGO_S3_BUCKET: cannot reach")
