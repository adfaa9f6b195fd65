"""The photo library as a photo editor uses it: find, filter, see where a photo runs."""

import html
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Agency, ArticlePhoto, Person
from articles.photos import photo_from_file, rendition

from . import factories
from . import photo_files as files

LIST_URL = reverse("admin:articles_photo_changelist")


@pytest.fixture(autouse=True)
def widths(settings):
    settings.NEWSROOM_PHOTO_WIDTHS = [160, 320]


def library_photo(n: int, **fields):
    content = files.encode(files.picture((400, 300)), "JPEG", quality=60)
    return photo_from_file(files.upload(f"library-{n}.jpg", content), **fields)


@pytest.fixture
def library(db):
    tass = factories.agency()
    reuters = Agency.objects.create(name="Reuters", short_name="Reuters")
    shcherbak = Person.objects.create(name="Alexander Shcherbak")
    roe = Person.objects.create(name="Jane Roe")
    return {
        "kono": library_photo(
            1,
            caption="Taro Kono at the podium",
            credit="Alexander Shcherbak/TASS",
            photographer=shcherbak,
            agency=tass,
            date_created=date(2018, 3, 21),
        ),
        "flood": library_photo(
            2,
            caption="Flooded street in Osaka",
            credit="Reuters",  # the credit does not name her: search still finds it
            photographer=roe,
            agency=reuters,
            date_created=date(2024, 7, 1),
        ),
        "uncredited": library_photo(3, caption="Unknown origin"),
    }


def listed(client, **params) -> str:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_library_lists_thumbnails_credits_and_use(editor_client, library):
    stories = [factories.article(n) for n in range(2)]
    for story in stories:
        ArticlePhoto.objects.create(article=story, photo=library["kono"])
    page = listed(editor_client)
    kono = library["kono"]
    thumb = rendition(kono, None, 240)
    assert f'<img src="{thumb.url}"' in page
    assert kono.image.url not in page  # never the full original in a list
    assert "© Alexander Shcherbak/TASS" in page
    assert "— no credit —" in page
    assert "2 stories" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ("podium", "Taro Kono at the podium", "Flooded street"),
        ("Shcherbak/TASS", "Taro Kono at the podium", "Flooded street"),
        ("Jane Roe", "Flooded street in Osaka", "Taro Kono"),
    ],
    ids=["caption", "credit", "photographer"],
)
def test_the_library_searches_caption_credit_and_photographer(
    editor_client, library, query, found, missing
):
    page = listed(editor_client, q=query)
    assert found in page
    assert missing not in page


@pytest.mark.django_db
def test_the_library_filters_by_agency_date_and_missing_credit(editor_client, library):
    reuters = library["flood"].agency
    page = listed(editor_client, agency__id__exact=reuters.pk)
    assert "Flooded street" in page and "Taro Kono" not in page

    page = listed(
        editor_client,
        date_created__gte="2018-01-01",
        date_created__lt="2019-01-01",
    )
    assert "Taro Kono" in page and "Flooded street" not in page

    page = listed(editor_client, credit="missing")
    assert "Unknown origin" in page
    assert "Taro Kono" not in page and "Flooded street" not in page


@pytest.mark.django_db
def test_the_library_list_costs_the_same_queries_for_few_or_many_photos(
    editor_client, library
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(LIST_URL).status_code == 200
        return len(queries)

    few = count()
    for n in range(10, 22):
        library_photo(n, photographer=Person.objects.create(name=f"P {n}"))
    assert count() == few


@pytest.mark.django_db
def test_the_photo_page_says_which_stories_use_it(editor_client, library):
    kono = library["kono"]
    plain = factories.article(1, headline="Talks in Tokyo")
    overridden = factories.article(2, headline="Missile defense row")
    ArticlePhoto.objects.create(article=plain, photo=kono)
    ArticlePhoto.objects.create(
        article=overridden, photo=kono, caption_override="Kono speaks on Aegis"
    )
    page = html.unescape(
        editor_client.get(
            reverse("admin:articles_photo_change", args=[kono.pk])
        ).content.decode()
    )
    for story in (plain, overridden):
        link = reverse("admin:articles_article_change", args=[story.pk])
        assert f'<a href="{link}">{story.headline}</a> (published)' in page
    assert "caption here: “Kono speaks on Aegis”" in page
    # The crops an editor checks after moving the focal point.
    for ratio in ("16:9", "4:3", "1:1"):
        assert f'src="{rendition(kono, ratio, 320).url}"' in page


@pytest.mark.django_db
def test_an_unused_photo_says_so(editor_client, library):
    page = editor_client.get(
        reverse("admin:articles_photo_change", args=[library["flood"].pk])
    ).content.decode()
    assert "Not used in any story yet." in page
