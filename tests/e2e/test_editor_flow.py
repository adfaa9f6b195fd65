"""The editor's flow in a real browser, as a person does it, from login to the page."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from articles.models import Article, ArticlePerson, Person

from ..conftest import SEED_CAPTION, SEED_CREDIT, SEED_PHOTO
from .browser import (
    admin_login,
    click_and_load,
    error_texts,
    find,
    find_all,
    present,
    screenshot,
    set_viewport,
    type_into,
    wait,
    wait_for_images,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAGS = {"missile defense", "Japan", "Russia", "Aegis Ashore", "INF Treaty"}


def last_inline_row(driver, prefix: str) -> str:
    """The id prefix of an inline's blank row (the one after the saved rows)."""
    total = present(driver, f"#id_{prefix}-TOTAL_FORMS").get_attribute("value")
    return f"id_{prefix}-{int(total) - 1}"


def pick_with_autocomplete(driver, select_id: str, typed: str, choice: str) -> None:
    """Choose in an admin autocomplete (select2) box: open it, type, click a hit."""
    box = find(driver, f"#{select_id} + .select2 .select2-selection")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    find(driver, ".select2-container--open .select2-search__field").send_keys(typed)
    hit = wait(driver).until(
        EC.element_to_be_clickable(
            (
                By.XPATH,
                "//li[contains(@class, 'select2-results__option')]"
                f"[normalize-space() = '{choice}']",
            )
        )
    )
    hit.click()
    wait(driver).until(
        lambda d: (
            d.find_element(
                By.CSS_SELECTOR, f"#{select_id} + .select2 .select2-selection__rendered"
            ).text.strip()
            == choice
        )
    )


@pytest.mark.parametrize(
    ("size", "mobile"), [((1366, 768), False), ((390, 844), True)], ids=["1366", "390"]
)
def test_editor_fixes_attaches_tags_publishes_and_sees_the_page(
    page, live_server, demo_editor, size, mobile
):
    username, password = demo_editor
    set_viewport(page, size, mobile=mobile)
    width = size[0]
    seed = Article.objects.get()
    assert "planis" in seed.dek

    admin_login(page, live_server.url, username, password)
    click_and_load(page, find(page, "a[href$='/admin/articles/article/']"))
    screenshot(page, f"admin-story-list-{width}")
    click_and_load(
        page, find(page, "#result_list").find_element(By.LINK_TEXT, seed.headline)
    )
    find(page, "#article_form")

    dek = find(page, "#id_dek")
    type_into(dek, dek.get_property("value").replace("planis", "plan is"))

    photo_row = last_inline_row(page, "photo_placements")
    # A file input is filled by handing it the path, as the file picker does.
    page.find_element(By.ID, f"{photo_row}-upload").send_keys(str(SEED_PHOTO))
    type_into(find(page, f"#{photo_row}-caption"), SEED_CAPTION)
    type_into(find(page, f"#{photo_row}-credit"), SEED_CREDIT)

    tags = find(page, "#id_tags")
    tags.click()
    tags.send_keys(Keys.END, ", Foreign policy")

    person_row = last_inline_row(page, "person_roles")
    pick_with_autocomplete(page, f"{person_row}-person", "lavr", "Sergey Lavrov")
    Select(find(page, f"#{person_row}-role")).select_by_visible_text("Subject")

    # 2018 copy: the form asks how to date it; the editor keeps its dateline day.
    dateline_day = find(page, "#id_old_copy_1")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", dateline_day)
    dateline_day.click()
    screenshot(page, f"admin-story-form-{width}")
    publish = find(page, "input[name=_publish]")
    assert publish.get_attribute("value") == "Save and publish"
    click_and_load(page, publish)

    outcome = find(page, ".messagelist .success, .errornote").text
    assert "was published" in outcome, error_texts(page)
    click_and_load(page, find(page, "a.viewsitelink"))

    seed.refresh_from_db()
    assert page.current_url == live_server.url + seed.get_absolute_url()
    wait_for_images(page)
    screenshot(page, f"story-page-{width}")
    assert find(page, "h1").text == seed.headline
    text = find(page, "main").text
    assert "missile defense plan is aimed at protecting" in text
    assert "planis" not in text
    assert "21 March 2018" in find(page, "main time").text

    figure = find(page, "main figure")
    image = figure.find_element(By.TAG_NAME, "img")
    assert page.execute_script("return arguments[0].naturalWidth", image) > 0
    caption = figure.find_element(By.TAG_NAME, "figcaption").text
    assert SEED_CAPTION in caption
    assert figure.find_element(By.CSS_SELECTOR, ".credit").text == (
        "© Alexander Shcherbak/TASS"
    )
    assert find(page, ".dateline").text == "TOKYO, March 21. /TASS/."
    shown_tags = {link.text for link in find_all(page, "a[rel~=tag]")}
    assert shown_tags == TAGS | {"Foreign policy"}

    # The person picked in the autocomplete is in the story, in the role chosen.
    lavrov = Person.objects.get(name="Sergey Lavrov")
    assert ArticlePerson.objects.filter(
        article=seed, person=lavrov, role="subject"
    ).exists()
    assert find_all(page, f"main a[href='{lavrov.get_absolute_url()}']")
