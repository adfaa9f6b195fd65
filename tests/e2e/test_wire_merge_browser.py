"""The agency-update review page in a real browser: styled under the strict CSP,
and worked from the keyboard alone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from articles.models import Article, WireUpdate

from ..conftest import make_user
from ..test_wire_merge_admin import (
    AGENCY_QUOTE,
    BACKGROUND,
    CORRECTED,
    DESK_LEAD,
    DESK_QUOTE,
    ENDING,
    FIGURES,
    FIRST,
    SECOND,
    desk_edits,
    receive,
)
from .browser import admin_login, find, open_page, page_loaded, wait

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_merges_from_the_keyboard_taking_the_agencys_quote(
    page, live_server, tmp_path
):
    editor = make_user("editor", "Editors")
    story = receive(tmp_path, FIRST, "first.json")
    desk_edits(
        story, editor, body="\n\n".join([DESK_LEAD, FIGURES, DESK_QUOTE, BACKGROUND])
    )
    receive(tmp_path, SECOND, "second.json")
    update = WireUpdate.objects.get(state=WireUpdate.State.PENDING)
    admin_login(page, live_server.url, "editor", "a-long-test-password")
    open_page(
        page,
        f"{live_server.url}/admin/articles/article/{story.pk}/wire-update/{update.pk}/",
    )
    # The page's own stylesheet is allowed by the Content-Security-Policy: the
    # conflict's two sides stand side by side, the agency's words are marked.
    sides = find(page, "#conflict-body-0 .merge-sides")
    assert sides.value_of_css_property("display") == "grid"
    inserted = page.find_element(By.CSS_SELECTOR, ".merge-agency ins")
    assert inserted.value_of_css_property("text-decoration-line") == "underline"

    # Keyboard only: into the quote's choices, one arrow to "Take the agency's",
    # Enter sends the form with its first button, "Accept merge".
    keep = find(page, "#choice-body-0-desk")
    page.execute_script("arguments[0].focus()", keep)
    active = page.switch_to.active_element
    assert active.get_attribute("id") == "choice-body-0-desk"
    active.send_keys(Keys.ARROW_RIGHT)
    active = page.switch_to.active_element
    assert active.get_attribute("id") == "choice-body-0-agency"
    assert active.is_selected()
    old = page.find_element(By.TAG_NAME, "html")
    active.send_keys(Keys.ENTER)
    wait(page).until(EC.staleness_of(old), "Enter on a choice sent nothing")
    page_loaded(page)
    assert page.current_url.endswith(f"/admin/articles/article/{story.pk}/change/")
    assert "Merged the agency's version 2" in find(page, ".messagelist").text
    story = Article.objects.get(pk=story.pk)
    assert story.paragraphs == [DESK_LEAD, CORRECTED, AGENCY_QUOTE, BACKGROUND, ENDING]
