"""Browser fixtures: one headless Chromium for the run, a clean slate for each test.

The live server (pytest-django's ``live_server``) runs in a thread of this process
against the same test database file (see ``tests/conftest.py``), so tests that use it
are transactional: what the test writes is committed before the browser asks for it.
``serialized_rollback`` brings back the groups the migrations made, which a
transactional test's flush would otherwise remove for the tests after it.

The live server serves static files (admin JavaScript, site.css) through
staticfiles' handler and media files from the test's own ``MEDIA_ROOT`` (Django's
live server does that by itself), so no test-only URL is needed.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from . import browser

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests ``e2e``; skip them, saying why, without a browser."""
    reason = browser.missing_browser()
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture(scope="session")
def chromium():
    # tests/conftest.py clears what the last failing run left, once per run.
    driver = browser.launch()
    yield driver
    driver.quit()


def _record_failure(request, driver, name):
    """Keep what the browser showed when a test failed, next to the screenshots."""
    if getattr(request.node, "e2e_failed", False):
        stem = f"FAILED-{request.node.name}-{name}"
        browser.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (browser.ARTIFACTS / f"{stem}.html").write_text(driver.page_source)
        driver.save_screenshot(str(browser.ARTIFACTS / f"{stem}.png"))


@pytest.fixture
def page(request, chromium, live_server):
    """The shared browser, logged out, at desktop size; the live server is up."""
    chromium.delete_all_cookies()
    # Pages are public with a max-age: a page the last test loaded at the same
    # address (the live server's port stays) would come from the browser's cache,
    # with that test's photos, whose files are gone.
    chromium.execute_cdp_cmd("Network.clearBrowserCache", {})
    browser.reset_viewport(chromium)
    yield chromium
    _record_failure(request, chromium, "page")
    # Leave no page open that could send a request into the next test's database.
    chromium.get("about:blank")


@pytest.fixture
def second_page(request, live_server):
    """A second, separate browser: another editor at another desk."""
    driver = browser.launch()
    yield driver
    _record_failure(request, driver, "second_page")
    driver.quit()


@pytest.fixture
def demo_editor():
    """The seed story and the demo editor, made by ``manage.py load_demo``.

    Returns the user name and the one-time password the command prints, as a
    person setting up the demo would read them off the terminal.
    """
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    username = re.search(r"user name:\s+(\S+)", printed).group(1)
    password = re.search(r"password:\s+(\S+)", printed).group(1)
    return username, password
