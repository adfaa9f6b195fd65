"""The editors' "Import wire story" page and the review of a pending agency version."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, WireUpdate
from articles.wire import agency_text
from articles.wire.importer import WireImporter

from . import factories
from .conftest import make_user
from .formdata import form_data

DATA = Path(__file__).parent / "data" / "wire" / "agency"
SEED_TEXT = (DATA / "seed-tass-japan.txt").read_text()
NINJS = DATA.parent / "ninjs" / "3.0" / "tt_text_image_3.json"
IMPORT_URL = reverse("admin:articles_article_import_wire")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.django_db
def test_story_list_links_to_the_import_page(editor_client):
    page = editor_client.get(reverse("admin:articles_article_changelist"))
    assert f'href="{IMPORT_URL}"' in page.content.decode()
    assert "Import wire story" in page.content.decode()


@pytest.mark.django_db
def test_import_page_is_for_the_desk_only(client):
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    photo_editor = make_user("pictures", "Photo editors")
    client.force_login(photo_editor)
    assert client.get(IMPORT_URL).status_code == 403


@pytest.mark.django_db
def test_pasted_page_opens_as_a_draft_with_the_parsers_doubts_flagged(editor_client):
    page = editor_client.get(IMPORT_URL)
    data = form_data(page.content.decode(), "wire-import-form")
    data.update(text=SEED_TEXT, reference_date="2018-06-30")
    response = editor_client.post(IMPORT_URL, data, follow=True)
    story = Article.objects.get()
    assert response.redirect_chain[-1][0] == change_url(story)
    assert story.status == Article.Status.DRAFT
    assert story.dateline_date == date(2018, 3, 21)
    html = response.content.decode()
    assert "was imported as a draft" in html
    assert "Check: The dateline has no year; took 2018" in html
    assert "The agency sent 1 photo (0 placed in the story)" in html
    assert "© Alexander Shcherbak/TASS" in html
    assert story.person_roles.count() == 4  # Kono twice, Lavrov, Zakharova


@pytest.mark.django_db
def test_only_wire_stories_show_the_agency_copy_panel(editor_client, seed):
    written_here = factories.article(1, status=Article.Status.DRAFT)
    html = editor_client.get(change_url(written_here)).content.decode()
    assert 'id="wire_copy-heading"' not in html  # written at the desk
    assert 'id="wire_updates-heading"' not in html
    # The seed is TASS copy: its fixture carries what the agency sent.
    html = editor_client.get(change_url(seed)).content.decode()
    assert 'id="wire_copy-heading"' in html
    WireImporter().import_story(
        agency_text.parse(
            SEED_TEXT.replace("Japan’s", "Tokyo’s"), reference_date=date(2018, 6, 30)
        )
    )
    imported = Article.objects.exclude(pk__in=[seed.pk, written_here.pk]).get()
    html = editor_client.get(change_url(imported)).content.decode()
    assert 'id="wire_copy-heading"' in html
    assert "The parser was unsure of" in html
    # The agency copy itself, not an empty form for a new one.
    assert 'name="wire_copy-TOTAL_FORMS" value="1"' in html
    assert 'name="wire_copy-INITIAL_FORMS" value="1"' in html


@pytest.mark.django_db
def test_the_imported_draft_still_saves_from_the_editor(editor_client):
    editor_client.post(IMPORT_URL, {"text": SEED_TEXT, "format": "auto"})
    story = Article.objects.get()
    page = editor_client.get(change_url(story))
    data = form_data(page.content.decode(), "article_form")
    data["headline"] = "Tokyo: missile shield no threat to Russia"
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Tokyo: missile shield no threat to Russia"


@pytest.mark.django_db
def test_saving_the_form_unchanged_does_not_count_as_an_edit(editor_client):
    editor_client.post(IMPORT_URL, {"text": SEED_TEXT, "reference_date": "2018-06-30"})
    story = Article.objects.get()
    page = editor_client.get(change_url(story))
    data = form_data(page.content.decode(), "article_form")
    data["body"] = data["body"].replace("\n", "\r\n")  # as a browser sends it
    assert editor_client.post(change_url(story), data).status_code == 302
    newer = SEED_TEXT.replace("\n\nTags", "\n\nThe talks will continue.\n\nTags")
    result = WireImporter().import_story(
        agency_text.parse(newer, reference_date=date(2018, 6, 30))
    )
    assert result.outcome == "updated"
    story.refresh_from_db()
    assert story.paragraphs[-1] == "The talks will continue."


@pytest.mark.django_db
def test_uploaded_ninjs_file_is_imported(editor_client):
    upload = SimpleUploadedFile("story.json", NINJS.read_bytes(), "application/json")
    response = editor_client.post(IMPORT_URL, {"upload": upload, "format": "auto"})
    story = Article.objects.get()
    assert response.status_code == 302
    assert story.headline == "Militärövning i jätteformat hålls 2023"
    assert story.agency.short_name == "TT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Just a line of text"}, "Nothing was imported: No dateline found"),
        ({"text": ""}, "Paste the agency&#x27;s copy or choose a file."),
        ({"text": '{"uri": "urn:x", "headlines": ['}, "Not valid JSON"),
    ],
)
def test_bad_copy_is_refused_on_the_page_and_nothing_is_written(
    editor_client, data, message
):
    response = editor_client.post(IMPORT_URL, {"format": "auto", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_binary_upload_is_refused(editor_client):
    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\x00\x10JFIF", "image/jpeg")
    response = editor_client.post(IMPORT_URL, {"upload": upload, "format": "auto"})
    assert response.status_code == 200
    assert "binary file" in response.content.decode()
    assert Article.objects.count() == 0


def edited_story_with_pending_update() -> tuple[Article, WireUpdate]:
    ref = date(2018, 6, 30)
    importer = WireImporter()
    importer.import_story(agency_text.parse(SEED_TEXT, reference_date=ref))
    story = Article.objects.get()
    story.headline = "Tokyo: missile shield no threat to Russia"
    story.save()
    newer = SEED_TEXT.replace(
        "\n\nTags", "\n\nThe talks will continue in Moscow.\n\nTags"
    )
    result = importer.import_story(agency_text.parse(newer, reference_date=ref))
    assert result.outcome == "pending"
    return story, WireUpdate.objects.get()


@pytest.mark.django_db
def test_editor_sees_the_pending_update_and_accepts_the_merge(editor_client):
    story, update = edited_story_with_pending_update()
    page = editor_client.get(change_url(story)).content.decode()
    review = reverse("admin:articles_article_wire_update", args=[story.pk, update.pk])
    assert f'href="{review}"' in page
    html = editor_client.get(review).content.decode()
    assert "Tokyo: missile shield no threat to Russia" in html  # the desk's headline
    assert "The talks will continue in Moscow." in html  # the agency's new paragraph
    data = form_data(html, "wire-update-form")
    response = editor_client.post(review, data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Tokyo: missile shield no threat to Russia"
    assert story.paragraphs[-1] == "The talks will continue in Moscow."
    update.refresh_from_db()
    assert update.state == WireUpdate.State.MERGED
    assert editor_client.get(review).status_code == 404  # resolved, gone


@pytest.mark.django_db
def test_editor_can_dismiss_the_agency_version(editor_client):
    story, update = edited_story_with_pending_update()
    review = reverse("admin:articles_article_wire_update", args=[story.pk, update.pk])
    response = editor_client.post(review, {"_dismiss": "1"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert "The talks will continue in Moscow." not in story.body
    update.refresh_from_db()
    assert update.state == WireUpdate.State.DISMISSED


@pytest.mark.django_db
def test_review_page_needs_change_permission(client):
    story, update = edited_story_with_pending_update()
    viewer = make_user("viewer", None)
    viewer.groups.add(Group.objects.get(name="Photo editors"))  # may only view stories
    client.force_login(viewer)
    review = reverse("admin:articles_article_wire_update", args=[story.pk, update.pk])
    assert client.post(review, {"lock_version": story.lock_version}).status_code == 403
    story.refresh_from_db()
    assert "The talks will continue in Moscow." not in story.body


@pytest.mark.django_db
def test_a_form_opened_before_a_merge_is_refused_not_saved_over_it(editor_client):
    story, update = edited_story_with_pending_update()
    stale = form_data(
        editor_client.get(change_url(story)).content.decode(), "article_form"
    )
    review = reverse("admin:articles_article_wire_update", args=[story.pk, update.pk])
    data = form_data(editor_client.get(review).content.decode(), "wire-update-form")
    assert editor_client.post(review, data).status_code == 302
    stale["dek"] = "Typed in the old form"
    response = editor_client.post(change_url(story), stale)
    assert response.status_code in (200, 409)
    assert "was changed after you opened it" in response.content.decode()
    story.refresh_from_db()
    assert story.paragraphs[-1] == "The talks will continue in Moscow."  # kept
    assert story.dek != "Typed in the old form"


@pytest.mark.django_db
def test_a_reporter_importing_a_newer_copy_of_a_live_story_changes_nothing(client):
    ref = date(2018, 6, 30)
    WireImporter().import_story(agency_text.parse(SEED_TEXT, reference_date=ref))
    story = Article.objects.get()
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=story.created_at
    )
    client.force_login(make_user("reporter", "Reporters"))
    page = client.get(IMPORT_URL).content.decode()
    data = form_data(page, "wire-import-form")
    newer = SEED_TEXT.replace("\n\nTags", "\n\nA reporter's own ending.\n\nTags")
    data.update(text=newer, reference_date="2018-06-30")
    client.post(IMPORT_URL, data)
    story.refresh_from_db()
    assert "A reporter's own ending." not in story.body
    assert WireUpdate.objects.get(article=story).state == WireUpdate.State.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
def test_a_malformed_story_id_on_the_review_page_is_a_404(editor_client, object_id):
    url = f"/admin/articles/article/{object_id}/wire-update/1/"
    assert editor_client.get(url).status_code == 404
