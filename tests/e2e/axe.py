"""axe-core, the accessibility engine, run inside the page the browser shows.

axe-core comes from the npm registry through the project's package.json
(``make install-test`` runs ``npm ci``); nothing is fetched from a CDN. Selenium
injects it with ``execute_script`` (the DevTools protocol, which the page's
Content-Security-Policy does not govern) and runs it with ``execute_async_script``.
"""

from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (result) => done(result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ")),
  }))),
  (error) => done([{id: "axe-error", impact: "critical", help: String(error),
                    nodes: []}]),
);
"""


def missing_axe() -> str | None:
    """Why axe-core cannot run here, or None when it can."""
    if not AXE.exists():
        return f"{AXE} is missing: run `npm ci` (make install-test does)"
    return None


def violations(driver: WebDriver, impacts=("critical", "serious")) -> list[dict]:
    """The page's axe-core violations of the given impacts, each with up to six of
    the elements at fault (CSS selectors), for a failing assertion's message."""
    driver.set_script_timeout(60)
    driver.execute_script(AXE.read_text())
    found = driver.execute_async_script(RUN)
    return [v for v in found if v["impact"] in impacts]
