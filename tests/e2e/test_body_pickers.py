"""The body editor's searches in a real browser (issue 21): from the keyboard, the
link dialog finds one of our stories by headline and the figure dialog a library
photo; the saved story's page links to the story's current address and shows the
photo with its caption and © credit; axe-core finds nothing serious meanwhile."""

import pytest
from selenium.webdriver.common.keys import Keys

from articles.models import Article

from .. import factories
from . import axe
from .browser import admin_login, click_and_load, find, open_page, present, wait
from .test_body_editor import csp_errors, watch_csp

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def focused(page):
    return page.switch_to.active_element


def pick_first(page, combobox, words, expected):
    """Type ``words`` into a search of the editor's dialogs; once the first result
    reads ``expected``, take it with the arrow key and Enter."""
    combobox.send_keys(words)
    first = f"#{combobox.get_attribute('aria-controls')} [role=option]"
    wait(page).until(
        lambda d: (
            combobox.get_attribute("aria-expanded") == "true"
            and d.find_element("css selector", first).text == expected
        )
    )
    if axe.missing_axe() is None:
        assert axe.violations(page) == []  # the dialog, its search and results
    combobox.send_keys(Keys.ARROW_DOWN)
    option = find(page, f"#{combobox.get_attribute('aria-activedescendant')}")
    assert option.get_attribute("aria-selected") == "true"
    assert option.text == expected
    combobox.send_keys(Keys.ENTER)


def test_a_story_link_and_a_library_photo_picked_from_the_keyboard(
    page, live_server, demo_editor
):
    username, password = demo_editor
    story = Article.objects.get()  # the demo's draft
    target = factories.article(2, headline="Harbour reopens after the storm")
    photo = factories.photo(5, caption="Cranes on the quay", credit="Ann Lee/TASS")
    admin_login(page, live_server.url, username, password)
    watcher = watch_csp(page)
    open_page(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor = present(page, ".ProseMirror[contenteditable=true]")
    assert editor.get_attribute("aria-label") == "Story body"

    # A new last paragraph; its words selected; Ctrl+K opens the link dialog.
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(Keys.ENTER, "Read our earlier report")
    editor.send_keys(Keys.SHIFT, Keys.HOME)
    editor.send_keys(Keys.CONTROL, "k")
    address = present(page, "dialog[open] input[name=href]")
    assert focused(page) == address
    focused(page).send_keys(Keys.TAB)  # to the headline search, next after it
    search = focused(page)
    assert search.get_attribute("role") == "combobox"
    # Escape closes the list, not the dialog; the arrow key opens it again.
    search.send_keys("harbour")
    wait(page).until(lambda d: search.get_attribute("aria-expanded") == "true")
    search.send_keys(Keys.ESCAPE)
    assert search.get_attribute("aria-expanded") == "false"
    assert find(page, "dialog[open]").is_displayed()
    search.send_keys(Keys.CONTROL, "a")
    pick_first(
        page, search, "harbour storm", "Harbour reopens after the storm (Published)"
    )
    assert search.get_attribute("aria-expanded") == "false"
    assert address.get_attribute("value") == f"story:{target.pk}"
    search.send_keys(Keys.ENTER)  # the list is closed: Enter makes the link
    wait(page).until(lambda d: not d.find_elements("css selector", "dialog[open]"))
    assert f'href="story:{target.pk}"' in editor.get_attribute("innerHTML")

    # After the paragraph, the figure button (reached and pressed by keys).
    # The words unselected first (the editor takes the browser's selection change
    # in its own time), then a new paragraph.
    editor.send_keys(Keys.ARROW_RIGHT)
    wait(page).until(lambda d: d.execute_script("return getSelection().isCollapsed"))
    editor.send_keys(Keys.ENTER)
    find(page, ".prose-menubar button[title=figure]").send_keys(Keys.ENTER)
    present(page, "dialog[open] input[name=imageUrl]")
    search = focused(page)
    assert search.get_attribute("role") == "combobox"  # the dialog starts there
    pick_first(page, search, "cranes", "Cranes on the quay © Ann Lee/TASS")
    wait(page).until(lambda d: not d.find_elements("css selector", "dialog[open]"))
    shown = editor.get_attribute("innerHTML")
    assert f'data-file="{photo.pk}"' in shown
    assert "Cranes on the quay © Ann Lee/TASS" in editor.text

    assert csp_errors(page) == []  # the searches ran under the admin's CSP
    page.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": watcher}
    )
    click_and_load(page, find(page, "input[name=_continue]"))
    body = Article.objects.get(pk=story.pk).body
    assert f'<a href="story:{target.pk}">Read our earlier report</a>' in body
    assert f'<figure data-photo="{photo.pk}"></figure>' in body
    assert "<img" not in body  # a reference to the library, not a copy

    # The story goes out (as the publish button would leave it); the linked
    # story's address changes after: the link follows it.
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=factories.NOW
    )
    target.slug = "harbour-reopens-after-storm-updated"
    target.save()
    story.refresh_from_db()
    open_page(page, live_server.url + story.get_absolute_url())
    link = find(page, ".story-body a[href*=harbour-reopens-after-storm-updated]")
    assert link.text == "Read our earlier report"
    assert link.get_attribute("href").endswith(target.get_absolute_url())
    figure = find(page, ".story-body figure.photo")
    assert "Cranes on the quay" in figure.text
    assert "© Ann Lee/TASS" in figure.text
    assert figure.find_element("css selector", "img").get_attribute("src")
