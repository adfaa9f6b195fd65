"""The whole desk flow on the seed story, through the admin, with the test client."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ArticlePhoto, Photo
from articles.photos import rendition

from .conftest import (
    SEED_CAPTION,
    SEED_CREDIT,
    SEED_PHOTO,
    make_user,
    sign_in,
    stored_files,
)
from .formdata import form_data, pressed


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response.content.decode(), "article_form")


def photo_row(data, index, **values):
    """Fill inline photo row ``index`` (the admin renders one empty row)."""
    prefix = f"photo_placements-{index}-"
    for key, value in values.items():
        data[prefix + key] = value
    return data


@pytest.mark.django_db
def test_seed_story_goes_from_fixture_to_published_page(client, seed, editor):
    public_url = seed.get_absolute_url()
    assert client.get(public_url).status_code == 404

    # The editor logs in with a password, as a person does.
    assert sign_in(client, "editor")
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert seed.headline in changelist.content.decode()

    data = open_form(client, seed)
    assert "planis" in data["dek"]
    data["dek"] = data["dek"].replace("planis", "plan is")
    data["tags"] = data["tags"] + ", Foreign policy"
    with SEED_PHOTO.open("rb") as image:
        photo_row(
            data,
            0,
            upload=SimpleUploadedFile(SEED_PHOTO.name, image.read(), "image/jpeg"),
            caption=SEED_CAPTION,
            credit=SEED_CREDIT,
            alt_text="Sergey Lavrov and Taro Kono at a news conference in Tokyo",
        )
    data["_publish"] = "Save and publish"
    # The seed is 2018 copy: the desk is asked how to date it, and dates it on its
    # dateline day.
    asked = client.post(pressed(change_url(seed), "_publish"), data)
    assert asked.status_code == 200
    assert "This copy's dateline is 21 March 2018, more than two days ago." in unescape(
        asked.content.decode()
    )
    assert Article.objects.get(pk=seed.pk).status == Article.Status.DRAFT
    data["old_copy"] = "dateline"
    with SEED_PHOTO.open("rb") as image:  # a refused form keeps no upload
        data["photo_placements-0-upload"] = SimpleUploadedFile(
            SEED_PHOTO.name, image.read(), "image/jpeg"
        )
    response = client.post(pressed(change_url(seed), "_publish"), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "was published" in page, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', page
    )
    assert "View on site" in page

    client.logout()
    article = client.get(public_url)
    assert article.status_code == 200
    html = article.content.decode()
    assert "missile defense plan is aimed" in html
    assert "planis" not in html
    assert "<figcaption>" in html
    assert SEED_CAPTION in html
    assert "© Alexander Shcherbak/TASS" in html
    assert "TOKYO, March 21. /TASS/." in html
    assert "21 March 2018" in html  # dated on its dateline day, as chosen
    assert Article.objects.get(pk=seed.pk).published_at.date().isoformat() == (
        "2018-03-21"
    )
    for tag in (
        "missile defense",
        "Japan",
        "Russia",
        "Aegis Ashore",
        "INF Treaty",
        "Foreign policy",
    ):
        assert f'rel="tag">{tag}</a>' in html
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1200, 800)
    # Readers get a resized copy with its size, never the uploaded original.
    shown = rendition(photo, width=800)
    assert shown.url != photo.image.url
    assert f'<img src="{shown.url}"' in html
    assert f'width="{shown.width}" height="{shown.height}"' in html

    home = client.get(reverse("articles:home")).content.decode()
    assert f'href="{public_url}"' in home


@pytest.mark.django_db
def test_editor_picks_a_library_photo_and_overrides_its_caption(
    editor_client, seed, jpeg_upload
):
    photo = Photo.objects.create(
        image=jpeg_upload(), caption="Library caption", credit="Jane Roe/TASS"
    )
    data = open_form(editor_client, seed)
    photo_row(data, 0, photo=str(photo.pk), caption="Caption for this story only")
    response = editor_client.post(change_url(seed), data)
    assert response.status_code == 302
    placement = seed.photo_placements.get()
    assert placement.photo == photo
    assert placement.caption == "Caption for this story only"
    photo.refresh_from_db()
    assert photo.caption == "Library caption"  # the library keeps its own caption
    assert Photo.objects.count() == 1


@pytest.mark.django_db
def test_a_form_without_headline_is_refused_and_changes_nothing(editor_client, seed):
    data = open_form(editor_client, seed)
    data["headline"] = ""
    data["dek"] = "Edited dek"
    response = editor_client.post(change_url(seed), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    seed.refresh_from_db()
    assert "planis" in seed.dek
    # The editor's typing is still in the form.
    assert "Edited dek" in response.content.decode()


@pytest.mark.django_db
def test_an_upload_that_is_not_an_image_gets_a_form_error(
    editor_client, seed, media_root
):
    data = open_form(editor_client, seed)
    photo_row(
        data,
        0,
        upload=SimpleUploadedFile(
            "photo.jpg", b"<html>not a picture</html>", "image/jpeg"
        ),
        caption="x",
        credit="y",
    )
    response = editor_client.post(change_url(seed), data)
    assert response.status_code == 200
    assert (
        "“photo.jpg” was not accepted: it is an HTML page, not a JPEG, PNG or WebP "
        "picture." in response.content.decode()
    )
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_publishing_a_photo_without_credit_is_refused_and_names_it(
    editor_client, seed, jpeg_upload
):
    data = open_form(editor_client, seed)
    photo_row(data, 0, upload=jpeg_upload(), caption="Uncredited picture", credit="")
    data["_publish"] = "Save and publish"
    data["old_copy"] = "now"
    response = editor_client.post(
        pressed(change_url(seed), "_publish"), data, follow=True
    )
    page = response.content.decode()
    assert "was not published" in page
    assert "Uncredited picture" in page and "has no credit" in page
    seed.refresh_from_db()
    assert seed.status == Article.Status.DRAFT


@pytest.mark.django_db
def test_a_reporter_sees_no_publish_button_and_cannot_force_one(client, seed, reporter):
    client.force_login(reporter)
    form = client.get(change_url(seed)).content.decode()
    assert 'name="_publish"' not in form
    data = form_data(form, "article_form")
    data["_publish"] = "Save and publish"
    response = client.post(pressed(change_url(seed), "_publish"), data, follow=True)
    assert "permission to publish" in response.content.decode()
    seed.refresh_from_db()
    assert seed.status == Article.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "allowed"), [("Reporters", False), ("Editors", True)]
)
def test_only_photo_editors_change_a_library_photos_credit_from_a_story(
    client, seed, jpeg_upload, group, allowed
):
    photo = Photo.objects.create(
        image=jpeg_upload(), caption="Library", credit="A/TASS"
    )
    ArticlePhoto.objects.create(article=seed, photo=photo)
    client.force_login(make_user("desk", group))
    data = open_form(client, seed)
    photo_row(data, 0, credit="Someone else/TASS")
    response = client.post(change_url(seed), data)
    photo.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert photo.credit == "Someone else/TASS"
    else:
        assert response.status_code == 200
        assert (
            "Only photo editors may change a library photo" in response.content.decode()
        )
        assert photo.credit == "A/TASS"
