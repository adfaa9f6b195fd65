"""An editor arranges the home page in a real browser: picks a lead and two top
stories and reorders them from the keyboard (or by dragging), previews, makes the
arrangement live, and sees the page follow when the lead story is killed. The
arrangement and banner screens pass axe-core at laptop and phone sizes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from articles import services
from articles.models import (
    Arrangement,
    ArrangementSlot,
    ArrangementVersion,
    Article,
    Banner,
)

from .. import factories
from ..conftest import make_user
from . import axe
from .browser import (
    admin_login,
    click_and_load,
    error_texts,
    find,
    find_all,
    open_page,
    page_loaded,
    present,
    screenshot,
    set_viewport,
    wait,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAMES = ["Alpha report", "Bravo report", "Charlie report"]


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


def slot_row(driver, name: str):
    """The arrangement screen's row whose story is ``name``."""
    for row in find_all(driver, "#slots-group tbody tr.form-row:not(.empty-form)"):
        if name in row.text:
            return row
    raise AssertionError(f"no slot row for {name!r}")


def screen_order(driver) -> list[tuple[str, str]]:
    """(place, story) of each row with a story, top to bottom, as the screen shows."""
    shown = []
    for row in find_all(driver, "#slots-group tbody tr.form-row:not(.empty-form)"):
        story = row.find_elements(By.CSS_SELECTOR, ".select2-selection__rendered")
        name = story[0].get_attribute("title") if story else ""
        if name:
            shown.append((row.find_element(By.CSS_SELECTOR, ".slot-place").text, name))
    return shown


def press(driver, element, key=Keys.ENTER) -> None:
    """Tab-reach an element and press a key on it (what send_keys does: focus
    and type, no mouse)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.send_keys(key)


def arranged(driver) -> tuple[list[str], list[str]]:
    def names(css):
        return [a.text for a in find_all(driver, f"{css} h2 a")]

    return names("ol.lead-story"), names("ol.top-stories")


def saved_order(arrangement: Arrangement) -> list[str]:
    return [
        slot.article.headline
        for slot in arrangement.slots.select_related("article").order_by("position")
    ]


def new_arrangement_with_three(page, live_server) -> None:
    open_page(page, live_server.url + reverse("admin:articles_arrangement_add"))
    for row, name in enumerate(NAMES):
        pick_by_keyboard(page, f"id_slots-{row}-article", name.split()[0], name)
    assert screen_order(page) == [
        ("Lead", "Alpha report"),
        ("Top 1", "Bravo report"),
        ("Top 2", "Charlie report"),
    ]


def test_an_editor_arranges_previews_and_publishes_the_home_page(page, live_server):
    editor = make_user("frontdesk", "Editors")
    stories = {
        name: factories.article(n, headline=name) for n, name in enumerate(NAMES)
    }
    admin_login(page, live_server.url, "frontdesk", "a-long-test-password")
    new_arrangement_with_three(page, live_server)

    # Reordered from the keyboard: Charlie's "Move up" twice makes it the lead.
    up = slot_row(page, "Charlie report").find_element(By.CSS_SELECTOR, ".slot-up")
    press(page, up)
    press(page, up, Keys.SPACE)
    assert page.switch_to.active_element == up  # the focus stays on the button
    assert screen_order(page) == [
        ("Lead", "Charlie report"),
        ("Top 1", "Alpha report"),
        ("Top 2", "Bravo report"),
    ]
    wait(page).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".slot-order-status"), "Charlie report: now the lead."
        )
    )
    # Moving the lead up again changes nothing and says so.
    press(page, up)
    wait(page).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".slot-order-status"), "already first"
        )
    )
    click_and_load(page, find(page, "input[name='_continue']"))
    assert not error_texts(page), error_texts(page)
    draft = Arrangement.objects.get()
    assert draft.goes_live_at is None
    assert saved_order(draft) == ["Charlie report", "Alpha report", "Bravo report"]
    # Drawn again in the saved order.
    assert [name for _, name in screen_order(page)] == saved_order(draft)

    # The preview shows it as readers will see it; the public page does not yet.
    click_and_load(
        page, page.find_element(By.LINK_TEXT, "Preview as readers will see it")
    )
    assert "readers do not see this page" in find(page, "p[role='status']").text
    assert arranged(page) == (["Charlie report"], ["Alpha report", "Bravo report"])
    open_page(page, live_server.url + "/")
    assert arranged(page) == ([], [])

    # Live now: the admin's own "Today" and "Now" shortcuts, then save.
    open_page(
        page,
        live_server.url + reverse("admin:articles_arrangement_change", args=[draft.pk]),
    )
    for shortcut in find_all(page, ".datetimeshortcuts a"):
        if shortcut.text in ("Today", "Now"):
            shortcut.send_keys(Keys.ENTER)
    click_and_load(page, find(page, "input[name='_save']"))
    assert not error_texts(page), error_texts(page)
    draft.refresh_from_db()
    assert draft.goes_live_at is not None
    assert draft.goes_live_at <= timezone.now() + timedelta(seconds=1)
    assert saved_order(draft) == ["Charlie report", "Alpha report", "Bravo report"]

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


def test_slots_are_reordered_by_dragging_and_an_unused_row_can_be_removed(
    page, live_server
):
    make_user("frontdesk", "Editors")
    for n, name in enumerate(NAMES):
        factories.article(n, headline=name)
    admin_login(page, live_server.url, "frontdesk", "a-long-test-password")
    new_arrangement_with_three(page, live_server)

    handle = slot_row(page, "Charlie report").find_element(
        By.CSS_SELECTOR, ".slot-handle"
    )
    target = slot_row(page, "Alpha report")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    (
        ActionChains(page)
        .click_and_hold(handle)
        .move_to_element_with_offset(target, 0, -target.size["height"] // 2 + 2)
        .pause(0.1)
        .move_to_element_with_offset(target, 0, -target.size["height"] // 2 + 1)
        .release()
        .perform()
    )
    assert screen_order(page) == [
        ("Lead", "Charlie report"),
        ("Top 1", "Alpha report"),
        ("Top 2", "Bravo report"),
    ]
    # The admin renames the rows when one is removed: the order holds.
    add = find(page, "#slots-group .add-row a")
    add.click()
    find_all(page, "#slots-group tr.dynamic-slots .inline-deletelink")[-1].click()
    assert [name for _, name in screen_order(page)] == [
        "Charlie report",
        "Alpha report",
        "Bravo report",
    ]
    click_and_load(page, find(page, "input[name='_continue']"))
    assert not error_texts(page), error_texts(page)
    assert saved_order(Arrangement.objects.get()) == [
        "Charlie report",
        "Alpha report",
        "Bravo report",
    ]


LAPTOP = (1366, 768)
PHONE = (390, 844)


@pytest.mark.skipif(axe.missing_axe() is not None, reason=str(axe.missing_axe()))
@pytest.mark.parametrize(
    ("size", "mobile"), [(LAPTOP, False), (PHONE, True)], ids=["laptop", "phone"]
)
def test_the_arrangement_and_banner_screens_pass_axe(page, live_server, size, mobile):
    make_user("frontdesk", "Editors")
    stories = [factories.article(n, headline=name) for n, name in enumerate(NAMES)]
    killed = factories.article(
        7, headline="Withdrawn report", status=Article.Status.KILLED
    )
    arrangement = Arrangement.objects.create(note="Morning")
    for position, story in enumerate([killed, *stories]):
        ArrangementSlot.objects.create(
            arrangement=arrangement, article=story, position=position
        )
    version = ArrangementVersion.objects.create(
        arrangement=arrangement, story_ids=[story.pk for story in stories]
    )
    now = timezone.now()
    banner = Banner.objects.create(
        text="Earthquake hits the north",
        article=stories[0],
        starts_at=now - timedelta(minutes=5),
        expires_at=now + timedelta(hours=1),
    )
    admin_login(page, live_server.url, "frontdesk", "a-long-test-password")
    set_viewport(page, size, mobile=mobile)
    screens = {
        "arrangement": reverse(
            "admin:articles_arrangement_change", args=[arrangement.pk]
        ),
        "restore": reverse(
            "admin:articles_arrangement_restore", args=[arrangement.pk, version.pk]
        ),
        "new-arrangement": reverse("admin:articles_arrangement_add"),
        "arrangements": reverse("admin:articles_arrangement_changelist"),
        "banner": reverse("admin:articles_banner_change", args=[banner.pk]),
        "new-banner": reverse("admin:articles_banner_add"),
        "banners": reverse("admin:articles_banner_changelist"),
    }
    found = {}
    width = "phone" if mobile else "laptop"
    for name, url in screens.items():
        open_page(page, live_server.url + url)
        screenshot(page, f"front-{name}-{width}")
        if bad := axe.violations(page):
            found[name] = bad
    assert not found, "\n".join(
        f"{name}: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'])}"
        for name, there in found.items()
        for v in there
    )
