"""axe-core on every screen the desk and readers use, at desktop and phone widths:
no critical and no serious violation; and the story list and form never scroll
sideways on a laptop screen."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles import services
from articles.models import Article, ArticlePhoto, Photo

from .. import factories
from ..public_urls import surfaces
from . import axe
from .browser import admin_login, open_page, screenshot, set_viewport

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(axe.missing_axe() is not None, reason=str(axe.missing_axe())),
]

LAPTOP = (1366, 768)
SMALL_LAPTOP = (1280, 720)
PHONE = (390, 844)


def published_seed(username: str) -> Article:
    """The seed story with a photo, published by the demo editor (a revision, a
    public page)."""
    story = Article.objects.get()
    ArticlePhoto.objects.create(article=story, photo=factories.photo(1))
    user = get_user_model().objects.get(username=username)
    return services.article_publish(article=story, user=user)


def desk_pages(story: Article) -> dict[str, str]:
    photo = Photo.objects.first()
    latest = story.revisions.order_by("-version").first()
    return {
        "admin index": reverse("admin:index"),
        "story list": reverse("admin:articles_article_changelist"),
        "story form": reverse("admin:articles_article_change", args=[story.pk]),
        "new story form": reverse("admin:articles_article_add"),
        "history": reverse("admin:articles_article_history", args=[story.pk]),
        "compare": reverse(
            "admin:articles_article_revision", args=[story.pk, latest.version]
        ),
        "photo list": reverse("admin:articles_photo_changelist"),
        "photo form": reverse("admin:articles_photo_change", args=[photo.pk]),
        "import page": reverse("admin:articles_article_import_wire"),
        "wire screen": reverse("admin:articles_wireitem_changelist"),
    }


def public_pages(story: Article) -> dict[str, str]:
    tag = story.tags.order_by("slug").first()
    person = story.people.order_by("slug").first()
    pages = {
        s.path: s.url(
            story=story,
            tag=tag.slug if tag else "",
            person=person.slug if person else "",
            word="Lavrov",
        )
        for s in surfaces("page")
        if (tag or "{tag}" not in s.path) and (person or "{person}" not in s.path)
    }
    pages["no results"] = "/search/?q=nothing+matches+this"
    return pages


def failures(driver, base_url: str, pages: dict[str, str], shot: str) -> dict:
    found = {}
    for name, url in pages.items():
        open_page(driver, base_url + url)
        bad = axe.violations(driver)
        if bad:
            found[name] = bad
            screenshot(driver, f"axe-{shot}-{name.replace(' ', '-').strip('/')}")
    return found


@pytest.mark.parametrize(
    ("size", "mobile"), [(LAPTOP, False), (PHONE, True)], ids=["desktop", "phone"]
)
def test_no_serious_accessibility_failures_on_the_desks_and_readers_pages(
    page, live_server, demo_editor, size, mobile
):
    story = published_seed(demo_editor[0])
    set_viewport(page, size, mobile=mobile)
    width = "phone" if mobile else "desktop"
    found = failures(page, live_server.url, public_pages(story), width)
    open_page(page, live_server.url + reverse("admin:login"))
    if login := axe.violations(page):
        found["login"] = login
    admin_login(page, live_server.url, *demo_editor)
    found.update(failures(page, live_server.url, desk_pages(story), width))
    assert not found, "\n".join(
        f"{name}: {v['id']} ({v['impact']}) {v['help']}: {', '.join(v['nodes'])}"
        for name, found_there in found.items()
        for v in found_there
    )


@pytest.mark.parametrize("size", [SMALL_LAPTOP, LAPTOP], ids=["1280", "1366"])
def test_the_story_list_and_form_fit_a_laptop_screen_without_sideways_scroll(
    page, live_server, demo_editor, size
):
    story = published_seed(demo_editor[0])
    admin_login(page, live_server.url, *demo_editor)
    set_viewport(page, size)
    for name, url in [
        ("list", reverse("admin:articles_article_changelist")),
        ("form", reverse("admin:articles_article_change", args=[story.pk])),
    ]:
        open_page(page, live_server.url + url)
        # The page itself, and the list's own scroll box, never wider than shown.
        overflow = page.execute_script(
            "const page = document.scrollingElement;"
            "return Math.max(page.scrollWidth - page.clientWidth,"
            " ...[...document.querySelectorAll('.results')]"
            ".map(r => r.scrollWidth - r.clientWidth))"
        )
        screenshot(page, f"story-{name}-{size[0]}x{size[1]}")
        assert overflow <= 0, (name, size, overflow)
    # The headline column is the widest of the list.
    open_page(page, live_server.url + reverse("admin:articles_article_changelist"))
    widths = page.execute_script(
        "return [...document.querySelectorAll('#result_list thead th')]"
        ".map(th => [th.className, th.getBoundingClientRect().width])"
    )
    headline = next(w for cls, w in widths if "column-headline" in cls)
    assert headline == max(w for _, w in widths), widths
