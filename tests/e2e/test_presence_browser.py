"""Presence in real browsers: an editor's open form learns, without reloading, that
a second editor opened the same story."""

import pytest
from django.urls import reverse

from articles.models import Article

from .. import factories
from ..conftest import make_user
from .browser import admin_login, open_page, wait

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # make_user's


def test_an_open_form_shows_a_second_editor_arriving(
    page, second_page, live_server, settings
):
    settings.NEWSROOM_PRESENCE_SECONDS = 1
    make_user("nightdesk", "Editors")
    make_user("anna", "Editors", first_name="Anna", last_name="Ivanova")
    story = factories.article(1, status=Article.Status.DRAFT, dateline_date=None)
    url = live_server.url + reverse("admin:articles_article_change", args=[story.pk])

    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    open_page(page, url)
    page.execute_script("window.stillTheSamePage = true;")
    box = page.find_element("id", "story-presence")
    assert not box.is_displayed()  # nobody else

    admin_login(second_page, live_server.url, "anna", PASSWORD)
    open_page(second_page, url)
    wait(page).until(lambda d: "Anna Ivanova" in box.text)
    assert box.text.startswith("Also open: Anna Ivanova, editing since ")
    assert page.execute_script("return window.stillTheSamePage === true;")


def test_taking_over_is_a_click_and_the_other_editor_is_told(
    page, second_page, live_server, settings
):
    settings.NEWSROOM_PRESENCE_SECONDS = 1
    make_user("nightdesk", "Editors")
    make_user("anna", "Editors", first_name="Anna", last_name="Ivanova")
    story = factories.article(1, status=Article.Status.DRAFT, dateline_date=None)
    url = live_server.url + reverse("admin:articles_article_change", args=[story.pk])

    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    open_page(page, url)
    admin_login(second_page, live_server.url, "anna", PASSWORD)
    open_page(second_page, url)
    warning = second_page.find_element("id", "story-presence")
    assert warning.is_displayed()
    assert warning.text.startswith("Also open: nightdesk, editing since ")
    warning.find_element("css selector", "#story-take-over [type=submit]").click()
    wait(second_page).until(lambda d: "You took this story over from" in warning.text)

    told = page.find_element("id", "story-taken-over")
    wait(page).until(lambda d: told.is_displayed())
    assert told.text.startswith("Anna Ivanova took over this story at ")
    assert " UTC. " in told.text
