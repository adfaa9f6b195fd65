"""What a reader's browser shows, on a desktop screen and on a phone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from articles import services
from articles.models import Article, ArticlePhoto
from articles.photos import photo_from_file

from .. import factories
from ..conftest import SEED_CAPTION, SEED_CREDIT, SEED_PHOTO, make_user
from .browser import (
    DESKTOP,
    PHONE,
    open_page,
    screenshot,
    set_viewport,
    wait_for_images,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLISHED = datetime(2018, 3, 21, 10, 30, tzinfo=UTC)

# name: (viewport in CSS pixels, a phone?)
SCREENS = {"desktop": (DESKTOP, False), "phone": (PHONE, True)}

# Measured in the page, in CSS pixels of the emulated screen.
LAYOUT = """
const view = document.documentElement.clientWidth;
const heading = document.querySelector('h1, h2, h3, h4, h5, h6');
const photo = document.querySelector('main figure img');
const box = photo && photo.getBoundingClientRect();
return {
  innerWidth: window.innerWidth,
  view: view,
  viewHeight: window.innerHeight,
  scrollWidth: Math.max(document.documentElement.scrollWidth,
                        document.body.scrollWidth),
  tooWide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > view + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
    .slice(0, 8),
  firstHeading: heading && [heading.tagName, heading.textContent.trim()],
  photo: box && {left: box.left, right: box.right, width: box.width,
                 height: box.height, loaded: photo.naturalWidth},
  withoutAlt: [...document.images]
    .filter(i => !(i.getAttribute('alt') || '').trim())
    .map(i => i.outerHTML.slice(0, 120)),
};
"""


@pytest.fixture
def published_story():
    """The seed story, corrected, with its photo, published, and older news below."""
    call_command("loaddata", "seed_story", verbosity=0)
    story = Article.objects.get()
    story.dek = story.dek.replace("planis", "plan is")
    story.save()
    with SEED_PHOTO.open("rb") as upload:
        photo = photo_from_file(upload, caption=SEED_CAPTION, credit=SEED_CREDIT)
    ArticlePhoto.objects.create(article=story, photo=photo, position=0)
    editor = make_user("editor", "Editors")
    services.article_publish(article=story, user=editor, at=PUBLISHED)
    for n in (1, 2):
        factories.article(n, published_at=PUBLISHED - timedelta(hours=n))
    return story


def measure(driver, size):
    layout = driver.execute_script(LAYOUT)
    # A phone lays the page out at its own width only if the page asks for it.
    assert layout["innerWidth"] == size[0], layout
    assert layout["scrollWidth"] <= layout["view"], (
        f"the page is {layout['scrollWidth']} px wide in a {layout['view']} px "
        f"viewport; too wide: {layout['tooWide']}"
    )
    assert layout["withoutAlt"] == [], "images without alt text"
    return layout


@pytest.mark.parametrize("screen", SCREENS)
def test_the_story_page_fits_the_screen(page, live_server, published_story, screen):
    size, mobile = SCREENS[screen]
    set_viewport(page, size, mobile=mobile)
    open_page(page, live_server.url + published_story.get_absolute_url())
    wait_for_images(page)
    layout = measure(page, size)

    assert layout["firstHeading"] == ["H1", published_story.headline]
    photo = layout["photo"]
    assert photo is not None and photo["loaded"] > 0
    assert photo["left"] >= 0 and photo["right"] <= layout["view"], photo
    assert photo["height"] <= layout["viewHeight"], photo
    # The photo is not shrunk to a stamp: it takes most of the text column.
    assert photo["width"] >= min(0.9 * layout["view"] - 32, 600), photo
    screenshot(page, f"story-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_home_page_fits_the_screen(page, live_server, published_story, screen):
    size, mobile = SCREENS[screen]
    set_viewport(page, size, mobile=mobile)
    open_page(page, live_server.url + "/")
    wait_for_images(page)
    layout = measure(page, size)
    assert layout["firstHeading"][0] == "H1"
    links = page.execute_script(
        "return [...document.querySelectorAll('main a')].map(a => a.textContent)"
    )
    assert published_story.headline in links
    screenshot(page, f"home-{screen}")
