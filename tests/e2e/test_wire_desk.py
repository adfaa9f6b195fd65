"""A night on the wire desk in a real browser: copy arrives while the Wire screen is
open, the editor takes and publishes it, and the agency's next version shows up.

The copy is received with ``articles.wire.queue.receive`` in the test, as a wire
source's poller would deliver it.
"""

import pytest
from selenium.webdriver.common.by import By

from articles.models import Article, WireItem
from articles.wire.queue import receive

from ..conftest import make_user
from ..wire_copy import REF, ninjs
from .browser import admin_login, click_and_load, error_texts, find, open_page, wait

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # make_user's
HEADLINE = "Invented: river port reopens after the flood"
BODY = (
    "The river port reopened on Tuesday after flood water fell, the port "
    "authority said.\n\nTwelve barges were waiting to unload grain."
)


def deliver(version: int, body: str = BODY):
    got = receive(
        ninjs("urn:example:port:1", version, HEADLINE, body),
        name=f"port-v{version}.json",
        source="test-folder",
        reference_date=REF,
    )
    assert got.failed == 0, got.errors
    return got


def row_state(driver, item: WireItem) -> str:
    box = driver.find_element(
        By.CSS_SELECTOR, f"#result_list input.action-select[value='{item.pk}']"
    )
    row = box.find_element(By.XPATH, "./ancestor::tr")
    return row.find_element(By.CSS_SELECTOR, ".field-state_mark").text


def test_copy_appears_live_is_taken_published_and_its_update_is_marked(
    page, live_server, settings
):
    settings.NEWSROOM_WIRE_POLL_SECONDS = 1
    make_user("nightdesk", "Editors")
    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    click_and_load(page, find(page, "a.wire-first-link"))
    assert find(page, "h1").text == "Wire"
    page.execute_script("window.stillTheSamePage = true;")

    deliver(1)
    link = wait(page).until(lambda d: d.find_elements(By.LINK_TEXT, HEADLINE) or False)[
        0
    ]
    assert find(page, "#wire-live").text == "1 new item"
    assert page.execute_script("return window.stillTheSamePage === true;")

    click_and_load(page, link)
    click_and_load(page, find(page, "#wire-take"))
    find(page, "#article_form")
    assert "You took" in find(page, ".messagelist").text, error_texts(page)
    # The copy's dateline (3 March 2026) is old by now: the desk dates it today.
    find(page, "#id_old_copy_0").click()
    click_and_load(page, find(page, "input[name=_publish]"))
    assert "was published" in find(page, ".messagelist").text, error_texts(page)
    story = Article.objects.get()
    assert story.status == Article.Status.PUBLISHED

    open_page(page, live_server.url + "/admin/articles/wireitem/")
    item = WireItem.objects.get()
    assert row_state(page, item) == "Taken"
    deliver(2, BODY + "\n\nThe port expects full traffic by Friday.")
    wait(page).until(lambda d: row_state(d, item) == "Updated since taken")
    story.refresh_from_db()
    assert "full traffic by Friday" not in story.body  # waits for an editor
    assert story.wire_updates.filter(state="pending").count() == 1
