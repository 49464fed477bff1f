"""The automatic page check itself: it must catch what it is there to catch, or the suite proves nothing."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE, assert_fits, assert_keyboard_path, install_page_check, screenshot
from tests.conftest import PASSWORD

BAD_PAGE = """<!doctype html><html><head><title></title></head><body>
<h1>One</h1><h1>Two</h1>
<form action="/a"><input name="unlabelled"><button type="submit" tabindex="-1">Go</button></form>
<form action="/b"><label for="q">Query</label><input id="q" name="q"></form>
<form action="/c"><button type="submit" tabindex="1">First</button><label>Late <input name="late"></label></form>
<div class="wide">wide</div>
</body></html>"""
BAD_STYLE = ".wide { width: 800px; }"

GOOD_PAGE = """<!doctype html><html><head><title>Fine · Trust Console</title></head><body>
<h1>Fine</h1>
<form action="/a"><label>Name <input name="name"></label><select aria-label="Kind"><option>a</option></select>
<span id="note-label">Note</span><textarea aria-labelledby="note-label"></textarea><button>Save</button></form>
</body></html>"""


def _serve(page, live_server, html: str) -> None:
    page.route(f"{live_server.url}/__page-check__/**", lambda route: route.fulfill(
        body=html if route.request.resource_type == "document" else BAD_STYLE,
        content_type="text/html" if route.request.resource_type == "document" else "text/css",
    ))


def test_the_page_check_reports_each_kind_of_problem(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    reports: list[dict] = []
    install_page_check(page, lambda report: reports.append(report))
    _serve(page, live_server, BAD_PAGE.replace("</head>", '<link rel="stylesheet" href="/__page-check__/bad.css"></head>'))
    page.goto("/__page-check__/bad")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.evaluate("() => 0")  # lets the report of the load event arrive
    context.close()

    assert len(reports) == 1
    problems = "\n".join(reports[0]["problems"])
    assert "no <title>" in problems
    assert "2 <h1> elements instead of exactly one" in problems
    assert "input[name=unlabelled] has no label" in problems
    assert "/a (form 1): its submit button cannot take the keyboard focus" in problems
    assert "/b (form 2) has no visible submit button" in problems
    assert "/c (form 3): the submit button comes before the first field" in problems
    assert "wider than the 390 px viewport" in problems
    assert "input[name=late]" not in problems  # a wrapping label names its field


def test_a_good_page_passes_and_tab_reaches_the_submit_button(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    reports: list[dict] = []
    install_page_check(page, lambda report: reports.append(report))
    _serve(page, live_server, GOOD_PAGE)
    page.goto("/__page-check__/good")
    assert assert_keyboard_path(page) == 1
    context.close()
    assert reports and all(report["problems"] == [] for report in reports)


@pytest.mark.django_db(transaction=True)
def test_every_page_on_a_phone(open_page, make_user):
    """Each page of the console, as a superuser 390 px wide: it passes the page check, fits the
    screen, has breadcrumbs below the top level, and Tab leads through each form to its button."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    from destinations.models import HttpDestination
    from tests.factories import make_destination, make_store
    from tests.tls import shared_pki
    from truststores import own
    from truststores.models import Certificate

    store = make_store("github api", with_certificate=True)
    certificate = Certificate.objects.get(store=store)
    destination = make_destination(truststore=store, description="The GitHub REST API, for the issue sync job")
    anonymous = make_store("anonymous")
    awaiting = make_store("awaiting response")
    own.own_key_pair_create(store=awaiting, subject=cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "console")]),
                            sans=[], key_type="ec256", actor=None)
    client = make_store("client auth")
    leaf = shared_pki().client()
    p12 = pkcs12.serialize_key_and_certificates(b"client", leaf.key, leaf.certificate, leaf.chain[1:],
                                                BestAvailableEncryption(b"secret password"))
    own.own_pkcs12_import(store=client, data=p12, password="secret password", actor=None)
    make_destination(package="billing", name="psp", truststore=client, ssl_auth="client")
    assert HttpDestination.objects.count() == 2
    make_user("root", superuser=True)

    page = open_page(viewport=PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: url.endswith("/"))

    top_level = {"/", "/audit/", "/truststores/", "/destinations/"}
    pages = [
        ("/", "Dashboard"),
        ("/audit/", "Audit log"),
        ("/truststores/", "Trust stores"),
        ("/truststores/new/", "Create trust store"),
        (f"/truststores/{store.pk}/", "Trust store “github api”"),
        (f"/truststores/{store.pk}/import/", "Import certificates into “github api”"),
        (f"/truststores/{store.pk}/certificates/{certificate.pk}/", certificate.alias),
        (f"/truststores/{store.pk}/certificates/{certificate.pk}/remove/", f"Remove certificate “{certificate.alias}”?"),
        (f"/truststores/{store.pk}/delete/", "Delete trust store “github api”?"),
        (f"/truststores/{anonymous.pk}/delete/", "Delete trust store “anonymous”?"),
        (f"/truststores/{anonymous.pk}/own/key-pair/", None),
        (f"/truststores/{anonymous.pk}/own/pkcs12/import/", None),
        (f"/truststores/{awaiting.pk}/", "Trust store “awaiting response”"),
        (f"/truststores/{awaiting.pk}/own/response/", None),
        (f"/truststores/{client.pk}/", "Trust store “client auth”"),
        (f"/truststores/{client.pk}/own/pkcs12/export/", None),
        (f"/truststores/{client.pk}/own/reset/", "Reset “client auth” to anonymous?"),
        ("/destinations/", "HTTP destinations"),
        ("/destinations/new/", "Create HTTP destination"),
        ("/destinations/import/", "Import .xshttpdest files"),
        (f"/destinations/{destination.pk}/", "debugging.github : github"),
        (f"/destinations/{destination.pk}/edit/", "Edit debugging.github:github"),
        (f"/destinations/{destination.pk}/delete/", "Delete destination debugging.github:github?"),
        ("/truststores/999999/", "Page not found"),
    ]
    for index, (path, heading) in enumerate(pages):
        page.goto(path)
        h1 = page.get_by_role("heading", level=1).inner_text()
        assert heading is None or h1 == heading, (path, h1)
        assert_fits(page)
        assert_keyboard_path(page)
        if path not in top_level and heading != "Page not found":
            assert page.get_by_role("navigation", name="Breadcrumb").is_visible(), path
        screenshot(page, f"phone-{index:02d}-{re.sub(r'[0-9]+', 'N', path).strip('/').replace('/', '-') or 'dashboard'}", full_page=False)
