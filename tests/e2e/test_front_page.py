"""An editor arranges the home page in a real browser, from the keyboard: picks a
lead and two top stories, reorders them, previews, makes the arrangement live, and
sees the page follow when the lead story is killed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from articles import services
from articles.models import Arrangement, Article

from .. import factories
from ..conftest import make_user
from .browser import (
    admin_login,
    click_and_load,
    find,
    find_all,
    open_page,
    page_loaded,
    present,
    type_into,
    wait,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pick_by_keyboard(driver, select_id: str, typed: str, choice: str) -> None:
    """An admin autocomplete (select2) box worked from the keyboard alone: focus,
    Enter opens it, type, Enter takes the highlighted hit."""
    box = find(driver, f"#{select_id} + .select2 .select2-selection")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys(Keys.ENTER)
    search = find(driver, ".select2-container--open .select2-search__field")
    search.send_keys(typed)
    wait(driver).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".select2-results__option--highlighted"), choice
        )
    )
    search.send_keys(Keys.ENTER)
    wait(driver).until(
        lambda d: (
            d.find_element(
                By.CSS_SELECTOR, f"#{select_id} + .select2 .select2-selection__rendered"
            ).text.strip()
            == choice
        )
    )


def arranged(driver) -> tuple[list[str], list[str]]:
    def names(css):
        return [a.text for a in find_all(driver, f"{css} h2 a")]

    return names("ol.lead-story"), names("ol.top-stories")


def test_an_editor_arranges_previews_and_publishes_the_home_page(page, live_server):
    editor = make_user("frontdesk", "Editors")
    stories = {
        name: factories.article(n, headline=name)
        for n, name in enumerate(["Alpha report", "Bravo report", "Charlie report"])
    }
    admin_login(page, live_server.url, "frontdesk", "a-long-test-password")
    open_page(page, live_server.url + "/admin/articles/arrangement/add/")
    for row, name in enumerate(["Alpha report", "Bravo report", "Charlie report"]):
        pick_by_keyboard(page, f"id_slots-{row}-article", name.split()[0], name)
        type_into(find(page, f"#id_slots-{row}-position"), str(row))
    # Reordered from the keyboard: Charlie leads, then Alpha, then Bravo.
    position = find(page, "#id_slots-2-position")
    position.send_keys(Keys.CONTROL, "a")
    position.send_keys("0")
    for row, value in ((0, "1"), (1, "2")):
        field = find(page, f"#id_slots-{row}-position")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(value)
    click_and_load(page, find(page, "input[name='_continue']"))
    draft = Arrangement.objects.get()
    assert draft.goes_live_at is None
    assert draft.slots.count() == 3

    # The preview shows it as readers will see it; the public page does not yet.
    click_and_load(
        page, page.find_element(By.LINK_TEXT, "Preview as readers will see it")
    )
    assert "readers do not see this page" in find(page, "p[role='status']").text
    assert arranged(page) == (["Charlie report"], ["Alpha report", "Bravo report"])
    open_page(page, live_server.url + "/")
    assert arranged(page) == ([], [])

    # Live now: the admin's own "Today" and "Now" shortcuts, then save.
    open_page(page, live_server.url + f"/admin/articles/arrangement/{draft.pk}/change/")
    for shortcut in find_all(page, ".datetimeshortcuts a"):
        if shortcut.text in ("Today", "Now"):
            shortcut.send_keys(Keys.ENTER)
    click_and_load(page, find(page, "input[name='_save']"))
    draft.refresh_from_db()
    assert draft.goes_live_at is not None
    assert draft.goes_live_at <= timezone.now() + timedelta(seconds=1)

    page.delete_all_cookies()  # a reader now
    open_page(page, live_server.url + "/")
    assert arranged(page) == (["Charlie report"], ["Alpha report", "Bravo report"])

    services.article_kill(
        article=Article.objects.get(pk=stories["Charlie report"].pk), user=editor
    )
    # A reload (the browser may keep the page for max-age seconds otherwise).
    page.refresh()
    page_loaded(page)
    assert arranged(page) == (["Alpha report"], ["Bravo report"])
    present(page, "nav[aria-label='Sections']")
