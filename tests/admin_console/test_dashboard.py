"""The dashboard: counts, expiries with a timeline, destinations at risk, latest changes; and check_expiry."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from destinations.models import HttpDestination
from tests.factories import make_destination, make_store, self_signed, to_pem
from truststores.services import certificates_import

pytestmark = pytest.mark.django_db
NOW = dt.datetime.now(dt.timezone.utc)


def _import(store, *certificates):
    certificates_import(store=store, data=b"".join(to_pem(c) for c in certificates), source="test", actor=None)


@pytest.fixture
def estate():
    """A store with an expired, a soon-expiring and a long-lived CA, bound to one destination."""
    store = make_store("github api")
    _import(
        store,
        self_signed("Old CA", not_before=NOW - dt.timedelta(days=400), days=390),
        self_signed("Soon CA", days=12),
        self_signed("Later CA", days=400),
    )
    make_destination(truststore=store)
    make_store("spare")
    return store


def test_dashboard_lists_expired_and_expiring_with_their_destinations(client_for, estate):
    response = client_for("TrustStoreViewer", "HTTPDestViewer").get("/")
    page = response.content.decode()
    assert [row.label for row in response.context["expired"]] == ["Old CA"]
    assert [row.label for row in response.context["expiring_soon"]] == ["Soon CA"]
    assert 'data-testid="store-count">2<' in page and 'data-testid="certificate-count">3<' in page
    assert "<td>debugging.github:github</td>" in page
    assert "Later CA" not in page.split('data-testid="expiring"')[1].split("</table>")[0]


def test_timeline_is_an_inline_svg_readable_without_colour(client_for, estate):
    page = client_for("TrustStoreViewer").get("/").content.decode()
    svg = page.split('data-testid="timeline">')[1].split("</svg>")[0]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title id=\"timeline-title\">Certificates expiring within 30 days, soonest first</title>" in svg
    assert "github api / Old CA" in svg and "EXPIRED" in svg
    assert "github api / Soon CA" in svg and "(10 d)" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from anywhere


def test_destination_rows_show_the_earliest_expiry_it_depends_on(client_for, estate):
    response = client_for("HTTPDestViewer").get("/")
    rows = response.context["destination_expiries"]
    assert [(str(r.destination), r.label) for r in rows] == [("debugging.github:github", "a certificate of 'github api'")]
    assert rows[0].not_after < NOW
    assert "store-count" not in response.content.decode()  # no trust-store figures for this role


def test_failing_destinations_are_listed(client_for):
    make_destination(last_test_ok=False, last_test_summary="UnknownIssuer: Unable to get local issuer certificate")
    page = client_for("HTTPDestViewer").get("/").content.decode()
    assert 'data-testid="failing-count">1<' in page
    assert "debugging.github:github</a> — UnknownIssuer: Unable to get local issuer certificate" in page


def test_own_certificate_counts_for_client_auth_destinations(client_for):
    from tests.tls import shared_pki
    from truststores import keys, own

    pki = shared_pki()
    store = make_store("mtls")
    created = own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=c"), sans=[], key_type="ec256", actor=None)
    builder = (
        __import__("cryptography").x509.CertificateBuilder()
        .subject_name(created.csr.subject).issuer_name(pki.intermediate.subject).public_key(created.csr.public_key())
        .serial_number(7).not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=5))
    )
    from cryptography.hazmat.primitives import hashes

    own.own_certificate_import_response(store=store, data=to_pem(builder.sign(pki.intermediate_key, hashes.SHA256())), actor=None)
    _import(store, self_signed("Far CA", days=900))
    make_destination(truststore=store, ssl_auth="client")
    response = client_for("TrustStoreViewer", "HTTPDestViewer").get("/")
    assert [(row.kind, row.destinations) for row in response.context["expiring_soon"]] == [("own certificate", ["debugging.github:github"])]
    assert response.context["destination_expiries"][0].label == "the own certificate of 'mtls'"


# --- check_expiry ------------------------------------------------------------------


def _check(*args):
    out = io.StringIO()
    code = 0
    try:
        call_command("check_expiry", *args, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def test_check_expiry_exit_0_when_nothing_expires():
    _import(make_store(), self_signed("Later CA", days=400))
    assert _check("--days", "30") == (0, "Nothing expires within 30 days.\n")


def test_check_expiry_exit_1_when_something_expires_within_the_window():
    _import(make_store(), self_signed("Soon CA", days=12))
    code, out = _check("--days", "30")
    assert code == 1 and "expires in 10 days" in out and "certificate 'Soon CA'" in out and "used by: no destination" in out


def test_check_expiry_exit_2_when_a_bound_certificate_has_expired(estate):
    code, out = _check("--days", "5", "--format", "json")
    report = json.loads(out)
    assert code == 2
    assert report["days"] == 5
    assert [(c["store"], c["certificate"], c["expired"], c["destinations"]) for c in report["certificates"]] == [
        ("github api", "Old CA", True, ["debugging.github:github"])
    ]
    assert report["certificates"][0]["fingerprint"].count(":") == 31
    HttpDestination.objects.all().delete()
    assert _check("--days", "5")[0] == 1  # expired, but nothing depends on it any more
