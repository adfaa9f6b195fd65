"""Entry point: the people and agency forms in the admin."""

import unicodedata

import pytest
from django.urls import reverse

from articles.models import Agency, Person

from ..formdata import form_data
from . import payloads as p
from .checks import field_errors, nothing_written

PERSON_ADD = reverse("admin:articles_person_add")
AGENCY_ADD = reverse("admin:articles_agency_add")


def person_form(client, **fields) -> dict:
    data = form_data(client.get(PERSON_ADD).content.decode(), "person_form")
    data.update({"name": "Taro Kono", "description": "Japanese Foreign Minister"})
    data.update(fields)
    return data


def agency_form(client, **fields) -> dict:
    data = form_data(client.get(AGENCY_ADD).content.decode(), "agency_form")
    data.update({"name": "TASS", "short_name": "TASS", "slug": "tass"})
    data.update(fields)
    return data


PERSON_REFUSED = [
    ("empty-name", {"name": ""}, "name", "This field is required."),
    (
        "overlong-name",
        {"name": "n" * 201},
        "name",
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    ("nul-in-name", {"name": f"Taro{p.NUL}Kono"}, "name", p.NUL_MESSAGE),
    (
        "nul-in-description",
        {"description": f"Minister{p.NUL}"},
        "description",
        p.NUL_MESSAGE,
    ),
    (
        "markup-slug",
        {"slug": "<b>kono</b>"},
        "slug",
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, "
        "or hyphens.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [case[1:] for case in PERSON_REFUSED],
    ids=[case[0] for case in PERSON_REFUSED],
)
def test_a_bad_person_is_refused_under_its_field(
    chief_client, media_root, fields, field, message
):
    data = person_form(chief_client, **fields)
    with nothing_written(media_root):
        response = chief_client.post(PERSON_ADD, data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]


# Any script gives a readable Latin address (never a percent-encoded one).
PEOPLE = [
    ("cyrillic", "Сергей Лавров", "sergey-lavrov"),
    ("japanese", "河野太郎", "he-ye-tai-lang"),
    ("arabic-rtl", "سيرغي لافروف", "syrghy-lfrwf"),
    ("combining-accent", "Jose\u0301 Gonza\u0301lez", "jose-gonzalez"),
    ("emoji-only", "🕊️", "person"),
    ("zero-width", "Taro\u200b Kono\u200d", "taro-kono"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "slug"), [case[1:] for case in PEOPLE], ids=[case[0] for case in PEOPLE]
)
def test_any_name_is_kept_composed_and_gets_a_page_address(chief_client, name, slug):
    response = chief_client.post(PERSON_ADD, person_form(chief_client, name=name))
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.name, person.slug) == (unicodedata.normalize("NFC", name), slug)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "char", [case[1] for case in p.INVISIBLE], ids=[case[0] for case in p.INVISIBLE]
)
def test_invisible_characters_are_dropped_from_a_typed_person_slug(chief_client, char):
    response = chief_client.post(
        PERSON_ADD, person_form(chief_client, slug=f"taro{char}-kono{char}")
    )
    assert response.status_code == 302
    assert Person.objects.get().slug == "taro-kono"


AGENCY_REFUSED = [
    ("javascript-url", {"url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
    (
        "data-url",
        {"url": "data:text/html,<script>alert(1)</script>"},
        "url",
        "Enter a valid URL.",
    ),
    ("nul-in-short-name", {"short_name": f"TA{p.NUL}SS"}, "short_name", p.NUL_MESSAGE),
    (
        "overlong-short-name",
        {"short_name": "T" * 41},
        "short_name",
        "Ensure this value has at most 40 characters (it has 41).",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [case[1:] for case in AGENCY_REFUSED],
    ids=[case[0] for case in AGENCY_REFUSED],
)
def test_a_bad_agency_is_refused_under_its_field(
    chief_client, media_root, fields, field, message
):
    data = agency_form(chief_client, **fields)
    with nothing_written(media_root):
        response = chief_client.post(AGENCY_ADD, data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert not Agency.objects.exists()
