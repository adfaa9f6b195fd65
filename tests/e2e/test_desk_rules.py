"""The desk's rules as two people in two browsers meet them: no lost work, roles."""

import pytest
from django.core.management import call_command

from articles.models import Article

from ..conftest import make_user
from .browser import (
    admin_login,
    click_and_load,
    error_texts,
    find,
    find_all,
    open_page,
    type_into,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # make_user's


@pytest.fixture
def seed_story():
    call_command("loaddata", "seed_story", verbosity=0)
    return Article.objects.get()


def open_story(driver, base_url, story):
    open_page(driver, f"{base_url}/admin/articles/article/{story.pk}/change/")
    return find(driver, "#article_form")


def test_the_second_save_is_refused_and_keeps_what_was_typed(
    page, second_page, live_server, seed_story
):
    make_user("editor", "Editors")
    make_user("alice", "Editors")
    mine, hers = page, second_page
    for driver, name in ((mine, "editor"), (hers, "alice")):
        admin_login(driver, live_server.url, name, PASSWORD)
        open_story(driver, live_server.url, seed_story)

    type_into(find(hers, "#id_dek"), "Alice's standfirst.")
    click_and_load(hers, find(hers, "input[name=_continue]"))
    saved = find(hers, ".messagelist .success, .errornote").text
    assert "was changed successfully" in saved, error_texts(hers)

    my_text = "My standfirst, typed with care while Alice saved hers."
    type_into(find(mine, "#id_dek"), my_text)
    click_and_load(mine, find(mine, "input[name=_save]"))

    assert find(mine, ".errornote").text == "Please correct the errors below."
    note = find(mine, ".errorlist.nonfield").text
    assert "This story was changed after you opened it: alice at" in note, note
    assert "(edited: standfirst)" in note and "Nothing was saved" in note, note
    assert find(mine, "#id_dek").get_property("value") == my_text
    field_errors = " ".join(e.text for e in find_all(mine, ".errorlist"))
    assert "now on file: “Alice's standfirst.”" in field_errors
    assert Article.objects.get().dek == "Alice's standfirst."

    # Saving again, with both texts in view, is a deliberate choice; it goes through.
    click_and_load(mine, find(mine, "input[name=_save]"))
    saved = find(mine, ".messagelist .success, .errornote").text
    assert "was changed successfully" in saved, error_texts(mine)
    assert Article.objects.get().dek == my_text


def test_a_reporter_sees_no_publish_button(page, live_server, seed_story):
    make_user("reporter", "Reporters")
    admin_login(page, live_server.url, "reporter", PASSWORD)

    open_page(page, live_server.url + "/admin/articles/article/")
    actions = [o.text for o in find_all(page, "select[name=action] option")]
    assert "Submit selected drafts to the desk" in actions
    assert not [a for a in actions if "ublish" in a], actions

    click_and_load(page, find(page, f"#result_list a[href*='/{seed_story.pk}/']"))
    buttons = [
        b.get_attribute("value")
        for b in find_all(page, ".submit-row input[type=submit]")
    ]
    assert "Save and submit" in buttons, buttons
    assert not [b for b in buttons if "ublish" in b], buttons
    assert not find_all(page, "input[name=_publish]")
    assert not find_all(page, "a[href$='/kill/']")
