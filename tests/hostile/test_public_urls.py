"""Entry point: the public site's URLs and query strings, and media/preview paths.

Unknown or malformed addresses are a plain 404 (never a 500, never another story);
nothing a reader sends is echoed as markup; no path leaves the media folder.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from articles.models import Article

from .. import factories
from . import payloads as p
from .checks import nothing_written

PREFIXES = ["news", "tags", "people"]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "slug", [c[1] for c in p.UNKNOWN_SLUGS], ids=[c[0] for c in p.UNKNOWN_SLUGS]
)
def test_an_unknown_or_malformed_slug_is_a_404(client, media_root, prefix, slug):
    factories.article(1).tags.add("Japan")
    with nothing_written(media_root):
        response = client.get(f"/{prefix}/{slug}/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.SUBMITTED], ids=str
)
def test_the_exact_slug_of_an_unpublished_story_is_a_404(client, status):
    story = factories.article(1, status=status, slug="not-yet")
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_slug_differing_only_by_an_invisible_character_is_another_address(client):
    factories.article(1, slug="talks")
    assert client.get("/news/talks/").status_code == 200
    assert client.get("/news/tal%E2%80%8Bks/").status_code == 404


# id, page value, status on a list with three pages.
PAGES = [
    *[(case_id, value, 404) for case_id, value in p.BAD_PAGES],
    ("nul", "%00", 400),  # articles.middleware: refused before any view
    ("empty", "", 200),
    ("last-is-a-word-django-knows", "last", 200),
]


@pytest.fixture
def three_pages(settings, db):
    settings.NEWSROOM_PAGE_SIZE = 2
    person = factories.Person.objects.create(name="Taro Kono")
    for n in range(6):
        story = factories.article(n)
        story.tags.add("Japan")
        story.person_roles.create(person=person, role="subject")
    return ["/", "/tags/japan/", f"/people/{person.slug}/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "status"), [c[1:] for c in PAGES], ids=[c[0] for c in PAGES]
)
def test_an_absurd_page_number_is_a_404_on_every_list(
    client, media_root, three_pages, page, status
):
    for url in three_pages:
        with nothing_written(media_root):
            response = client.get(f"{url}?page={page}")
        assert response.status_code == status, url


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/news/{slug}/", "/tags/japan/"])
def test_a_very_long_query_string_is_ignored_not_echoed(client, path):
    story = factories.article(1)
    story.tags.add("Japan")
    response = client.get(path.format(slug=story.slug) + "?" + p.LONG_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "x" * 1_000 not in page


# ----------------------------------------------------------------- preview


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tail",
    ["not-a-uuid/", "..%2F..%2Fadmin/", "../../admin/", "%00/", "00000000-0000-0000"],
)
def test_a_malformed_preview_address_is_a_404_even_for_staff(editor_client, tail):
    assert editor_client.get("/preview/" + tail).status_code == 404


@pytest.mark.django_db
def test_an_unknown_preview_id_is_a_404_and_a_reader_is_sent_to_log_in(editor_client):
    url = reverse("articles:preview", args=["6f1c2d5e-4b1a-4e8f-9c3d-2a6b0e21f318"])
    assert editor_client.get(url).status_code == 404
    response = Client().get(url)  # a reader: not logged in
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# ------------------------------------------------------------------ media


# Django's file view answers 400 to a path that climbs out, 404 to one not found.
MEDIA_STATUS = {"dot-dot": 400, "encoded": 400}


@pytest.mark.urls("tests.hostile.media_urls")
@pytest.mark.parametrize(
    ("case", "path"), p.TRAVERSAL_PATHS, ids=[c[0] for c in p.TRAVERSAL_PATHS]
)
def test_media_paths_never_leave_the_media_folder(client, media_root, case, path):
    default_storage.save("photos/inside.jpg", ContentFile(b"inside"))
    assert client.get("/media/photos/inside.jpg").status_code == 200  # route works
    response = client.get("/media/" + path)
    assert response.status_code == MEDIA_STATUS.get(case, 404)
    assert b"SECRET_KEY" not in b"".join(getattr(response, "streaming_content", []))
