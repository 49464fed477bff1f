"""The seed's steps in a real browser: create "github api", upload a DER .cer, see it, inspect it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.factories import pem_to_der, test_ca

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def test_trust_store_administrator_does_the_seed_steps(page, make_user, tmp_path):
    make_user("tsa", ["TrustStoreAdministrator"])
    leaf = test_ca().issue_cert("api.github.test", common_name="api.github.test")
    certificate_file = tmp_path / "apiGitHub.cer"
    certificate_file.write_bytes(pem_to_der(leaf.cert_chain_pems[0].bytes()))

    _sign_in(page, "tsa")
    page.get_by_role("link", name="Trust stores").click()
    assert page.get_by_text("No trust stores yet.").is_visible()
    page.get_by_role("link", name="Create trust store").first.click()
    page.get_by_label("Name").fill("github api")
    page.get_by_label("Name").press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "Trust store “github api”"
    assert page.get_by_test_id("own-state").inner_text() == "Anonymous"
    assert page.get_by_test_id("empty-state").is_visible()
    screenshot(page, "truststore-new")

    page.get_by_test_id("empty-state").get_by_role("link", name="Import certificates").click()
    page.get_by_label("Certificate file").set_input_files(str(certificate_file))
    page.get_by_role("button", name="Import").click()

    assert page.get_by_role("status").filter(has_text="Imported 1 certificate (DER).").is_visible()
    assert page.get_by_text("is not a CA certificate: it is trusted as a pin").is_visible()
    row = page.get_by_role("row").filter(has_text="api.github.test")
    assert row.get_by_role("link", name="api.github.test").is_visible()
    assert "expires in" in row.inner_text()
    screenshot(page, "truststore-with-certificate")

    row.get_by_role("link", name="api.github.test").click()
    assert page.get_by_role("heading", level=1).inner_text() == "api.github.test"
    fields = page.get_by_test_id("certificate-fields")
    assert "DNS:api.github.test" in fields.inner_text()
    assert "Trust Console Test CA" in fields.inner_text()
    screenshot(page, "certificate-detail-full")


def test_viewer_sees_the_store_but_no_change_controls(page, make_user):
    from tests.factories import make_store

    make_store("github api", with_certificate=True)
    make_user("tsv", ["TrustStoreViewer"])
    _sign_in(page, "tsv")
    page.get_by_role("link", name="Trust stores").click()
    page.get_by_role("link", name="github api").click()
    assert page.get_by_role("link", name="Export PEM bundle").is_visible()
    for control in ["Import certificates", "Delete store"]:
        assert page.get_by_role("link", name=control).count() == 0


def test_own_key_pair_from_anonymous_to_awaiting_response_and_back(page, make_user):
    from tests.factories import make_store

    make_store("client auth")
    make_user("tsa", ["TrustStoreAdministrator"])
    _sign_in(page, "tsa")
    page.get_by_role("link", name="Trust stores").click()
    page.get_by_role("link", name="client auth").click()
    assert page.get_by_test_id("own-state").inner_text() == "Anonymous"
    page.get_by_role("link", name="Create key pair").click()
    page.get_by_label("Common name (CN)*", exact=True).fill("console-client")
    page.get_by_label("Organization (O)").fill("ACME")
    page.get_by_label("Key type*", exact=True).select_option(label="EC P-384")
    page.get_by_role("button", name="Create key pair and request").click()
    assert page.get_by_test_id("own-state").inner_text() == "Awaiting response"
    assert page.get_by_text("Request subject: CN=console-client,O=ACME").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download request (PEM)").click()
    assert download.value.suggested_filename == "client-auth.csr"
    screenshot(page, "own-awaiting-response")
    page.get_by_role("link", name="Reset to anonymous").click()
    page.get_by_role("button", name="Reset to anonymous").click()
    assert page.get_by_test_id("own-state").inner_text() == "Anonymous"
