"""A thin layer over Selenium for the browser tests: launch, wait, look, record.

Only Debian's own ``chromium`` and ``chromedriver`` are used. The driver path is
given explicitly, which makes Selenium skip Selenium Manager (the part that would
download a browser or driver); ``SE_OFFLINE`` and a refusing ``SE_MANAGER_PATH``
make sure it could not download anything even if it were reached.
"""

import base64
import os
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("E2E_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"

# Generous for a shared 2-core machine; a wait returns as soon as its condition holds.
TIMEOUT = 20

DESKTOP = (1280, 800)
PHONE = (390, 844)

FLAGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in containers
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--lang=en-US",
    f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
]


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        return (
            f"browser tests need Debian's chromium and chromium-driver; missing "
            f"{' and '.join(missing)} (apt-get install chromium chromium-driver)"
        )
    return None


def launch() -> WebDriver:
    os.environ["SE_OFFLINE"] = "true"
    os.environ["SE_MANAGER_PATH"] = "/bin/false"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service(executable_path=str(CHROMEDRIVER)), options=options
    )
    driver.set_page_load_timeout(TIMEOUT)
    return driver


def wait(driver: WebDriver, timeout: float = TIMEOUT) -> WebDriverWait:
    # Polled often: most conditions hold within a few milliseconds.
    return WebDriverWait(driver, timeout, poll_frequency=0.05)


def find(driver: WebDriver, css: str) -> WebElement:
    """The element once it is in the page and visible."""
    return wait(driver).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, css)),
        f"nothing visible matches {css!r} on {driver.current_url}",
    )


def present(driver: WebDriver, css: str) -> WebElement:
    """The element once it is in the page, shown or not (hidden inputs)."""
    return wait(driver).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, css)),
        f"nothing matches {css!r} on {driver.current_url}",
    )


def find_all(driver: WebDriver, css: str) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, css)


def page_loaded(driver: WebDriver) -> None:
    wait(driver).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def open_page(driver: WebDriver, url: str) -> None:
    driver.get(url)
    page_loaded(driver)


def click_and_load(driver: WebDriver, element: WebElement) -> None:
    """Click a link or submit button and wait until the next page has loaded."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    what = element.get_attribute("value") or element.text or element.tag_name
    element.click()
    wait(driver).until(
        EC.staleness_of(old_page),
        f"no new page after clicking {what!r} on {driver.current_url}",
    )
    page_loaded(driver)


def type_into(element: WebElement, text: str) -> None:
    """Replace a field's text as a person does: clear it, then type."""
    element.clear()
    element.send_keys(text)


def admin_login(driver: WebDriver, base_url: str, username: str, password: str):
    open_page(driver, base_url + "/admin/login/")
    type_into(find(driver, "#id_username"), username)
    type_into(find(driver, "#id_password"), password)
    click_and_load(driver, find(driver, "#login-form [type=submit]"))
    # The desk's index names the logged-in user; a failed login shows the form again.
    find(driver, "#user-tools")


def set_viewport(
    driver: WebDriver, size: tuple[int, int] = DESKTOP, *, mobile: bool = False
) -> None:
    """Emulate a screen of exactly ``size`` CSS pixels (a phone honours the page's
    ``<meta name=viewport>``, as a real one does)."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.e2e_screen = (size, mobile)


def reset_viewport(driver: WebDriver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.e2e_screen = None


def wait_for_images(driver: WebDriver) -> None:
    """Every eagerly loaded image has arrived and decoded (lazy ones may wait)."""
    wait(driver).until(
        lambda d: d.execute_script(
            "return [...document.images].filter(i => i.loading !== 'lazy')"
            ".every(i => i.complete && i.naturalWidth > 0)"
        ),
        f"an image did not load on {driver.current_url}",
    )


def screenshot(driver: WebDriver, name: str) -> Path:
    """Save the whole page as ``artifacts/e2e/name.png``, as on a screen that tall.

    The screen is stretched to the page's height for the shot (so sticky parts such
    as the admin's sidebar sit where a reader sees them), then put back.
    """
    size, mobile = getattr(driver, "e2e_screen", None) or (DESKTOP, False)
    content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    tall = (size[0], max(size[1], int(content["height"]) + 1))
    set_viewport(driver, tall, mobile=mobile)
    try:
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        set_viewport(driver, size, mobile=mobile)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def error_texts(driver: WebDriver) -> list[str]:
    """The form errors on the page, for a failing assertion's message."""
    return [e.text for e in find_all(driver, ".errornote, .errorlist") if e.text]
