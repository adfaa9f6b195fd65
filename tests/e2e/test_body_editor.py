"""The story body's editor in a real browser (issue 21): it loads from our static
files under the admin's CSP, works from the keyboard, a paste keeps only what the
body's schema allows, and what it saves is what readers get."""

import pytest
from selenium.webdriver.common.keys import Keys

from articles.models import Article

from .. import factories
from . import axe
from .browser import admin_login, click_and_load, find, open_page, present

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASTE = """
(el => {
  const data = new DataTransfer();
  data.setData('text/html', arguments[1]);
  data.setData('text/plain', 'plain');
  el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                cancelable: true}));
})(arguments[0]);
"""

WORD_PASTE = (
    '<div class="WordSection1"><h1 style="color:red">Pasted title</h1>'
    "<p class=MsoNormal><b>Bold</b> and <span style='color:red'>red</span>"
    '<img src=x onerror="window.pwned=1"></p>'
    '<table><tr><td>cell</td></tr></table><script>window.pwned=1</script></div>'
)


WATCH_CSP = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def watch_csp(driver):
    """Record every CSP violation of the pages opened after this."""
    return driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP}
    )["identifier"]


def csp_errors(driver) -> list[str]:
    return driver.execute_script("return window.cspViolations || []")


def test_the_editor_loads_under_csp_and_saves_what_the_schema_allows(
    page, live_server, demo_editor
):
    username, password = demo_editor
    story = Article.objects.get()
    admin_login(page, live_server.url, username, password)
    watcher = watch_csp(page)
    open_page(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor = present(page, ".ProseMirror[contenteditable=true]")
    assert csp_errors(page) == []
    # Keyboard only: to the end of the text, a new paragraph, bold on and off.
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(Keys.ENTER, "Added by ")
    editor.send_keys(Keys.CONTROL, "b")
    editor.send_keys("keyboard")
    editor.send_keys(Keys.CONTROL, "b")
    editor.send_keys(".")
    page.execute_script(PASTE, editor, WORD_PASTE)
    shown = editor.get_attribute("innerHTML")
    assert "<script" not in shown and "onerror" not in shown and "style=" not in shown
    assert page.execute_script("return window.pwned") is None
    click_and_load(page, find(page, "input[name=_continue]"))
    body = Article.objects.get().body
    assert "<p>Added by <strong>keyboard</strong>." in body
    assert "Pasted title" in body and "<strong>Bold</strong>" in body
    assert "style" not in body and "script" not in body and "<img" not in body
    assert csp_errors(page) == []
    page.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": watcher}
    )


@pytest.mark.skipif(axe.missing_axe() is not None, reason=str(axe.missing_axe()))
def test_the_form_with_the_editor_has_no_serious_accessibility_failure(
    page, live_server, demo_editor
):
    username, password = demo_editor
    story = Article.objects.get()
    admin_login(page, live_server.url, username, password)
    open_page(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    present(page, ".ProseMirror[contenteditable=true]")
    assert axe.violations(page) == []


def test_a_body_photo_survives_editing_and_a_pasted_one_becomes_a_reference(
    page, live_server, demo_editor
):
    username, password = demo_editor
    photo = factories.photo(3, caption="Quay at dawn", credit="Ann Lee/TASS")
    other = factories.photo(4, caption="Barges", credit="Ann Lee/TASS")
    story = Article.objects.get()
    story.body = f'<p>Before.</p><figure data-photo="{photo.pk}"></figure><p>After.</p>'
    story.save()
    admin_login(page, live_server.url, username, password)
    open_page(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor = present(page, ".ProseMirror[contenteditable=true]")
    assert "Quay at dawn" in editor.text  # the library's caption, shown
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(" Edited.")
    # A library photo given by its number, as the editor's image address.
    page.execute_script(
        PASTE,
        editor,
        f'<figure><img src="photo:{other.pk}" alt="Barges"><figcaption>Barges'
        "</figcaption></figure>",
    )
    click_and_load(page, find(page, "input[name=_continue]"))
    body = Article.objects.get().body
    assert f'<figure data-photo="{photo.pk}"></figure>' in body
    assert f'<figure data-photo="{other.pk}"></figure>' in body
    assert "Edited." in body and "<img" not in body
