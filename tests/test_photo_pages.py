"""What readers see of photos: responsive renditions, credits, photographers."""

import re

import pytest
from django.urls import reverse

from articles.models import Article, ArticlePhoto, Person
from articles.photos import photo_from_file, rendition

from . import factories
from . import photo_files as files
from .conftest import stored_files


@pytest.fixture(autouse=True)
def widths(settings):
    settings.NEWSROOM_PHOTO_WIDTHS = [160, 320, 640]


def uploaded(n: int, **fields):
    content = files.encode(files.picture((800, 450)), "JPEG", quality=70)
    fields.setdefault("credit", f"Photographer {n}/TASS")
    fields.setdefault("caption", f"Caption {n}")
    return photo_from_file(files.upload(f"photo-{n}.jpg", content), **fields)


def story_with_photos(count: int, **fields) -> Article:
    story = factories.article(1, **fields)
    for n in range(count):
        ArticlePhoto.objects.create(article=story, photo=uploaded(n), position=n)
    return story


@pytest.mark.django_db
def test_the_story_page_serves_webp_and_jpeg_renditions_sized_and_lazy(client):
    story = story_with_photos(3)
    html = client.get(story.get_absolute_url()).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 3
    lead, *gallery = pictures
    photo = story.placements[0].photo
    webp = ", ".join(
        f"{rendition(photo, None, w, 'webp').url} {w}w" for w in (160, 320, 640)
    )
    assert f'<source type="image/webp" srcset="{webp}"' in lead
    jpeg = rendition(photo, None, 640)
    assert f'<img src="{jpeg.url}" srcset="' in lead
    assert 'width="640" height="360"' in lead
    assert 'alt="Caption 0"' in lead
    # The lead photo is above the fold: loaded at once, first.
    assert 'loading="lazy"' not in lead and 'fetchpriority="high"' in lead
    assert all('loading="lazy"' in figure for figure in gallery)
    # Readers never get the uploaded original.
    assert photo.image.url not in html
    assert html.count('class="credit"') == 3
    assert "© Photographer 2/TASS" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_rendered_photos_cost_no_queries_and_no_storage_writes(
    client, django_assert_num_queries, media_root, count
):
    story = story_with_photos(count)
    before = {p: p.stat().st_mtime_ns for p in stored_files(media_root)}
    # Story, photos, people+tags (no related stories without tags or people), and
    # the furniture (nav, banner) once per content change; the home page then
    # finds it in the cache.
    with django_assert_num_queries(4):
        html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("<picture>") == count
    with django_assert_num_queries(3):
        home = client.get(reverse("articles:home")).content.decode()
    assert home.count("<picture>") == 1
    # Pages only point at renditions; nothing was made or touched on request.
    assert {p: p.stat().st_mtime_ns for p in stored_files(media_root)} == before


@pytest.mark.django_db
def test_the_list_thumbnail_is_a_4_3_crop_with_the_credit(client):
    story_with_photos(1)
    photo = ArticlePhoto.objects.get().photo
    home = client.get(reverse("articles:home")).content.decode()
    crop = rendition(photo, "4:3", 640)
    assert f'<img src="{crop.url}"' in home
    assert 'width="600" height="450"' in home  # the whole 4:3 of an 800 × 450
    assert 'class="thumb"' in home
    assert '<span class="credit">Photo: © Photographer 0/TASS</span>' in home


@pytest.mark.django_db
def test_a_photographers_page_lists_their_published_photos(client):
    lee = Person.objects.create(name="Ann Lee")
    shown = story_with_photos(0, headline="Published story")
    ArticlePhoto.objects.create(
        article=shown,
        photo=uploaded(1, photographer=lee),
        caption_override="The caption this story gave it",
    )
    draft = factories.article(2, status=Article.Status.DRAFT, headline="Draft story")
    ArticlePhoto.objects.create(
        article=draft, photo=uploaded(2, photographer=lee, caption="Secret photo")
    )

    response = client.get(lee.get_absolute_url())
    assert response.status_code == 200  # a photographer without a story role
    html = response.content.decode()
    assert "Photos by Ann Lee" in html
    assert "The caption this story gave it" in html
    assert "© Photographer 1/TASS" in html
    assert f'href="{shown.get_absolute_url()}">Published story</a>' in html
    assert "Secret photo" not in html and "Draft story" not in html
    assert "No stories yet." not in html


@pytest.mark.django_db
def test_a_photographer_with_only_unpublished_photos_has_no_page(client):
    lee = Person.objects.create(name="Ann Lee")
    draft = factories.article(2, status=Article.Status.DRAFT)
    ArticlePhoto.objects.create(article=draft, photo=uploaded(2, photographer=lee))
    assert client.get(lee.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_the_person_page_query_count_does_not_grow_with_photos(
    client, django_assert_num_queries, count
):
    lee = Person.objects.create(name="Ann Lee")
    for n in range(count):
        story = factories.article(n)
        ArticlePhoto.objects.create(article=story, photo=uploaded(n, photographer=lee))
    # The person, their photos, the count of stories they appear in (none here,
    # so no story page is fetched), and the page's furniture (nav, banner).
    with django_assert_num_queries(4):
        html = client.get(lee.get_absolute_url()).content.decode()
    assert html.count('class="used-in"') == count


@pytest.mark.django_db
def test_a_photographers_page_without_stories_links_no_feed_that_answers_404(client):
    lee = Person.objects.create(name="Ann Lee", slug="ann-lee")
    story = story_with_photos(0, headline="Published story")
    ArticlePhoto.objects.create(article=story, photo=uploaded(1, photographer=lee))
    response = client.get(lee.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    feeds = re.findall(r'href="(/feeds/[^"]+)"', html)
    assert feeds  # the page still offers a feed (all news, in its <head>)
    for url in feeds:
        assert client.get(url).status_code == 200, url
    assert "/feeds/people/ann-lee." not in html
    assert "Follow:" not in html
