"""The seed's story end to end in a real browser, each role signed in through the form in a context of its own.

A TrustStoreAdministrator creates "github api" and uploads a DER certificate; an
HTTPDestAdministrator creates (debugging.github, github) pointing at a local TLS server,
binds the store, tests, sees the unknown issuer named, fetches and trusts the chain, tests
again and sees success; a TrustStoreViewer and an HTTPDestViewer (on a 390 px phone) see all
of it and find nothing that changes anything, and their forged POSTs get 403 and change
nothing. Screenshots of the main pages go to test-output/screenshots/.

The uploaded certificate is api.github.com's from another PKI: with the local server's own
leaf in the store the first test would already pass (an end-entity certificate in the store
is trusted as a pin), and the story needs the unknown-issuer diagnosis first.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_fits, assert_keyboard_path, screenshot
from tests.conftest import PASSWORD
from tests.factories import pem_to_der, self_signed, to_pem
from tests.tls import make_pki, pem, shared_pki, tls_server

pytestmark = pytest.mark.django_db(transaction=True)

# Words that start a control changing something. Viewers must find none of them in a page's content.
CHANGING = re.compile(
    r"^(Create|Import|Delete|Remove|Edit|Save|Bind|Test connection|Test again|Fetch|Trust the|Reset"
    r"|Export as PKCS#12|Download PKCS#12)\b"
)


def sign_in(page, username: str, *, keyboard: bool = False) -> None:
    page.goto("/accounts/login/")
    if keyboard:
        assert assert_keyboard_path(page) == 1
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_test_id("account-menu").inner_text().strip() == f"Signed in as {username}"


def navigate(page, section: str) -> None:
    """Use the main navigation, opening the collapsed menu first on a phone."""
    nav = page.get_by_role("navigation", name="Main navigation")
    toggler = nav.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
    nav.get_by_role("link", name=section).click()
    assert page.get_by_role("heading", level=1).inner_text() == section


def flash(page) -> str:
    """The text of the flash messages the page shows."""
    return " ".join(page.locator("main > .alert").all_inner_texts())


def breadcrumbs(page) -> list[str]:
    return page.get_by_role("navigation", name="Breadcrumb").get_by_role("listitem").all_inner_texts()


def changing_controls(page) -> list[str]:
    """Every visible link or button in the page's content whose words say it changes something,
    and every form that would POST."""
    names = page.locator("main").evaluate(
        """(main) => Array.from(main.querySelectorAll("a[href], button, input[type=submit]"))
            .filter((el) => el.getClientRects().length > 0)
            .map((el) => (el.innerText || el.value || "").trim())"""
    )
    posts = page.locator("main form[method=post]").count()
    return [name for name in names if CHANGING.match(name)] + ([f"{posts} POST form(s)"] if posts else [])


def forge_post(page, url: str, **kwargs):
    """A POST the user's browser could send by hand: their session cookie and a valid CSRF token."""
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    return page.request.post(url, headers={"X-CSRFToken": token}, max_redirects=0, **kwargs)


def at_phone_width(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    assert_fits(page)
    screenshot(page, name, full_page=False)
    page.set_viewport_size(DESKTOP)


def test_the_seed_story_as_each_role(open_page, make_user, tmp_path):
    from destinations.models import HttpDestination
    from truststores.models import Certificate, TrustStore

    for username, role in [("tsa", "TrustStoreAdministrator"), ("hda", "HTTPDestAdministrator"),
                           ("tsv", "TrustStoreViewer"), ("hdv", "HTTPDestViewer")]:
        make_user(username, [role])
    pki = shared_pki()
    github = make_pki("Other").leaf("api.github.com")
    certificate_file = tmp_path / "apiGitHub.cer"
    certificate_file.write_bytes(pem_to_der(github.cert_pem()))

    with tls_server(pki.leaf("127.0.0.1")) as server:
        # ------------------------------------------------------------------ TrustStoreAdministrator
        tsa = open_page()
        sign_in(tsa, "tsa", keyboard=True)
        navigate(tsa, "Trust stores")
        assert tsa.get_by_text("No trust stores yet.").is_visible()
        tsa.get_by_role("link", name="Create trust store").first.click()
        assert breadcrumbs(tsa) == ["Trust stores", "Create"]
        assert assert_keyboard_path(tsa) == 1
        tsa.get_by_label("Name").fill("github api")
        tsa.get_by_label("Description").fill("Outbound calls to the GitHub REST API")
        tsa.get_by_role("button", name="Create").click()

        assert tsa.get_by_role("heading", level=1).inner_text() == "Trust store “github api”"
        assert flash(tsa).startswith("Created trust store 'github api'. It is anonymous and its certificate list is empty")
        assert tsa.get_by_test_id("own-state").inner_text() == "Anonymous"
        empty = tsa.get_by_test_id("empty-state")
        assert "The certificate list is empty." in empty.inner_text()
        assert "No HTTP destination is bound to this store yet" in tsa.get_by_test_id("where-used-empty").inner_text()

        # A delete asks first; Cancel leaves the store alone.
        tsa.get_by_role("link", name="Delete store").click()
        assert tsa.get_by_role("heading", level=1).inner_text() == "Delete trust store “github api”?"
        assert breadcrumbs(tsa) == ["Trust stores", "github api", "Delete"]
        tsa.get_by_role("link", name="Cancel").click()
        assert TrustStore.objects.filter(name="github api").exists()

        empty.get_by_role("link", name="Import certificates").click()
        assert tsa.get_by_role("heading", level=1).inner_text() == "Import certificates into “github api”"
        assert breadcrumbs(tsa) == ["Trust stores", "github api", "Import certificates"]
        assert assert_keyboard_path(tsa) == 1
        screenshot(tsa, "certificate-import")
        tsa.get_by_label("Certificate file").set_input_files(str(certificate_file))
        tsa.get_by_role("button", name="Import").click()

        assert "Imported 1 certificate (DER)." in flash(tsa)
        assert "is not a CA certificate: it is trusted as a pin" in flash(tsa)
        row = tsa.get_by_role("row").filter(has_text="api.github.com")
        assert row.get_by_role("link", name="api.github.com").is_visible()
        assert "End entity (pinned)" in row.inner_text()
        assert re.search(r"expires in 36\d days", row.inner_text())
        screenshot(tsa, "truststore-detail")
        at_phone_width(tsa, "truststore-detail-390")

        row.get_by_role("link", name="api.github.com").click()
        assert tsa.get_by_role("heading", level=1).inner_text() == "api.github.com"
        assert breadcrumbs(tsa) == ["Trust stores", "github api", "api.github.com"]
        fields = tsa.get_by_test_id("certificate-fields").inner_text()
        assert "DNS:api.github.com" in fields and "CN=Other Intermediate CA" in fields
        screenshot(tsa, "certificate-detail", full_page=False)

        navigate(tsa, "Trust stores")
        row = tsa.get_by_role("row").filter(has_text="github api")
        expiry = f"{github.certificate.not_valid_after_utc:%Y-%m-%d}"
        assert "Anonymous" in row.inner_text() and expiry in row.inner_text()
        screenshot(tsa, "truststore-list")

        # ---------------------------------------------------------------- HTTPDestAdministrator
        hda = open_page()
        sign_in(hda, "hda")
        navigate(hda, "HTTP destinations")
        assert hda.get_by_text("No HTTP destinations yet.").is_visible()
        hda.get_by_role("link", name="Create destination").first.click()
        assert breadcrumbs(hda) == ["HTTP destinations", "Create"]
        assert assert_keyboard_path(hda) == 1
        hda.get_by_label("Package*", exact=True).fill("debugging.github")
        hda.get_by_label("Name*", exact=True).fill("github")
        hda.get_by_label("host*", exact=True).fill("127.0.0.1")
        hda.get_by_label("port*", exact=True).fill(str(server.port))
        assert hda.get_by_label("useSSL").is_checked()
        hda.get_by_role("button", name="Create").click()

        assert hda.get_by_role("heading", level=1).inner_text() == "debugging.github : github"
        assert flash(hda) == "Created destination debugging.github:github. Bind a trust store to it next."
        assert "No trust store is bound: an HTTPS call has nothing to trust and fails." in (
            hda.get_by_test_id("bound-store").inner_text()
        )
        hda.get_by_label("Bind a trust store").select_option(label="github api")
        hda.get_by_role("button", name="Bind").click()
        assert flash(hda) == "Bound trust store 'github api' to debugging.github:github."
        assert hda.get_by_test_id("bound-store").inner_text().startswith("Bound to github api")
        assert "none of them names 127.0.0.1" in hda.locator('[data-code="host_mismatch"]').inner_text()
        assert assert_keyboard_path(hda) == 2  # the test form and the bind form
        screenshot(hda, "destination-detail-warnings")
        at_phone_width(hda, "destination-detail-390")

        hda.get_by_role("button", name="Test connection").click()
        assert hda.get_by_role("heading", level=1).inner_text() == "Test connection: debugging.github:github"
        result = hda.get_by_test_id("test-result").inner_text()
        assert "Unable to get local issuer certificate" in result and "CN=Test Root CA" in result
        assert "Next step:" in result
        screenshot(hda, "test-failure")

        hda.get_by_role("button", name="Fetch and trust the chain").click()
        assert hda.get_by_role("heading", level=1).inner_text() == f"The chain 127.0.0.1:{server.port} presents"
        assert hda.get_by_label("CN=Test Intermediate CA", exact=False).is_checked()  # the issuing CA is suggested
        assert not hda.get_by_label("CN=127.0.0.1", exact=False).is_checked()
        hda.get_by_label("I compared these SHA-256 fingerprints", exact=False).check()
        assert assert_keyboard_path(hda) == 1
        screenshot(hda, "fetch-and-trust")
        hda.get_by_role("button", name="Trust the chosen certificates").click()
        assert flash(hda) == "Imported 1 certificate into 'github api'. Test the connection again."

        hda.get_by_role("button", name="Test connection").click()
        result = hda.get_by_test_id("test-result").inner_text()
        assert result.startswith("Success: HTTP 200 OK over TLSv1.3")
        assert hda.get_by_test_id("anchor").inner_text() == "anchor: in the trust store"
        screenshot(hda, "test-success")
        hda.get_by_role("link", name="Back to the destination").click()
        assert "success" in hda.get_by_test_id("last-test").inner_text()

    store = TrustStore.objects.get(name="github api")
    destination = HttpDestination.objects.get(package="debugging.github", name="github")
    assert destination.truststore == store and destination.last_test_ok is True
    assert sorted(Certificate.objects.filter(store=store).values_list("subject_cn", flat=True)) == [
        "Test Intermediate CA", "api.github.com",
    ]

    # -------------------------------------------------------------- TrustStoreViewer, on a phone
    tsv = open_page(viewport=PHONE)
    sign_in(tsv, "tsv")
    navigate(tsv, "Trust stores")
    assert tsv.get_by_text("github api").is_visible()
    assert changing_controls(tsv) == []
    assert_fits(tsv)
    tsv.get_by_role("link", name="github api").click()
    assert tsv.get_by_role("heading", level=1).inner_text() == "Trust store “github api”"
    assert tsv.get_by_test_id("certificate-total").inner_text() == "2"
    assert tsv.get_by_test_id("where-used").inner_text().startswith("debugging.github:github")
    assert tsv.get_by_role("link", name="Export PEM bundle").is_visible()
    assert changing_controls(tsv) == []
    assert_fits(tsv)
    tsv.get_by_role("link", name="Test Intermediate CA").click()
    assert tsv.get_by_role("link", name="Download DER (.cer)").is_visible()
    assert changing_controls(tsv) == []
    assert_fits(tsv)
    screenshot(tsv, "certificate-detail-viewer-390", full_page=False)

    # Forged POSTs with a valid session and CSRF token: refused by role, nothing changes.
    version = store.content_version
    response = forge_post(tsv, f"/truststores/{store.pk}/import/", form={"pem": to_pem(self_signed("Forged CA")).decode()})
    assert response.status == 403 and "needs the TrustStoreAdministrator role" in response.text()
    response = forge_post(tsv, f"/truststores/{store.pk}/delete/")
    assert response.status == 403
    response = forge_post(tsv, f"/destinations/{destination.pk}/bind/", form={"truststore": ""})
    assert response.status == 403
    store.refresh_from_db()
    assert Certificate.objects.filter(store=store).count() == 2
    assert store.content_version == version

    # ------------------------------------------------------------ HTTPDestViewer, on a phone
    hdv = open_page(viewport=PHONE)
    sign_in(hdv, "hdv")
    navigate(hdv, "HTTP destinations")
    row = hdv.get_by_role("row").filter(has_text="debugging.github")
    assert "github api" in row.inner_text() and "success" in row.inner_text()
    assert changing_controls(hdv) == []
    assert_fits(hdv)
    row.get_by_role("link", name="github").click()
    assert hdv.get_by_role("heading", level=1).inner_text() == "debugging.github : github"
    assert hdv.get_by_test_id("bound-store").inner_text().startswith("Bound to github api")
    assert "success" in hdv.get_by_test_id("last-test").inner_text()
    assert hdv.get_by_role("link", name="Export .xshttpdest").is_visible()
    assert changing_controls(hdv) == []
    assert_fits(hdv)
    screenshot(hdv, "destination-detail-viewer-390", full_page=False)

    tested_at = destination.last_test_at
    for url, form in [
        (f"/destinations/{destination.pk}/bind/", {"truststore": ""}),
        (f"/destinations/{destination.pk}/test/", {"path": "/"}),
        (f"/destinations/{destination.pk}/fetch/", {}),
        (f"/destinations/{destination.pk}/delete/", {}),
        ("/destinations/new/", {"package": "debugging.forged", "name": "forged", "host": "127.0.0.1", "port": "443"}),
    ]:
        response = forge_post(hdv, url, form=form)
        assert response.status == 403, url
        assert "needs the HTTPDestAdministrator role" in response.text(), url
    destination.refresh_from_db()
    assert destination.truststore == store and destination.last_test_at == tested_at
    assert HttpDestination.objects.count() == 1


def test_dashboard_light_and_dark(open_page, make_user):
    """The dashboard with something expiring, in light mode and then in the browser's dark mode."""
    from destinations.models import HttpDestination
    from truststores import services
    from tests.factories import make_destination, make_store

    now = dt.datetime.now(dt.timezone.utc)
    partners = make_store("partner apis")
    bundle = pem(
        self_signed("Partner Root CA 2016", not_before=now - dt.timedelta(days=400), days=395),
        self_signed("Payments Issuing CA", days=12),
    )
    services.certificates_import(store=partners, data=bundle, source="partners.pem", actor=None)
    github = make_store("github api")
    services.certificates_import(store=github, data=to_pem(self_signed("Example Issuing CA", days=400)),
                                 source="issuing-ca.pem", actor=None)
    make_destination(truststore=github, last_test_at=now, last_test_ok=True, last_test_summary="HTTP 200 OK")
    make_destination(package="billing.payments", name="psp", host="127.0.0.1", port=8443, truststore=partners,
                     last_test_at=now, last_test_ok=False,
                     last_test_summary="Certificate expired: CN=Partner Root CA 2016 expired 5 days ago")
    assert HttpDestination.objects.count() == 2
    make_user("admin", superuser=True)

    page = open_page()
    sign_in(page, "admin")
    assert page.locator("html").get_attribute("data-bs-theme") == "light"
    timeline = page.get_by_test_id("timeline")
    assert "Payments Issuing CA" in timeline.inner_text()
    assert "billing.payments:psp" in page.get_by_test_id("failing").inner_text()
    screenshot(page, "dashboard", full_page=False)

    # theme.js follows the browser's preference as it changes, without a reload.
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.documentElement.dataset.bsTheme === 'dark'")
    colours = page.evaluate(
        """() => ({
            body: getComputedStyle(document.body).backgroundColor,
            timeline: getComputedStyle(document.querySelector('[data-testid=timeline] svg text')).fill,
        })"""
    )
    assert colours["body"] == "rgb(33, 37, 41)"
    assert colours["timeline"] == "rgb(222, 226, 230)"  # currentColor: the dark mode's body text
    low_contrast = page.evaluate(CONTRAST_JS)
    assert low_contrast == [], low_contrast
    screenshot(page, "dashboard-dark", full_page=False)

    page.get_by_role("link", name="github").click()
    assert page.get_by_role("heading", level=1).inner_text() == "debugging.github : github"
    low_contrast = page.evaluate(CONTRAST_JS)
    assert low_contrast == [], low_contrast
    screenshot(page, "destination-detail-dark", full_page=False)

    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.documentElement.dataset.bsTheme === 'light'")
    low_contrast = page.evaluate(CONTRAST_JS)
    assert low_contrast == [], low_contrast

    navigate(page, "Audit log")
    assert assert_keyboard_path(page) == 1
    assert "Imported 2 certificates" in page.get_by_role("table").inner_text()


# Every visible badge and alert whose text contrasts less than 4.5:1 with its background (WCAG AA).
CONTRAST_JS = """async () => {
  await Promise.all(document.getAnimations().map((animation) => animation.finished));  // colour transitions
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => {
    const [l1, l2] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  return Array.from(document.querySelectorAll(".badge, .alert, .btn, a"))
    .filter((el) => el.getClientRects().length > 0 && el.closest("svg") === null)
    .map((el) => [el, ratio(rgb(getComputedStyle(el).color).slice(0, 3), background(el))])
    .filter(([, value]) => value < 4.5)
    .map(([el, value]) => el.className + " “" + el.innerText.trim().slice(0, 40) + "”: " + value.toFixed(2));
}"""
