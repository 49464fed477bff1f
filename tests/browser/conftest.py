"""Playwright for Python driving Debian's Chromium (Playwright's own browser download cannot work here).

Without /usr/bin/chromium the browser tests skip with the reason, except in CI
(CONSOLE_REQUIRE_BROWSER=1), where a missing browser fails them.
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


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; fails the test on any JavaScript error or console error."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        # A page's own 403/404 is what some tests ask for; failed sub-resources are caught below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console error: {message.text}")

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.request.resource_type} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert errors == [], errors


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
