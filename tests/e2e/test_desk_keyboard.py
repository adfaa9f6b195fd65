"""Every action on the story list and the story form is reachable with the Tab key,
and wherever the focus lands it is visible (an outline or a ring drawn around it)."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from articles.models import Article, StoryAutosave
from articles.presence import presence_mark

from .. import factories
from ..conftest import make_user
from . import axe
from .browser import admin_login, open_page, screenshot, set_viewport

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(axe.missing_axe() is not None, reason=str(axe.missing_axe())),
]

PASSWORD = "a-long-test-password"  # make_user's
LAPTOP = (1366, 768)

# What the focused element looks like: a described element, and whether anything
# marks it (an outline, or a box-shadow ring as select2 and some buttons use).
FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body) { return null; }
const style = getComputedStyle(el);
const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
const ring = style.boxShadow !== "none";
const box = el.getBoundingClientRect();
const again = el.e2eTabbed === true;  // an expando: the same element, not a twin
el.e2eTabbed = true;
return {
  again,
  what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.name ? "[name=" + el.name + "]" : "")
        + " " + (el.value || el.textContent || "").trim().slice(0, 40),
  key: el.id || el.name || el.getAttribute("href") || el.value
       || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
  marked: outline || ring,
  shown: box.width > 0 && box.height > 0,
};
"""


def tab_through(driver, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until the focus comes round again."""
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    stops = []
    keys = ActionChains(driver)
    for _ in range(limit):
        keys.send_keys(Keys.TAB).perform()
        focused = driver.execute_script(FOCUSED)
        if focused is None:
            continue
        if focused["again"]:
            break
        stops.append(focused)
    return stops


def check(driver, url: str, name: str, must_reach: list[str]) -> list[str]:
    open_page(driver, url)
    stops = tab_through(driver)
    screenshot(driver, f"keyboard-{name}")
    problems = [
        f"{name}: focus not visible on {s['what']}"
        for s in stops
        if s["shown"] and not s["marked"]
    ]
    reached = " | ".join(f"{s['key']} {s['what']}" for s in stops)
    problems += [
        f"{name}: Tab never reaches {m}" for m in must_reach if m not in reached
    ]
    return problems


def test_the_story_list_and_form_are_worked_from_the_keyboard_with_visible_focus(
    page, live_server
):
    editor = make_user("nightdesk", "Editors")
    story = factories.article(1, status=Article.Status.DRAFT, dateline_date=None)
    factories.article(2, headline="Another story")
    # Someone else has it open, and an autosave is waiting: every banner's action too.
    presence_mark(article=story, user=make_user("boris", "Editors"))
    StoryAutosave.objects.create(
        article=story, user=editor, data={"dek": ["Typed"]}, based_on=0
    )
    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    set_viewport(page, LAPTOP)
    base = live_server.url
    problems = check(
        page,
        base + reverse("admin:articles_article_changelist"),
        "story-list",
        ["searchbar", "action", "index", story.headline, "Another story"],
    )
    problems += check(
        page,
        base + reverse("admin:articles_article_change", args=[story.pk]),
        "story-form",
        [
            "Take over this story",
            "Restore my changes",
            "Discard them",
            "id_headline",
            "Story body",  # the body's editing area, named for screen readers
            "id_tags",
            "_save",
            "_continue",
            "_publish",
            "id_note",
            "Add note",
        ],
    )
    # With both banners up, the form still passes axe-core.
    problems += [
        f"story-form: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'])}"
        for v in axe.violations(page)
    ]
    assert not problems, "\n".join(problems)
