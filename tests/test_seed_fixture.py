"""`manage.py loaddata seed_story` and what it refuses."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Agency, Article, ArticlePerson, Person, TaggedArticle

# The agency's page the fixture was made from (tests/data/wire/README.md).
SEED_TEXT = Path(__file__).parent / "data" / "wire" / "agency" / "seed-tass-japan.txt"


def counts():
    return [
        m.objects.count()
        for m in (Agency, Person, Article, ArticlePerson, TaggedArticle)
    ]


@pytest.mark.django_db
def test_seed_loads_as_a_draft_as_the_agency_sent_it(seed):
    assert seed.status == Article.Status.DRAFT
    assert (
        seed.headline
        == "Japan’s missile defense poses no threat to Russia, top diplomat says"
    )
    assert seed.dek.startswith("Japan's missile defense planis aimed")
    assert seed.dateline == "TOKYO, March 21. /TASS/."
    assert seed.dateline_date.isoformat() == "2018-03-21"
    assert seed.dateline_date.strftime("%A") == "Wednesday"
    assert len(seed.paragraphs) == 6
    assert set(seed.tags.names()) == {
        "missile defense",
        "Japan",
        "Russia",
        "Aegis Ashore",
        "INF Treaty",
    }
    roles = {
        (p.person.name, p.role) for p in seed.person_roles.select_related("person")
    }
    assert roles == {
        ("Taro Kono", "subject"),
        ("Taro Kono", "quoted"),
        ("Sergey Lavrov", "quoted"),
        ("Maria Zakharova", "quoted"),
    }
    assert Person.objects.filter(name="Alexander Shcherbak").exists()
    assert not seed.photo_placements.exists()


@pytest.mark.django_db
def test_seed_text_is_verbatim(seed):
    source = SEED_TEXT.read_text(encoding="utf-8")
    assert seed.headline in source
    assert seed.dek in source
    for paragraph in seed.paragraphs:
        assert paragraph in source


@pytest.mark.django_db
def test_loading_the_seed_twice_duplicates_nothing(seed):
    before = counts()
    call_command("loaddata", "seed_story", verbosity=0)
    assert counts() == before == [1, 4, 1, 4, 5]


def write_fixture(tmp_path, objects) -> str:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(objects) if not isinstance(objects, str) else objects)
    return str(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("objects", "message"),
    [
        ('[{"model": "articles.agency", "fields": {', "Problem installing fixture"),
        ([{"model": "articles.nosuch", "fields": {}}], "Invalid model identifier"),
        (
            [
                {
                    "model": "articles.article",
                    "pk": 5,
                    "fields": {
                        "headline": "x" * 400,
                        "created_at": "2020-01-01T00:00:00Z",
                        "updated_at": "2020-01-01T00:00:00Z",
                    },
                }
            ],
            "Invalid articles.Article (pk=5): headline: Ensure this value has at most",
        ),
        (
            [
                {
                    "model": "articles.agency",
                    "pk": 7,
                    "fields": {"name": "X", "short_name": "X", "slug": ""},
                }
            ],
            "Invalid articles.Agency (pk=7): slug: This field cannot be blank.",
        ),
        (
            [
                {
                    "model": "articles.article",
                    "pk": 5,
                    "fields": {
                        "headline": "ok",
                        "dateline_date": "2018-02-30",
                        "created_at": "2020-01-01T00:00:00Z",
                        "updated_at": "2020-01-01T00:00:00Z",
                    },
                }
            ],
            "2018-02-30",
        ),
    ],
    ids=[
        "truncated-json",
        "unknown-model",
        "overlong-headline",
        "empty-slug",
        "bad-date",
    ],
)
def test_a_broken_fixture_is_refused_with_a_message_and_loads_nothing(
    tmp_path, seed, objects, message
):
    before = counts()
    good = {
        "model": "articles.person",
        "pk": 900,
        "fields": {"name": "Good Row", "slug": "good-row"},
    }
    if not isinstance(objects, str):
        objects = [good, *objects]  # a valid row before the bad one is rolled back too
    with pytest.raises(CommandError) as error:
        call_command("loaddata", write_fixture(tmp_path, objects), verbosity=0)
    assert message in str(error.value)
    assert counts() == before
    assert not Person.objects.filter(slug="good-row").exists()
