"""The body editor's searches (issue 21): a library photo to place in the body, a
story of ours to link to. Both are staff-only JSON the editor's dialogs read."""

import pytest
from django.test import Client

from articles.models import Person

from . import factories
from .conftest import make_user

PHOTOS = "/admin/articles/article/body-photos/"
STORIES = "/admin/articles/article/story-links/"


@pytest.fixture
def library(db):
    """Three library photos: found by caption, by credit, by photographer."""
    maria = Person.objects.create(name="Maria Orlova", description="Photographer")
    return {
        "quay": factories.photo(
            1, caption="Cranes on the quay at dawn", credit="Ann Lee/TASS"
        ),
        "barges": factories.photo(
            2, caption="Barges wait outside the port", credit="Port Authority"
        ),
        "council": factories.photo(
            3, caption="The council meets", credit="TASS", photographer=maria
        ),
    }


def found(client, words) -> list[int]:
    response = client.get(PHOTOS, {"q": words})
    assert response.status_code == 200
    return [photo["id"] for photo in response.json()["results"]]


def test_the_photo_search_finds_by_caption_credit_and_photographer(
    editor_client, library
):
    quay, barges, council = library["quay"], library["barges"], library["council"]
    assert found(editor_client, "quay dawn") == [quay.pk]
    assert found(editor_client, "port authority") == [barges.pk]
    assert found(editor_client, "orlova") == [council.pk]
    # Every word must match, in any of the three: "tass" is two credits.
    assert sorted(found(editor_client, "tass")) == sorted([quay.pk, council.pk])
    assert found(editor_client, "tass council") == [council.pk]
    assert found(editor_client, str(barges.pk)) == [barges.pk]
    assert found(editor_client, "x") == []  # too short to search
    assert found(editor_client, "nothing like it") == []


def test_a_found_photo_carries_what_the_editor_shows_and_no_copy(
    editor_client, library
):
    quay = library["quay"]
    result = editor_client.get(PHOTOS, {"q": "cranes"}).json()["results"][0]
    assert result == {
        "id": quay.pk,
        "caption": "Cranes on the quay at dawn",
        "credit": "Ann Lee/TASS",
        "photographer": "",
        "line": "Cranes on the quay at dawn © Ann Lee/TASS",
        "src": quay.image.url,  # the library's own file: nothing copied
        "alt": "Alt 1",
    }


def test_the_photo_search_is_for_staff_who_may_view_photos(db, library):
    anonymous = Client().get(PHOTOS, {"q": "quay"}, follow=True)
    assert anonymous.redirect_chain[0][0].startswith("/admin/login/")
    assert 'name="password"' in anonymous.content.decode()  # the login page
    assert "Cranes" not in anonymous.content.decode()

    client = Client()
    client.force_login(make_user("nobody", None))  # staff, no photo permission
    refused = client.get(PHOTOS, {"q": "quay"})
    assert refused.status_code == 403
    assert b"Cranes" not in refused.content


def test_the_photo_search_costs_the_same_for_ten_photos(
    editor_client, library, django_assert_max_num_queries, django_assert_num_queries
):
    # The session (none with sessions in the cache), the user, two for their
    # permissions, one for the photos with their photographers; the thumbnails'
    # addresses come from the rows.
    with django_assert_max_num_queries(5) as one:
        assert found(editor_client, "orlova") == [library["council"].pk]
    for n in range(10, 20):
        factories.photo(
            n, caption=f"Harbour view {n}", photographer=library["council"].photographer
        )
    with django_assert_num_queries(len(one)):
        assert len(found(editor_client, "harbour")) == 10


def test_the_story_search_refuses_anonymous_readers(db):
    factories.article(2, headline="Harbour reopens after the storm")
    response = Client().get(STORIES, {"q": "harbour"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_body_editor_says_where_its_dialogs_search(editor_client, db):
    story = factories.article(1)
    page = editor_client.get(f"/admin/articles/article/{story.pk}/change/")
    html = page.content.decode()
    assert f'data-story-search="{STORIES}"' in html
    assert f'data-photo-search="{PHOTOS}"' in html
    assert "articles/admin/body_editor.js" in html
    assert 'id="id_body-help"' in html
