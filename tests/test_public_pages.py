"""What a reader sees: the home page, story pages, tag and person pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from . import factories


@pytest.fixture
def published_seed(seed):
    seed.status = Article.Status.PUBLISHED
    seed.published_at = factories.NOW
    seed.save()
    return seed


@pytest.mark.django_db
def test_home_lists_published_stories_newest_first_and_paginates(
    client, settings, time_machine
):
    time_machine.move_to(factories.NOW + timedelta(days=1), tick=False)
    settings.NEWSROOM_PAGE_SIZE = 3
    stories = [factories.article(n) for n in range(5)]  # story 0 is the newest
    factories.article(99, status=Article.Status.DRAFT, headline="Secret draft")
    page1 = client.get(reverse("articles:home")).content.decode()
    positions = [page1.index(s.headline) for s in stories[:3]]
    assert positions == sorted(positions)
    assert stories[3].headline not in page1
    assert "Secret draft" not in page1
    assert "Page 1<" in page1
    assert 'rel="next" href="?page=2">Older stories' in page1
    assert "Newer stories" not in page1
    page2 = client.get(reverse("articles:home"), {"page": 2}).content.decode()
    assert stories[4].headline in page2


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_a_page_number_out_of_range_is_a_404_not_an_error(client, page):
    factories.article(1)
    assert client.get(reverse("articles:home"), {"page": page}).status_code == 404


@pytest.mark.django_db
def test_article_page_shows_headline_dek_dateline_body_people_and_tags(
    client, published_seed
):
    response = client.get(published_seed.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<h1>Japan’s missile defense poses no threat to Russia, top diplomat says</h1>"
        in html
    )
    assert "planis aimed at protecting" in html
    assert (
        '<span class="dateline">TOKYO, March 21. /TASS/.</span> Japan’s missile defense'
        in html
    )
    assert html.count("<p>") >= 6
    assert "Intermediate-Range Nuclear Forces Treaty (INF Treaty)." in html
    assert (
        '<a href="/people/taro-kono/">Taro Kono</a>, Japanese Foreign Minister' in html
    )
    assert "(subject, quoted)" in html
    assert '<a href="/tags/aegis-ashore/" rel="tag">Aegis Ashore</a>' in html


@pytest.mark.django_db
def test_tag_and_person_pages_list_the_published_story(client, published_seed):
    for url in ("/tags/aegis-ashore/", "/people/maria-zakharova/"):
        response = client.get(url)
        assert response.status_code == 200
        assert published_seed.headline in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.SUBMITTED, "published_at": None},
        {"status": Article.Status.KILLED, "published_at": factories.NOW},
        {
            "status": Article.Status.PUBLISHED,
            "published_at": factories.NOW + timedelta(hours=1),
        },
        {
            "status": Article.Status.PUBLISHED,
            "published_at": factories.NOW,
            "embargo_until": factories.NOW + timedelta(hours=1),
        },
    ],
    ids=["draft", "submitted", "killed", "scheduled", "embargoed"],
)
def test_an_unpublished_story_is_on_no_public_page(client, seed, state):
    Article.objects.filter(pk=seed.pk).update(**state)
    assert client.get(seed.get_absolute_url()).status_code == 404
    assert seed.headline not in client.get(reverse("articles:home")).content.decode()
    # Its tags and people have no public page of their own through it.
    assert client.get("/tags/aegis-ashore/").status_code == 404
    assert client.get("/people/taro-kono/").status_code == 404


@pytest.mark.django_db
def test_a_scheduled_story_appears_when_its_time_comes_without_any_job(client, seed):
    Article.objects.filter(pk=seed.pk).update(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(seconds=1),
    )
    assert client.get(seed.get_absolute_url()).status_code == 404
    assert (
        Article.objects.published(now=timezone.now() + timedelta(seconds=2)).get()
        == seed
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_article_page_query_count_does_not_grow_with_tags_people_and_photos(
    client, django_assert_num_queries, count
):
    story = factories.furnish(factories.article(1), count)
    # The page's own four, and the site's furniture (sections, banner), read once
    # per content change and then from the cache (articles/front.py).
    with django_assert_num_queries(5):
        response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="credit"') == count
    assert html.count('rel="tag"') == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_list_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    for n in range(count):
        factories.furnish(factories.article(n, headline=f"Listed {n}"), 2)
    factories.article(500).tags.add("common")
    for story in factories.Article.objects.all():
        story.tags.add("common")
    # The furniture (sections, banner), arrangements, page, lead photos: no count
    # (pages go "older" and "newer").
    with django_assert_num_queries(4):
        client.get(reverse("articles:home"))
    # The furniture now comes from the cache: tag, page, lead photos.
    with django_assert_num_queries(3):
        client.get("/tags/common/")


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_page(client):
    story = factories.article(
        1, headline='<script>alert("x")</script>', body="<img src=x onerror=alert(1)>"
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<img src=x" not in html


@pytest.mark.django_db
def test_tag_and_person_pages_list_their_stories_newest_first(
    client, settings, time_machine
):
    from articles.models import ArticlePerson, Person

    time_machine.move_to(factories.NOW + timedelta(days=1), tick=False)
    settings.NEWSROOM_PAGE_SIZE = 2
    person = Person.objects.create(name="Ivan Petrov")
    # Story A is the newest; B shares no tag or person.
    stories = [factories.article(n, headline=f"Arctic {'ABCDE'[n]}") for n in range(5)]
    hidden = [
        factories.article(5, headline="Arctic draft", status=Article.Status.DRAFT),
        factories.article(
            6,
            headline="Arctic embargoed",
            embargo_until=timezone.now() + timedelta(hours=1),
        ),
    ]
    linked = [stories[0], *stories[2:]]
    for story in linked + hidden:
        story.tags.add("Arctic")
        ArticlePerson.objects.create(article=story, person=person, role="quoted")
    for url in ("/tags/arctic/", person.get_absolute_url()):
        shown = []
        for page in (1, 2):
            html = client.get(url, {"page": page}).content.decode()
            assert f"Page {page}<" in html
            assert ("Older stories" in html) == (page == 1)
            assert ("Newer stories" in html) == (page == 2)
            shown += [s for s in stories + hidden if s.headline in html]
        assert shown == linked
        assert client.get(url, {"page": 3}).status_code == 404
