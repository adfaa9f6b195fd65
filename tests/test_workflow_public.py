"""What readers (and search engines) get from the workflow: 410 for killed stories,
301 from old addresses, corrections and “Updated”, and staff-only preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article

from . import factories
from .conftest import make_user

Status = Article.Status


def preview_url(article):
    return reverse("articles:preview", args=[article.guid])


@pytest.mark.django_db
def test_a_killed_story_answers_410_with_its_notice_and_leaves_the_lists(
    client, editor
):
    story = factories.article(1, headline="Story to withdraw")
    services.article_kill(article=story, user=editor, notice="Withdrawn: legal.")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Withdrawn: legal." in html
    assert "Story to withdraw" not in html  # the kill notice, not the story
    assert "Story to withdraw" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_story_killed_before_readers_ever_saw_it_stays_a_404(client, editor):
    story = factories.article(1, published_at=timezone.now() + timedelta(days=1))
    services.article_kill(article=story, user=editor)
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_old_address_answers_301_to_the_new_one(client, editor):
    story = factories.article(1)
    old_url = story.get_absolute_url()
    story.slug = "new-address"
    services.article_save(article=story, user=editor)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/news/new-address/"
    assert client.get("/news/new-address/").status_code == 200


@pytest.mark.django_db
def test_an_old_address_keeps_its_query_string_on_the_way(client, editor):
    story = factories.article(1)
    old_url = story.get_absolute_url()
    story.slug = "new-address"
    services.article_save(article=story, user=editor)
    response = client.get(old_url + "?utm_source=partner&x=%C3%A9")
    assert response.status_code == 301
    assert response["Location"] == "/news/new-address/?utm_source=partner&x=%C3%A9"


@pytest.mark.django_db
def test_an_old_address_of_an_unpublished_story_is_a_plain_404(client, editor):
    story = factories.article(1)
    old_url = story.get_absolute_url()
    story.slug = "new-address"
    services.article_save(article=story, user=editor)
    services.article_unpublish(article=story, user=editor)
    assert client.get(old_url).status_code == 404


@pytest.mark.django_db
def test_drafts_are_not_revealed_by_the_410_or_301_paths(client):
    story = factories.article(1, status=Status.DRAFT)
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_corrections_and_updated_time_are_on_the_page(client, editor):
    story = factories.article(1)
    services.article_correct(
        article=story, user=editor, note="An earlier version misnamed the minister."
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'class="updated">Updated <time' in html
    assert "Corrections" in html
    assert "An earlier version misnamed the minister." in html


@pytest.mark.django_db
def test_an_uncorrected_story_shows_no_correction_or_update(client):
    html = client.get(factories.article(1).get_absolute_url()).content.decode()
    assert "Corrections" not in html and "Updated" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_a_corrected_story_costs_one_query_more_whatever_the_number(
    client, editor, django_assert_num_queries, count
):
    story = factories.furnish(factories.article(1), 2)
    for n in range(count):
        story = Article.objects.get(pk=story.pk)
        services.article_correct(article=story, user=editor, note=f"Fix {n}")
    # The story page's 4, the corrections, and the furniture (nav, banner).
    with django_assert_num_queries(6):
        html = client.get(story.get_absolute_url()).content.decode()
    notices = html.split('<section class="corrections"')[1].split("</section>")[0]
    assert notices.count("Fix ") == count


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "banner"),
    [
        ({"status": Status.DRAFT, "published_at": None}, "Preview — Draft."),
        ({"status": Status.SUBMITTED, "published_at": None}, "Preview — Submitted."),
        (
            {"published_at": factories.NOW + timedelta(days=1)},
            "Preview — Scheduled for",
        ),
        (
            {"embargo_until": factories.NOW + timedelta(days=1)},
            "Preview — Embargoed until",
        ),
        ({}, "Preview — Published."),
        ({"status": Status.KILLED, "kill_notice": "Gone."}, "Preview — Killed."),
    ],
    ids=["draft", "submitted", "scheduled", "embargoed", "published", "killed"],
)
def test_staff_preview_any_state_with_a_banner_never_cached_and_noindex(
    client, editor, state, banner
):
    story = factories.article(1, headline="Preview me")
    Article.objects.filter(pk=story.pk).update(**state)
    client.force_login(editor)
    response = client.get(preview_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert banner in html and "Preview me" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_reporter_previews_a_draft(client, reporter):
    story = factories.article(1, status=Status.DRAFT, headline="Reporter's draft")
    client.force_login(reporter)
    response = client.get(preview_url(story))
    assert response.status_code == 200
    assert "Reporter&#x27;s draft" in response.content.decode()


@pytest.mark.django_db
def test_preview_is_not_for_the_public_or_non_staff(client):
    story = factories.article(1, status=Status.DRAFT, headline="Secret draft")
    anonymous = client.get(preview_url(story))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    reader = make_user("reader", "Reporters")
    reader.is_staff = False  # permissions alone do not open the preview
    reader.save()
    client.force_login(reader)
    assert client.get(preview_url(story)).status_code == 403
