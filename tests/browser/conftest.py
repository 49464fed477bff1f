"""Playwright for Python driving Debian's Chromium (Playwright's own browser download cannot work here).

Without /usr/bin/chromium the browser tests skip with the reason, except in CI
(CONSOLE_REQUIRE_BROWSER=1), where a missing browser fails them.

Every page a test opens (``page`` or ``open_page()``) is checked, and the test fails at
teardown on any problem found:

- a JavaScript error, a console error (a Content-Security-Policy violation is one) or a
  sub-resource that failed to load;
- on every document loaded: an empty ``<title>``, not exactly one ``<h1>``, a visible
  input/select/textarea without an accessible name (``label[for]``, a wrapping label,
  ``aria-label`` or ``aria-labelledby``), a visible form whose submit button is missing,
  not focusable or before its first field in the tab order, and, in a viewport 400 px wide
  or narrower, a page wider than the viewport.

``assert_keyboard_path(page)`` goes further on the pages a test calls it on: it presses Tab
from each form's first field until that form's submit button has the focus.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Runs in each page before its own scripts (injected by Playwright, so the page's CSP does not apply).
# It defines window.__consolePageCheck() and reports its findings through the exposed binding
# __consolePageReport once the page has loaded.
PAGE_CHECK_SCRIPT = r"""
(() => {
  if (window.top !== window) return;
  const words = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.getAttribute("name") ? "[name=" + el.getAttribute("name") + "]" : "");
  const focusable = (el) => !el.disabled && el.tabIndex >= 0 && visible(el) && !el.closest("[inert]");
  const isButton = (el) => el.tagName === "BUTTON" || ["submit", "button", "reset", "image"].includes(el.type);
  const isField = (el) => ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) && el.type !== "hidden" && !isButton(el);

  function accessibleName(el) {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const byIds = ids.map((id) => document.getElementById(id)).filter(Boolean).map(words).join(" ").trim();
    if (byIds) return byIds;
    const aria = (el.getAttribute("aria-label") || "").trim();
    if (aria) return aria;
    return Array.from(el.labels || []).map(words).join(" ").trim();
  }

  function tabOrder() {
    const all = Array.from(document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]")).filter(focusable);
    return all.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex)
      .concat(all.filter((el) => el.tabIndex === 0));
  }

  // The visible forms, each with its first focusable field (or null) and its submit button (or null).
  function forms() {
    return Array.from(document.forms).filter(visible).map((form, index) => {
      const controls = Array.from(form.elements);
      const submit = controls.find((el) => isButton(el) && (el.type === "submit" || el.type === "image") && visible(el)) || null;
      const first = controls.find((el) => isField(el) && focusable(el)) || null;
      const name = (form.getAttribute("action") || location.pathname) + " (form " + (index + 1) + ")";
      return { form, name, first, submit };
    });
  }

  function check() {
    const problems = [];
    const title = document.title.trim();
    if (!title || title.startsWith("·")) problems.push("the page has no <title>: " + JSON.stringify(document.title));
    const headings = document.querySelectorAll("h1");
    if (headings.length !== 1) problems.push(headings.length + " <h1> elements instead of exactly one");
    else if (!words(headings[0])) problems.push("the <h1> is empty");
    for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      if (isButton(el) || !visible(el)) continue;
      if (!accessibleName(el)) problems.push("the field " + describe(el) + " has no label");
    }
    const order = tabOrder();
    for (const { name, first, submit } of forms()) {
      if (!submit) { problems.push(name + " has no visible submit button"); continue; }
      if (!focusable(submit)) { problems.push(name + ": its submit button cannot take the keyboard focus"); continue; }
      if (first && order.indexOf(first) > order.indexOf(submit)) {
        problems.push(name + ": the submit button comes before the first field in the tab order");
      }
    }
    const root = document.documentElement;
    if (window.innerWidth <= 400 && root.scrollWidth > root.clientWidth) {
      problems.push("the page is wider than the " + window.innerWidth + " px viewport: " + root.scrollWidth + " px");
    }
    return { url: location.href, problems };
  }

  window.__consolePageCheck = check;
  window.__consoleForms = forms;
  window.addEventListener("load", () => {
    if (typeof window.__consolePageReport === "function") window.__consolePageReport(check());
  });
})();
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module; closed after it so no event loop outlives the module."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"browser tests skipped: {CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "browser tests skipped: the playwright package is not installed"
    if reason:
        if os.environ.get("CONSOLE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "cannot run") + " (CONSOLE_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop running in the test thread while it
    # lives; the ORM calls the tests make themselves are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def install_page_check(page, report) -> None:
    """Run PAGE_CHECK_SCRIPT in every document ``page`` loads; ``report({url, problems})`` gets its findings."""
    page.expose_function("__consolePageReport", report)
    page.add_init_script(PAGE_CHECK_SCRIPT)


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a browser context of its own (its own cookies: one per user).

    ``open_page(viewport=PHONE, color_scheme="dark")``. Every page it opened is checked as
    the module docstring says; the test fails at teardown if any check found a problem.
    """
    contexts = []
    errors: list[str] = []

    def open_(viewport: dict | None = None, color_scheme: str = "light"):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, color_scheme=color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        reported: set[tuple[str, str]] = set()

        def report(result: dict) -> None:
            for problem in result["problems"]:
                if (result["url"], problem) not in reported:
                    reported.add((result["url"], problem))
                    errors.append(f"{result['url']}: {problem}")

        def on_console(message) -> None:
            # A page's own 403/404 is what some tests ask for; failed sub-resources are caught below.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                errors.append(f"console error on {page.url}: {message.text}")

        def on_response(response) -> None:
            if response.status >= 400 and response.request.resource_type != "document":
                errors.append(f"{response.status} for {response.request.resource_type} {response.url}")

        install_page_check(page, report)
        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: errors.append(f"page error on {page.url}: {error}"))
        page.set_default_timeout(10_000)
        page.page_check_report = report  # the teardown checks the page shown last once more
        return page

    yield open_
    for context in contexts:
        for page in context.pages:
            try:
                result = page.evaluate("() => window.__consolePageCheck ? window.__consolePageCheck() : null")
            except Exception:  # noqa: BLE001 - a page closed or navigating away has nothing left to check
                result = None
            if result:
                page.page_check_report(result)
        context.close()
    assert errors == [], "\n".join(errors)


@pytest.fixture
def page(open_page):
    """A fresh browser page, 1280 px wide, checked as the module docstring says."""
    return open_page()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def page_problems(page) -> list[str]:
    """What the automatic page check finds on the page shown now."""
    return page.evaluate("() => window.__consolePageCheck().problems")


def assert_fits(page) -> None:
    """Nothing is wider than the viewport: no horizontal scrolling."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide in a {width} px viewport"


def assert_keyboard_path(page) -> int:
    """For each visible form with a field: Tab from its first field reaches its submit button.

    Returns how many forms were walked. A form of buttons only is covered by the page check
    (its button must take the focus).
    """
    count = page.evaluate("() => window.__consoleForms().filter((f) => f.first && f.submit).length")
    for index in range(count):
        steps = page.evaluate(
            """(index) => {
                const { first } = window.__consoleForms().filter((f) => f.first && f.submit)[index];
                first.focus();
                return document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]").length;
            }""",
            index,
        )
        for _ in range(steps + 1):
            page.keyboard.press("Tab")
            state = page.evaluate(
                """(index) => {
                    const { name, submit } = window.__consoleForms().filter((f) => f.first && f.submit)[index];
                    return { name, done: document.activeElement === submit,
                             lost: document.activeElement === document.body || document.activeElement === null };
                }""",
                index,
            )
            if state["done"] or state["lost"]:
                break
        assert state["done"], f"{page.url}: Tab from the first field of {state['name']} never reaches its submit button"
    return count
