"""Every public surface reads through the one published rule.

One published story and one story in each hidden state share everything a public
surface could find them by: tag, person, agency, place, day, a search word. Each
surface must show the published one and none of the others.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import (
    Arrangement,
    ArrangementSlot,
    Article,
    ArticlePerson,
    Banner,
    Person,
)

from . import factories
from .public_urls import SURFACES

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "submitted": {"status": Article.Status.SUBMITTED, "published_at": None},
    "scheduled": {"published_at": timedelta(hours=1)},
    "embargoed": {"embargo_until": timedelta(hours=1)},
    "killed": {"status": Article.Status.KILLED},
}


@pytest.fixture
def stories(db):
    now = timezone.now()
    person = Person.objects.create(name="Shared Person", slug="shared-person")
    made = {}
    for n, name in enumerate(["published", *HIDDEN_STATES]):
        fields = {"published_at": now - timedelta(hours=1, minutes=n)}
        for key, value in HIDDEN_STATES.get(name, {}).items():
            fields[key] = now + value if isinstance(value, timedelta) else value
        story = factories.article(
            n,
            headline=f"{name.capitalize()} zebrafish story",
            slug=f"{name}-zebrafish",
            dateline_place="Moscow",
            **fields,
        )
        story.tags.add("shared")
        ArticlePerson.objects.create(article=story, person=person)
        made[name] = story
    # The editors put every hidden story in a banner and on top of the home and
    # section pages: readers still see none of them.
    for section in (None, made["published"].section):
        arrangement = Arrangement.objects.create(
            section=section, goes_live_at=now - timedelta(minutes=30)
        )
        for position, name in enumerate(HIDDEN_STATES):
            ArrangementSlot.objects.create(
                arrangement=arrangement, article=made[name], position=position
            )
    for minutes, name in enumerate(HIDDEN_STATES):
        Banner.objects.create(
            text=f"Breaking line {name}",
            article=made[name],
            starts_at=now - timedelta(minutes=minutes + 1),
            expires_at=now + timedelta(hours=1),
        )
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=str)
def test_hidden_stories_are_on_no_public_surface(client, stories, surface):
    published = stories["published"]
    url = surface.url(
        story=published, tag="shared", person="shared-person", word="zebrafish"
    )
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    if surface.names_story:
        assert published.slug in content, url
    assert "Breaking line" not in content, url
    for name in HIDDEN_STATES:
        assert stories[name].headline not in content, (url, name)
        assert stories[name].slug not in content, (url, name)


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(HIDDEN_STATES))
def test_a_hidden_storys_own_page_is_not_served(client, stories, state):
    for url in (stories[state].get_absolute_url(), stories[state].get_ninjs_url()):
        response = client.get(url)
        assert response.status_code in (404, 410), url
        assert stories[state].body not in response.content.decode(), url


@pytest.mark.django_db
def test_a_year_with_only_hidden_stories_has_no_archive(client):
    factories.article(
        1, status=Article.Status.KILLED, published_at=factories.NOW.replace(year=2019)
    )
    factories.article(2)
    assert client.get("/archive/2019/").status_code == 404
    assert "/archive/2019/" not in client.get("/archive/").content.decode()
