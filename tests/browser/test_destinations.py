"""Creating (debugging.github, github), binding "github api" and watching the warnings, in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_truststores import _sign_in
from tests.factories import leaf_pem, make_store, pem_to_der
from truststores.services import certificates_import

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_bind_and_clear_the_host_warning(page, make_user, tmp_path):
    make_user("ops", ["TrustStoreAdministrator", "HTTPDestAdministrator"])
    store = make_store("github api")
    certificates_import(store=store, data=leaf_pem("www.example.test"), source="test", actor=None)
    matching = tmp_path / "apiGitHub.cer"
    matching.write_bytes(pem_to_der(leaf_pem("api.github.com")))

    _sign_in(page, "ops")
    page.get_by_role("link", name="HTTP destinations").click()
    page.get_by_role("link", name="Create destination").first.click()
    page.get_by_label("Package*", exact=True).fill("debugging.github")
    page.get_by_label("Name*", exact=True).fill("github")
    page.get_by_label("host*", exact=True).fill("api.github.com")
    page.get_by_label("port*", exact=True).fill("443")
    assert page.get_by_label("useSSL").is_checked()
    page.get_by_role("button", name="Create").click()

    assert page.get_by_role("heading", level=1).inner_text() == "debugging.github : github"
    warnings = page.get_by_test_id("warnings")
    assert "unable to get local issuer certificate" in warnings.inner_text()

    page.get_by_label("Bind a trust store").select_option(label="github api")
    page.get_by_role("button", name="Bind").click()
    assert page.get_by_test_id("bound-store").get_by_role("link", name="github api").is_visible()
    host_warning = page.locator('[data-code="host_mismatch"]')
    assert "none of them names api.github.com" in host_warning.inner_text()
    screenshot(page, "destination-host-warning")

    page.get_by_test_id("bound-store").get_by_role("link", name="github api").click()
    assert page.get_by_test_id("where-used").inner_text().startswith("debugging.github:github")
    page.get_by_role("link", name="Import certificates").first.click()
    page.get_by_label("Certificate file").set_input_files(str(matching))
    page.get_by_role("button", name="Import").click()
    assert page.get_by_text("Imported 1 certificate (DER).").is_visible()

    page.get_by_test_id("where-used").get_by_role("link", name="debugging.github:github").click()
    assert page.locator('[data-code="host_mismatch"]').count() == 0
    assert page.get_by_test_id("warnings").inner_text().strip() == ""
    screenshot(page, "destination-bound")


def test_destination_viewer_finds_nothing_to_change(page, make_user):
    from tests.factories import make_destination

    make_destination(truststore=make_store("github api"))
    make_user("viewer", ["HTTPDestViewer"])
    _sign_in(page, "viewer")
    page.get_by_role("link", name="HTTP destinations").click()
    page.get_by_role("link", name="github").click()
    assert page.get_by_test_id("bound-store").inner_text().startswith("Bound to github api")
    assert page.get_by_role("button").filter(has_text="Bind").count() == 0
    for control in ["Edit", "Delete", "Create destination"]:
        assert page.get_by_role("link", name=control, exact=True).count() == 0


def test_seed_story_unknown_issuer_then_fetch_and_trust_then_success(page, make_user):
    from tests.factories import make_destination
    from tests.tls import shared_pki, tls_server

    pki = shared_pki()
    make_user("ops", ["TrustStoreAdministrator", "HTTPDestAdministrator"])
    store = make_store("github api")
    with tls_server(pki.leaf("127.0.0.1")) as server:
        make_destination(host="127.0.0.1", port=server.port, truststore=store)
        _sign_in(page, "ops")
        page.get_by_role("link", name="HTTP destinations").click()
        page.get_by_role("link", name="github").click()

        page.get_by_role("button", name="Test connection").click()
        result = page.get_by_test_id("test-result")
        assert "Unable to get local issuer certificate" in result.inner_text()
        assert "CN=Test Root CA" in result.inner_text()
        screenshot(page, "test-unknown-issuer")

        page.get_by_role("button", name="Fetch and trust the chain").click()
        assert page.get_by_role("heading", level=1).inner_text() == f"The chain 127.0.0.1:{server.port} presents"
        assert page.get_by_label("CN=Test Intermediate CA", exact=False).is_checked()
        page.get_by_label("I compared these SHA-256 fingerprints", exact=False).check()
        screenshot(page, "fetch-and-trust")
        page.get_by_role("button", name="Trust the chosen certificates").click()
        assert page.get_by_text("Imported 1 certificate into 'github api'. Test the connection again.").is_visible()

        page.get_by_role("button", name="Test connection").click()
        result = page.get_by_test_id("test-result")
        assert result.inner_text().startswith("Success: HTTP 200 OK over TLSv1.3")
        assert page.get_by_test_id("anchor").count() == 1
        screenshot(page, "test-success")
