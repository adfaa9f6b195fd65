"""Finding stories: agency, place and date pages, related stories, list query counts."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Agency, Article, ArticlePerson, Person

from . import factories
from .html import headlines, page, text


@pytest.fixture
def reuters(db):
    return Agency.objects.create(name="Reuters", short_name="Reuters")


@pytest.mark.django_db
def test_agency_page_lists_only_that_agencys_published_stories(client, reuters):
    tass = factories.article(1, headline="TASS copy")
    ours = factories.article(2, headline="Reuters copy", agency=reuters)
    factories.article(3, headline="Reuters draft", agency=reuters, status="draft")
    doc = page(client, reuters.get_absolute_url())
    assert headlines(doc) == [ours.headline]
    assert text(doc.find(".//h1")) == "Reuters"
    # The story card links to its agency's page.
    home = client.get("/").content.decode()
    assert f'<a href="{reuters.get_absolute_url()}">Reuters</a>' in home
    assert tass.headline in home


@pytest.mark.django_db
def test_an_agency_without_published_stories_has_no_page(client, reuters):
    factories.article(1, agency=reuters, status=Article.Status.DRAFT)
    assert client.get(reuters.get_absolute_url()).status_code == 404
    assert client.get("/agencies/nobody/").status_code == 404


@pytest.mark.django_db
def test_place_page_gathers_every_spelling_of_the_dateline(client):
    first = factories.article(1, dateline_place="Tokyo")
    second = factories.article(2, dateline_place="TOKYO")
    factories.article(3, dateline_place="Osaka")
    factories.article(4, dateline_place="Tokyo", status=Article.Status.SUBMITTED)
    assert first.get_place_url() == second.get_place_url() == "/places/tokyo/"
    doc = page(client, "/places/tokyo/")
    assert headlines(doc) == [first.headline, second.headline]
    assert text(doc.find(".//h1")) == "Tokyo"  # as the newest story spells it
    assert client.get("/places/nowhere/").status_code == 404


@pytest.mark.django_db
def test_place_page_works_for_a_cyrillic_place(client):
    story = factories.article(1, dateline_place="Москва")
    assert story.get_place_url() == "/places/moskva/"
    assert story.headline in client.get(story.get_place_url()).content.decode()


@pytest.mark.django_db
def test_saving_with_update_fields_keeps_the_place_address_in_step():
    story = factories.article(1, dateline_place="Tokyo")
    story.dateline_place = "Kyoto"
    story.save(update_fields=["dateline_place"])
    story.refresh_from_db()
    assert story.dateline_slug == "kyoto"


def at(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def dated_stories(db):
    return {
        "march": factories.article(
            1, headline="March story", published_at=at(2025, 3, 9, 10)
        ),
        "june_a": factories.article(
            2, headline="June A", published_at=at(2025, 6, 15, 8)
        ),
        "june_b": factories.article(
            3, headline="June B", published_at=at(2025, 6, 15, 20)
        ),
        "june_c": factories.article(
            4, headline="June C", published_at=at(2025, 6, 30, 23, 59)
        ),
        "next_year": factories.article(
            5, headline="Next year", published_at=at(2026, 1, 1, 0, 0)
        ),
        "draft": factories.article(
            6,
            headline="June draft",
            status=Article.Status.DRAFT,
            dateline_date=at(2025, 6, 15).date(),
        ),
    }


@pytest.mark.django_db
def test_year_archive_lists_the_years_stories_and_its_months(client, dated_stories):
    doc = page(client, "/archive/2025/")
    assert text(doc.find(".//h1")) == "2025"
    assert headlines(doc) == ["June C", "June B", "June A", "March story"]
    months = [text(li) for li in doc.find(".//nav[@class='date-nav']").iter("li")]
    assert months == ["March (1)", "June (3)"]
    link = doc.find(".//nav[@class='date-nav']//a")
    assert link.get("href") == "/archive/2025/03/"


@pytest.mark.django_db
def test_month_and_day_archives(client, dated_stories):
    month = page(client, "/archive/2025/06/")
    assert text(month.find(".//h1")) == "June 2025"
    assert headlines(month) == ["June C", "June B", "June A"]
    days = [text(li) for li in month.find(".//nav[@class='date-nav']").iter("li")]
    assert days == ["15 June (2)", "30 June (1)"]
    day = page(client, "/archive/2025/06/15/")
    assert text(day.find(".//h1")) == "15 June 2025"
    assert headlines(day) == ["June B", "June A"]
    crumbs = [a.get("href") for a in day.find(".//nav[@class='breadcrumbs']").iter("a")]
    assert crumbs == ["/archive/", "/archive/2025/", "/archive/2025/06/"]


@pytest.mark.django_db
def test_story_page_links_to_the_archive_of_its_day_in_the_site_time_zone(
    client, settings
):
    settings.TIME_ZONE = "Asia/Tokyo"  # 20:30 UTC on the 15th is the 16th there
    story = factories.article(
        1, headline="Late story", published_at=datetime(2025, 6, 15, 20, 30, tzinfo=UTC)
    )
    more = page(client, story.get_absolute_url()).find(".//ul[@class='more-links']")
    link = next(a for a in more.iter("a") if text(a).startswith("Stories of"))
    assert (link.get("href"), text(link)) == (
        "/archive/2025/06/16/",
        "Stories of 16 June 2025",
    )
    assert headlines(page(client, link.get("href"))) == ["Late story"]


@pytest.mark.django_db
def test_archive_index_links_every_year_with_stories(client, dated_stories):
    doc = page(client, "/archive/")
    years = [a.get("href") for a in doc.find(".//ul[@class='date-list']").iter("a")]
    assert years == ["/archive/2026/", "/archive/2025/"]


@pytest.mark.django_db
def test_archive_index_skips_years_without_published_stories(
    client, dated_stories, django_assert_num_queries
):
    factories.article(7, headline="Old story", published_at=at(2021, 12, 31, 23, 59))
    draft = Article.Status.DRAFT
    factories.article(8, headline="Draft", status=draft, published_at=at(2023, 5, 1))
    # The years that have any (Django's archive index), and the page's furniture
    # (nav, banner).
    with django_assert_num_queries(2):
        doc = page(client, "/archive/")
    years = [a.get("href") for a in doc.find(".//ul[@class='date-list']").iter("a")]
    assert years == ["/archive/2026/", "/archive/2025/", "/archive/2021/"]
    for url in years:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/archive/2024/",
        "/archive/2025/05/",
        "/archive/2025/06/16/",
        "/archive/2025/02/30/",
        "/archive/2025/13/",
        "/archive/9999/",
    ],
)
def test_empty_or_impossible_dates_are_404(client, dated_stories, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_story_page_links_to_its_place_agency_and_day(client):
    story = factories.article(
        1, dateline_place="Tokyo", published_at=at(2025, 6, 15, 8)
    )
    doc = page(client, story.get_absolute_url())
    more = doc.find(".//aside")
    links = [a.get("href") for a in more.iter("a")]
    assert links[:3] == ["/places/tokyo/", "/agencies/tass/", "/archive/2025/06/15/"]


@pytest.mark.django_db
def test_related_stories_share_a_tag_or_a_person_and_are_published(client):
    story = factories.article(1, headline="The story")
    story.tags.add("summit")
    minister = Person.objects.create(name="A Minister")
    ArticlePerson.objects.create(article=story, person=minister)
    by_tag = factories.article(2, headline="Same tag")
    by_tag.tags.add("summit")
    by_person = factories.article(3, headline="Same person")
    ArticlePerson.objects.create(article=by_person, person=minister, role="quoted")
    unrelated = factories.article(4, headline="Unrelated")
    unrelated.tags.add("football")
    hidden = factories.article(5, headline="Hidden draft", status=Article.Status.DRAFT)
    hidden.tags.add("summit")
    doc = page(client, story.get_absolute_url())
    related = doc.find(".//ul[@class='related']")
    assert [text(a) for a in related.iter("a")] == ["Same tag", "Same person"]


@pytest.mark.django_db
def test_a_story_without_tags_or_people_shows_no_related_section(client):
    story = factories.article(1)
    factories.article(2)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Related stories" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_new_list_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, count, reuters
):
    when = at(2025, 6, 15, 8)
    minister = Person.objects.create(name="Minister", slug="minister")
    for n in range(count):
        story = factories.furnish(
            factories.article(
                n,
                agency=reuters,
                dateline_place="Tokyo",
                published_at=when + timedelta(minutes=n),
            ),
            2,
        )
        story.tags.add("common")
        ArticlePerson.objects.create(article=story, person=minister)
    expectations = {
        # The first page also reads the furniture (nav, banner) once for all.
        # No count: a page asks for one story more than it shows.
        reuters.get_absolute_url(): 4,  # furniture, agency, page, photos
        "/places/tokyo/": 2,  # page, lead photos
        "/archive/2025/": 4,  # months, their counts, page, lead photos
        "/archive/2025/06/": 4,  # days, their counts, page, lead photos
        "/archive/2025/06/15/": 2,  # page, lead photos
        "/archive/": 1,  # the years that have stories
        "/people/minister/": 4,  # person, photos they took, page, lead photos
        "/tags/common/": 3,  # tag, page, lead photos
    }
    for url, queries in expectations.items():
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
