"""A night on the wire desk in a real browser, from the agency's folder to the merge.

A folder wire source is set up with ``manage.py add_wire_source``; the agency drops
its copy (an invented ninjs story with an agency id) into the folder and the real
poller (``manage.py poll_wire --once``, run in the test's process as cron or the
service would run it) reads it. The editor watches it arrive in the open Wire
screen, takes it, publishes it, edits the lead; the agency's next version then
arrives the same way, the row turns "Updated since taken", and the editor accepts
the three-way merge: the story keeps the desk's lead and gains the agency's change.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article, WireItem, WireSource, WireUpdate

from ..conftest import make_user
from .browser import (
    admin_login,
    click_and_load,
    error_texts,
    find,
    open_page,
    wait,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # make_user's
SOURCE = "Harbour wire folder"
HEADLINE = "Invented: Port Veyra reopens its grain quay"
LEAD = (
    "The grain quay at Port Veyra reopened on Tuesday after three weeks of "
    "repairs, the port authority said."
)
BARGES = "Twelve barges were waiting to unload, a harbour official said."
STORM = "The quay was closed in February after a storm damaged two cranes."
# The desk's rewrite of the lead.
DESK_LEAD = (
    "Port Veyra's grain quay is open again after three weeks of repairs, the "
    "port authority said on Tuesday."
)
# The agency's next version: a corrected figure, and a new last paragraph.
BARGES_CORRECTED = "Fourteen barges were waiting to unload, a harbour official said."
ENDING = "The port expects full traffic by Friday."


def agency_copy(version: int, paragraphs: list[str]) -> bytes:
    """The agency's ninjs document: same id, its own version number."""
    return json.dumps(
        {
            "uri": "urn:newsml:veyra-wire.example:20260303:quay",
            "version": str(version),
            "type": "text",
            "headline": HEADLINE,
            "body_text": "\n\n".join(paragraphs),
            "copyrightholder": "Veyra Wire",
            "language": "en",
            "firstcreated": "2026-03-03T08:00:00Z",
            "versioncreated": f"2026-03-03T0{7 + version}:30:00Z",
        }
    ).encode()


def poll() -> str:
    """One round of the real poller, as ``manage.py poll_wire --once`` prints it."""
    out = StringIO()
    call_command("poll_wire", "--once", "--settle", "0", stdout=out)
    return out.getvalue().strip()


def row(driver, item: WireItem):
    box = driver.find_element(
        By.CSS_SELECTOR, f"#result_list input.action-select[value='{item.pk}']"
    )
    return box.find_element(By.XPATH, "./ancestor::tr")


def row_state(driver, item: WireItem) -> str:
    return row(driver, item).find_element(By.CSS_SELECTOR, ".field-state_mark").text


def test_dropped_copy_is_polled_live_taken_published_and_its_update_merged(
    page, live_server, settings, tmp_path
):
    settings.NEWSROOM_WIRE_POLL_SECONDS = 1
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = StringIO()
    call_command(
        "add_wire_source",
        SOURCE,
        "--folder",
        str(inbox),
        "--interval",
        "30",
        stdout=out,
    )
    assert f"Created wire source “{SOURCE}”" in out.getvalue()
    make_user("nightdesk", "Editors")
    admin_login(page, live_server.url, "nightdesk", PASSWORD)
    click_and_load(page, find(page, "a.wire-first-link"))
    assert find(page, "h1").text == "Wire"
    page.execute_script("window.stillTheSamePage = true;")

    # The agency drops its first version; the poller's round reads it.
    (inbox / "quay-1.json").write_bytes(agency_copy(1, [LEAD, BARGES, STORM]))
    assert poll() == (
        "Polled 1 source: 1 received, 0 new versions, 0 duplicates, 0 failed."
    )
    assert [p.name for p in (inbox / "done").rglob("*.json")] == ["quay-1.json"]
    link = wait(page).until(
        lambda d: d.find_elements(By.LINK_TEXT, HEADLINE) or False,
        "the polled item did not appear in the open Wire screen",
    )[0]
    assert find(page, "#wire-live").text == "1 new item"
    assert page.execute_script("return window.stillTheSamePage === true;")

    # The item names the source it came from, linked to the source's row.
    click_and_load(page, link)
    source = find(page, "#wire-source")
    assert source.text == SOURCE
    assert source.get_attribute("href").endswith(
        f"/admin/articles/wiresource/{WireSource.objects.get().pk}/change/"
    )
    click_and_load(page, find(page, "#wire-take"))
    find(page, "#article_form")
    assert "You took" in find(page, ".messagelist").text, error_texts(page)
    # The copy's dateline (3 March 2026) is old by now: the desk dates it today.
    find(page, "#id_old_copy_0").click()
    click_and_load(page, find(page, "input[name=_publish]"))
    assert "was published" in find(page, ".messagelist").text, error_texts(page)
    story = Article.objects.get()
    assert story.status == Article.Status.PUBLISHED

    # The desk rewrites the lead of the published story.
    # In the body's editor (issue 21): select all, type the paragraphs, Enter
    # between them.
    editor = find(page, ".ProseMirror[contenteditable=true]")
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("\n".join([DESK_LEAD, BARGES, STORM]))
    click_and_load(page, find(page, "input[name=_continue]"))
    assert "changed successfully" in find(page, ".messagelist").text, error_texts(page)

    # Back on the Wire screen, the taken row leads to the story.
    open_page(page, live_server.url + "/admin/articles/wireitem/")
    item = WireItem.objects.get()
    assert row_state(page, item) == "Taken"
    taken = row(page, item).find_element(By.CSS_SELECTOR, ".field-state_mark a")
    assert taken.get_attribute("href").endswith(
        f"/admin/articles/article/{story.pk}/change/"
    )

    # The agency's next version arrives the same way. The source is due again at
    # once, as the sources list's "Poll … at the next round" action makes it.
    (inbox / "quay-2.json").write_bytes(
        agency_copy(2, [LEAD, BARGES_CORRECTED, STORM, ENDING])
    )
    WireSource.objects.update(next_poll_at=timezone.now())
    assert poll() == (
        "Polled 1 source: 0 received, 1 new versions, 0 duplicates, 0 failed."
    )
    wait(page).until(
        lambda d: row_state(d, item) == "Updated since taken",
        "the open Wire screen did not mark the taken item updated",
    )
    story.refresh_from_db()
    assert story.paragraphs == [DESK_LEAD, BARGES, STORM]  # waits for an editor
    assert story.wire_updates.get().state == WireUpdate.State.PENDING

    # The item shows what the agency changed, and leads to the story and to the
    # review of the three-way merge.
    click_and_load(page, page.find_element(By.LINK_TEXT, HEADLINE))
    changes = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".wire-diff ins")]
    assert "Fourteen" in changes
    assert ENDING in changes
    assert (
        find(page, "#wire-open-story")
        .get_attribute("href")
        .endswith(f"/admin/articles/article/{story.pk}/change/")
    )
    click_and_load(page, find(page, "#wire-review-update"))
    assert "version 2" in find(page, "h1").text
    click_and_load(page, find(page, "input[name=_merge]"))

    assert page.current_url.endswith(f"/admin/articles/article/{story.pk}/change/")
    assert "Merged the agency's version 2" in find(page, ".messagelist").text
    story.refresh_from_db()
    assert story.paragraphs == [DESK_LEAD, BARGES_CORRECTED, STORM, ENDING]
    assert story.status == Article.Status.PUBLISHED
    assert story.wire_updates.get().state == WireUpdate.State.MERGED
    merged = story.revisions.order_by("-version").first()
    assert merged.user.username == "nightdesk"
    assert "wire_merged" in merged.changed_fields
    # Readers see the desk's lead and the agency's correction together.
    open_page(page, live_server.url + story.get_absolute_url())
    text = find(page, "article").text
    assert DESK_LEAD in text
    assert BARGES_CORRECTED in text
    assert ENDING in text
