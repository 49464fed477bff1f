"""A real browser signs in through the form, sees the dashboard and signs out."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_dashboard_and_sign_out(page, make_user):
    make_user("olivia", ["TrustStoreViewer"])

    page.goto("/audit/")
    assert page.url.endswith("/accounts/login/?next=/audit/")
    assert page.title() == "Sign in · Trust Console"
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Please enter a correct username and password").is_visible()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")  # the keyboard path through the form
    page.wait_for_url("**/audit/")
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert page.get_by_test_id("dashboard-roles").inner_text().strip() == "Your roles: TrustStoreViewer"
    account = page.get_by_test_id("account-menu")
    assert account.inner_text().strip() == "Signed in as olivia"
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="Trust stores").is_visible()
    assert nav.get_by_role("link", name="HTTP destinations").count() == 0
    # Bootstrap's stylesheet is served locally and applied: the navbar is dark.
    background = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(33, 37, 41)"
    screenshot(page, "dashboard")

    account.click()
    assert page.get_by_test_id("user-roles").inner_text().strip() == "TrustStoreViewer"
    screenshot(page, "account-menu")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="You have signed out").is_visible()
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_forbidden_page_names_the_role_in_the_browser(page, make_user):
    make_user("victor", ["TrustStoreViewer"])
    page.goto("/accounts/login/?next=/destinations/")
    page.get_by_label("Username").fill("victor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Access denied"
    assert "needs the HTTPDestViewer role" in page.get_by_test_id("denied-reason").inner_text()
