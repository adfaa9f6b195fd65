"""Autosave in a real browser: what an editor types is kept without pressing Save,
a crashed tab loses nothing, restoring is a click and discarding is a click."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.keys import Keys

from articles import services
from articles.models import Article, StoryAutosave

from .. import factories
from ..conftest import make_user
from .browser import (
    admin_login,
    click_and_load,
    error_texts,
    find,
    find_all,
    open_page,
    present,
    wait,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # make_user's
TYPED = "A standfirst typed just before the browser crashed"


@pytest.fixture
def draft_open(page, live_server, settings):
    """A desk editor has a draft's form open, autosaving every second; its URL."""
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    make_user("nightdesk", "Editors")
    story = factories.article(1, status=Article.Status.DRAFT, dateline_date=None)
    url = live_server.url + reverse("admin:articles_article_change", args=[story.pk])
    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    open_page(page, url)
    return url


@pytest.fixture
def typed_then_crashed(page, draft_open):
    """An editor types into a draft's standfirst and the tab dies unsaved."""
    url = draft_open
    dek = find(page, "#id_dek")
    dek.clear()
    dek.send_keys(TYPED)
    state = find(page, "#story-autosave-state")
    wait(page).until(lambda d: state.text.startswith("Unsaved changes kept at "))
    assert state.text.endswith(" UTC.")
    page.get("about:blank")  # the crash: nothing was saved
    assert Article.objects.get().dek != TYPED
    return url


def test_a_crashed_tab_is_restored_in_one_click_and_saved(page, typed_then_crashed):
    url = typed_then_crashed
    open_page(page, url)
    offer = find(page, ".story-autosave-offer")
    assert offer.text.startswith("Restore your unsaved changes from ")
    assert find(page, "#id_dek").get_property("value") != TYPED
    click_and_load(page, offer.find_element("link text", "Restore my changes"))
    assert find(page, "#id_dek").get_property("value") == TYPED
    click_and_load(page, find(page, "input[name=_continue]"))
    assert Article.objects.get().dek == TYPED
    assert not find_all(page, ".story-autosave-offer")
    assert not StoryAutosave.objects.exists()


def test_discarding_an_autosave_is_one_click(page, typed_then_crashed):
    url = typed_then_crashed
    open_page(page, url)
    click_and_load(page, find(page, ".story-autosave-offer input[type=submit]"))
    assert "Your unsaved changes were discarded." in find(page, ".messagelist").text
    assert not find_all(page, ".story-autosave-offer")
    assert not StoryAutosave.objects.exists()
    assert Article.objects.get().dek != TYPED


def test_restoring_onto_a_story_saved_since_shows_their_changes_beside_mine(
    page, typed_then_crashed
):
    url = typed_then_crashed
    story = Article.objects.get()
    story.headline, story.dek = "Anna's headline", "Anna's standfirst"
    services.article_save(article=story, user=make_user("anna", "Editors"))

    open_page(page, url)
    offer = find(page, ".story-autosave-offer")
    assert "Since then: anna at " in offer.text
    click_and_load(page, offer.find_element("link text", "Restore my changes"))
    assert find(page, "#id_dek").get_property("value") == TYPED
    click_and_load(page, find(page, "input[name=_continue]"))

    # Refused once, with her changes on screen: her headline taken in, her
    # standfirst shown beside mine, which stays in the box.
    assert "changed after you opened it" in " ".join(error_texts(page))
    assert "now on file: “Anna's standfirst”" in find(page, ".field-dek").text
    assert find(page, "#id_dek").get_property("value") == TYPED
    assert find(page, "#id_headline").get_property("value") == "Anna's headline"
    assert Article.objects.get().dek == "Anna's standfirst"

    click_and_load(page, find(page, "input[name=_continue]"))
    stored = Article.objects.get()
    assert (stored.headline, stored.dek) == ("Anna's headline", TYPED)


TYPED_IN_BODY = "A sentence typed into the body editor before the crash"


def test_the_body_typed_in_the_editor_is_kept_and_restored(page, draft_open):
    """The body is a rich-text editor: what it holds (written into its hidden
    textarea on every change) is what the autosave keeps and a restore puts back."""
    url = draft_open
    editor = present(page, ".ProseMirror[contenteditable=true]")
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(Keys.ENTER, TYPED_IN_BODY)
    state = find(page, "#story-autosave-state")
    wait(page).until(lambda d: state.text.startswith("Unsaved changes kept at "))
    wait(page).until(
        lambda d: TYPED_IN_BODY in StoryAutosave.objects.get().data["body"][0]
    )
    page.get("about:blank")  # the crash
    assert TYPED_IN_BODY not in Article.objects.get().body

    open_page(page, url)
    offer = find(page, ".story-autosave-offer")
    click_and_load(page, offer.find_element("link text", "Restore my changes"))
    editor = present(page, ".ProseMirror[contenteditable=true]")
    assert TYPED_IN_BODY in editor.text  # in the editor the editor sees
    assert "First paragraph of story 1." in editor.text
    click_and_load(page, find(page, "input[name=_continue]"))
    body = Article.objects.get().body
    assert f"<p>{TYPED_IN_BODY}</p>" in body
    assert "First paragraph of story 1." in body
    assert not StoryAutosave.objects.exists()


def test_a_form_refused_on_save_keeps_autosaving(page, draft_open):
    find(page, "#id_headline").clear()  # required: the save is refused
    dek = find(page, "#id_dek")
    dek.clear()
    dek.send_keys(TYPED)
    click_and_load(page, find(page, "input[name=_continue]"))
    assert error_texts(page)
    # Nothing typed since: the refused form's input is kept all the same.
    state = find(page, "#story-autosave-state")
    wait(page).until(lambda d: state.text.startswith("Unsaved changes kept at "))
    assert StoryAutosave.objects.get().data["dek"] == [TYPED]
    assert Article.objects.get().dek != TYPED


def test_a_story_being_added_is_offered_on_the_next_add_story(
    page, live_server, settings
):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    make_user("nightdesk", "Editors")
    add = live_server.url + reverse("admin:articles_article_add")
    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    open_page(page, add)
    find(page, "#id_headline").send_keys("Harbour reopens after the storm")
    find(page, "#id_dek").send_keys(TYPED)
    state = find(page, "#story-autosave-state")
    wait(page).until(lambda d: state.text.startswith("Unsaved changes kept at "))
    page.get("about:blank")  # the crash, before the story was ever saved
    assert not Article.objects.exists()

    open_page(page, add)
    offer = find(page, ".story-autosave-offer")
    assert offer.text.startswith("Restore your unsaved changes from ")
    click_and_load(page, offer.find_element("link text", "Restore my changes"))
    assert find(page, "#id_dek").get_property("value") == TYPED
    headline = find(page, "#id_headline").get_property("value")
    assert headline == "Harbour reopens after the storm"
