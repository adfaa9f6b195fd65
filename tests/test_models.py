"""Model rules editors rely on: slugs, datelines, credits, protection of used rows."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError

from articles.models import Article, ArticlePerson, ArticlePhoto, Person, format_credit

from . import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Japan’s missile defense: no threat", "japans-missile-defense-no-threat"),
        ("Лавров провёл переговоры", "lavrov-provel-peregovory"),
        ("日本のミサイル防衛", "ri-ben-nomisairu-fang-wei"),
        ("!!! ???", "story"),
        ("zero\u200bwidth \u202ebidi", "zerowidth-bidi"),
    ],
)
def test_slugs_are_made_from_headlines_and_never_empty(headline, slug):
    assert factories.article(1, headline=headline).slug == slug


@pytest.mark.django_db
def test_slug_collisions_get_a_number():
    first, second = (
        factories.article(1, headline="Same"),
        factories.article(2, headline="Same"),
    )
    assert (first.slug, second.slug) == ("same", "same-2")


def test_credit_house_rule():
    assert format_credit("Alexander Shcherbak/TASS") == "© Alexander Shcherbak/TASS"
    assert format_credit("© Alexander Shcherbak/TASS") == "© Alexander Shcherbak/TASS"
    assert format_credit("  ") == ""


@pytest.mark.django_db
def test_dateline_is_built_from_place_date_and_agency():
    story = factories.article(
        1, dateline_place="Baikonur", dateline_date=factories.NOW.date()
    )
    assert story.dateline == "BAIKONUR, November 29. /TASS/."
    story.agency = None
    assert story.dateline == "BAIKONUR, November 29."


@pytest.mark.django_db
def test_a_person_or_photo_in_a_story_cannot_be_deleted_and_the_story_survives():
    story = factories.furnish(factories.article(1), 1)
    person, photo = Person.objects.get(), story.photos.get()
    with pytest.raises(ProtectedError):
        person.delete()
    with pytest.raises(ProtectedError):
        photo.delete()
    person.name = "Renamed"
    person.save()
    assert Article.objects.get().people.get().name == "Renamed"
    assert ArticlePerson.objects.count() == ArticlePhoto.objects.count() == 1


@pytest.mark.django_db
def test_deleting_a_story_keeps_its_people_and_photos_in_the_library():
    story = factories.furnish(factories.article(1), 2)
    story.delete()
    assert Person.objects.count() == 2
    assert factories.Photo.objects.count() == 2


@pytest.mark.django_db
def test_is_published_mirrors_the_queryset_rule(time_machine):
    time_machine.move_to(factories.NOW, tick=False)
    tomorrow = factories.NOW + timedelta(days=1)
    stories = [
        factories.article(1),
        factories.article(2, status=Article.Status.DRAFT),
        factories.article(3, published_at=tomorrow),
        factories.article(4, embargo_until=tomorrow),
    ]
    visible = set(Article.objects.published())
    assert {s for s in stories if s.is_published()} == visible == {stories[0]}


@pytest.mark.django_db
def test_a_photos_original_is_stored_under_its_random_id():
    # An embargoed story's picture is public media: its address must not be guessable.
    first, second = factories.photo(1), factories.photo(1)
    assert first.guid.hex in first.image.name
    assert first.image.name.rsplit("/", 1)[-1] == "photo-1.jpg"
    assert first.image.name != second.image.name
