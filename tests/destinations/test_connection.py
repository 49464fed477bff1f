"""'Test connection', 'Fetch and trust' on the destination page, and the test_destination / fetch_certificates commands."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from admin_console.models import AuditEvent
from destinations.models import HttpDestination
from tests.factories import make_destination, make_store
from tests.tls import closed_port, pem, shared_pki, tls_server
from truststores.models import Certificate
from truststores.services import certificates_import
from truststores.x509 import parsed_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for("HTTPDestAdministrator", "TrustStoreViewer")


def _test(client, destination, path: str = ""):
    return client.post(reverse("destinations:destination_test", kwargs={"pk": destination.pk}), {"path": path})


def test_test_connection_success_shows_status_protocol_cipher_and_anchor(admin_client):
    pki = shared_pki()
    store = make_store()
    certificates_import(store=store, data=pem(pki.intermediate), source="test", actor=None)
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = make_destination(host="127.0.0.1", port=server.port, truststore=store)
        response = _test(admin_client, destination, "/json")
    page = response.content.decode()
    result = response.context["result"]
    assert result.ok and result.response.status == 200
    assert "<strong>Success:</strong> HTTP 200 OK over TLSv1.3" in page
    assert result.response.cipher in page
    anchors = [entry.subject for entry in result.chain if entry.anchor]
    assert anchors == ["CN=Test Intermediate CA"]
    assert [entry.subject for entry in result.chain] == ["CN=Test Intermediate CA", "CN=127.0.0.1"]
    destination.refresh_from_db()
    assert destination.last_test_ok is True and destination.last_test_summary.startswith("HTTP 200 OK over TLSv1.3")
    assert AuditEvent.objects.get(action="destination.test").summary.startswith("Tested debugging.github:github: success")


def test_anchor_above_the_presented_chain_is_drawn_from_the_store(admin_client):
    pki = shared_pki()
    store = make_store()
    certificates_import(store=store, data=pem(pki.root), source="test", actor=None)
    with tls_server(pki.leaf("127.0.0.1")) as server:
        result = _test(admin_client, make_destination(host="127.0.0.1", port=server.port, truststore=store)).context["result"]
    top = result.chain[0]
    assert (top.subject, top.presented, top.anchor) == ("CN=Test Root CA", False, True)


def test_404_still_proves_tls_works(admin_client):
    pki = shared_pki()
    store = make_store()
    certificates_import(store=store, data=pem(pki.root), source="test", actor=None)
    with tls_server(pki.leaf("127.0.0.1")) as server:
        page = _test(admin_client, make_destination(host="127.0.0.1", port=server.port, truststore=store), "/status/404").content.decode()
    assert "HTTP 404" in page
    assert "TLS and trust work; the server has nothing at this path: check pathPrefix and the path." in page


def test_failure_shows_the_diagnosis_and_next_step_and_is_stored(admin_client):
    pki = shared_pki()
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = make_destination(host="127.0.0.1", port=server.port, truststore=make_store())
        response = _test(admin_client, destination)
    page = response.content.decode()
    assert "Unable to get local issuer certificate: the server&#x27;s certificate was issued by CN=Test Root CA" in page
    assert "<strong>Next step:</strong> Fetch the server" in page
    destination.refresh_from_db()
    assert destination.last_test_ok is False and destination.last_test_summary.startswith("UnknownIssuer: Unable to get local issuer")
    list_page = admin_client.get(reverse("destinations:destination_list")).content.decode()
    assert '<span class="badge text-bg-danger">failure</span>' in list_page


def test_fetch_then_trust_then_test_again(admin_client):
    pki = shared_pki()
    store = make_store()
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = make_destination(host="127.0.0.1", port=server.port, truststore=store)
        fetched = admin_client.post(reverse("destinations:destination_fetch", kwargs={"pk": destination.pk}))
        chain = fetched.context["chain"]
        assert [entry.subject for entry in chain] == ["CN=Test Intermediate CA", "CN=127.0.0.1"]
        intermediate = parsed_certificate(pki.intermediate).sha256
        assert fetched.context["form"].initial["sha256"] == [intermediate]  # the issuing CA is suggested
        url = reverse("destinations:destination_trust", kwargs={"pk": destination.pk})
        refused = admin_client.post(url, {"sha256": [intermediate], "truststore": store.pk}, follow=True)
        assert "Confirm that you compared the fingerprints" in refused.content.decode()
        assert not Certificate.objects.exists()
        trusted = admin_client.post(url, {"sha256": [intermediate], "truststore": store.pk, "confirm": "on"}, follow=True)
        assert "Imported 1 certificate into &#x27;github api&#x27;. Test the connection again." in trusted.content.decode()
        assert Certificate.objects.get().sha256 == intermediate
        assert Certificate.objects.get().source == f"fetched from 127.0.0.1:{server.port}"
        assert _test(admin_client, destination).context["result"].ok
    assert AuditEvent.objects.filter(action="destination.fetch").exists()


def test_trust_refuses_a_fingerprint_the_server_does_not_present(admin_client):
    pki = shared_pki()
    store = make_store()
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = make_destination(host="127.0.0.1", port=server.port, truststore=store)
        forged = "AB" * 32
        response = admin_client.post(
            reverse("destinations:destination_trust", kwargs={"pk": destination.pk}),
            {"sha256": [forged], "truststore": store.pk, "confirm": "on"},
            follow=True,
        )
    assert "The server no longer presents the certificate with SHA-256 AB:AB" in response.content.decode()
    assert not Certificate.objects.exists()


def test_viewer_cannot_test_or_fetch(client_for):
    destination = make_destination(host="127.0.0.1", port=closed_port())
    client = client_for("HTTPDestViewer")
    for name in ("destination_test", "destination_fetch", "destination_trust"):
        assert client.post(reverse(f"destinations:{name}", kwargs={"pk": destination.pk})).status_code == 403
        assert client_for("HTTPDestAdministrator", username=f"a-{name}").get(reverse(f"destinations:{name}", kwargs={"pk": destination.pk})).status_code == 405


# --- commands ---------------------------------------------------------------


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_test_destination_exit_codes():
    pki = shared_pki()
    store = make_store()
    with tls_server(pki.leaf("127.0.0.1")) as server:
        make_destination(host="127.0.0.1", port=server.port, truststore=store)
        with pytest.raises(CommandError) as trust:
            _run("test_destination", "debugging.github", "github")
        assert trust.value.returncode == 2
        assert "Next step: Fetch the server's chain" in str(trust.value)
        certificates_import(store=store, data=pem(pki.root), source="test", actor=None)
        out, _ = _run("test_destination", "debugging.github", "github", "--path", "/status/404")
        assert out.splitlines()[-1].startswith("Success: HTTP 404 Not Found over TLSv1.3")
    HttpDestination.objects.update(port=closed_port())
    with pytest.raises(CommandError) as connection:
        _run("test_destination", "debugging.github", "github")
    assert connection.value.returncode == 3
    HttpDestination.objects.update(ssl_auth="client", port=443)
    with pytest.raises(CommandError) as other:
        _run("test_destination", "debugging.github", "github")
    assert other.value.returncode == 2  # an own certificate is part of trust


def test_fetch_certificates_lists_and_imports_the_picked_one():
    pki = shared_pki()
    store = make_store()
    with tls_server(pki.leaf("127.0.0.1")) as server:
        out, _ = _run("fetch_certificates", f"127.0.0.1:{server.port}")
        assert out.splitlines()[0] == "1. CN=127.0.0.1"
        assert out.splitlines()[4] == "2. CN=Test Intermediate CA"
        assert not Certificate.objects.exists()
        out, _ = _run("fetch_certificates", f"127.0.0.1:{server.port}", "--import-into", "github api", "--pick", "2", "--yes")
    assert out.splitlines()[-1] == "Imported 1 certificate into 'github api'."
    assert Certificate.objects.get(store=store).subject_cn == "Test Intermediate CA"


def test_fetch_certificates_from_a_closed_port_exits_3():
    with pytest.raises(CommandError, match=r"Nothing listens on 127\.0\.0\.1:\d+ \(connection refused\)") as info:
        _run("fetch_certificates", f"127.0.0.1:{closed_port()}")
    assert info.value.returncode == 3


def test_fetch_and_test_with_a_malformed_imported_host_say_so(admin_client):
    destination = make_destination(host="a..b", port=443)  # imports keep such hosts, with a warning
    fetched = admin_client.post(reverse("destinations:destination_fetch", kwargs={"pk": destination.pk}), follow=True)
    assert "Could not read the server&#x27;s chain: &#x27;a..b&#x27; is not a valid host name: fix the destination&#x27;s host." in fetched.content.decode()
    tested = _test(admin_client, destination)
    assert tested.status_code == 200
    result = tested.context["result"]
    assert result.ok is False and result.error.kind == "other"
    assert "&#x27;a..b&#x27; is not a valid host name." in tested.content.decode()
