"""A store's export works as is with requests (verify=) and curl (--cacert) against a real TLS server."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.urls import reverse

from tests import factories
from truststores import services

pytestmark = pytest.mark.django_db


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def tls_server() -> Iterator[int]:
    """An HTTPS server on 127.0.0.1 whose certificate the test CA issued; yields its port."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    factories.test_ca().issue_cert("localhost", "127.0.0.1").configure_cert(context)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def https_get(port: int, bundle: Path) -> requests.Response:
    with requests.Session() as session:
        session.trust_env = False  # no proxy or CA bundle from the environment: only ``verify`` counts
        return session.get(f"https://127.0.0.1:{port}/", verify=str(bundle), timeout=5)


def export_via_page(client_for, store, tmp_path: Path) -> Path:
    response = client_for("TrustStoreViewer").get(reverse("truststores:truststore_export", kwargs={"pk": store.pk}))
    assert response.status_code == 200
    path = tmp_path / "export.pem"
    path.write_bytes(response.content)
    return path


def test_the_page_export_is_an_attachment_named_after_the_store(client_for):
    store = factories.make_store(with_certificate=True)

    response = client_for("TrustStoreViewer").get(reverse("truststores:truststore_export", kwargs={"pk": store.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="github-api.pem"'
    assert [c.public_bytes(serialization.Encoding.PEM) for c in x509.load_pem_x509_certificates(response.content)] == [
        factories.ca_pem()
    ]


def test_requests_verifies_the_server_with_the_page_export(client_for, tmp_path, tls_server):
    bundle = export_via_page(client_for, factories.make_store(with_certificate=True), tmp_path)

    response = https_get(tls_server, bundle)

    assert response.status_code == 200
    assert response.text == "hello"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_verifies_the_server_with_the_page_export(client_for, tmp_path, tls_server):
    bundle = export_via_page(client_for, factories.make_store(with_certificate=True), tmp_path)

    result = subprocess.run(
        ["curl", "--silent", "--show-error", "--noproxy", "*", "--cacert", str(bundle),
         f"https://127.0.0.1:{tls_server}/"],
        capture_output=True,
        text=True,
        timeout=10,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello"


def test_requests_rejects_the_server_with_an_export_of_an_unrelated_ca(client_for, tmp_path, tls_server):
    store = factories.make_store()
    services.certificates_import(
        store=store, data=factories.to_pem(factories.self_signed("Other CA")), source="test", actor=None
    )
    bundle = export_via_page(client_for, store, tmp_path)

    with pytest.raises(requests.exceptions.SSLError):
        https_get(tls_server, bundle)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_rejects_the_server_with_an_export_of_an_unrelated_ca(client_for, tmp_path, tls_server):
    store = factories.make_store()
    services.certificates_import(
        store=store, data=factories.to_pem(factories.self_signed("Other CA")), source="test", actor=None
    )
    bundle = export_via_page(client_for, store, tmp_path)

    result = subprocess.run(
        ["curl", "--silent", "--noproxy", "*", "--cacert", str(bundle), f"https://127.0.0.1:{tls_server}/"],
        capture_output=True,
        text=True,
        timeout=10,
    )

    assert result.returncode == 60  # "Peer certificate cannot be authenticated with known CA certificates"
    assert result.stdout == ""


def test_the_command_export_verifies_the_server(tmp_path, tls_server):
    factories.make_store(with_certificate=True)
    bundle = tmp_path / "bundle.pem"

    call_command("export_truststore", "github api", "-o", str(bundle), stdout=io.StringIO(), stderr=io.StringIO())

    response = https_get(tls_server, bundle)
    assert response.status_code == 200
    assert response.text == "hello"


def _plus_free_ca() -> tuple[x509.Certificate, str]:
    """A small self-signed CA whose PEM has no '+': RFC 4514 would escape it, so it passes through a subject intact."""
    now = dt.datetime.now(dt.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Smuggled CA")])
    for _ in range(5000):
        key = ed25519.Ed25519PrivateKey.generate()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, None)
        )
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        if "+" not in pem:
            return certificate, pem
    raise AssertionError("no '+'-free certificate in 5000 tries")


def test_the_export_holds_exactly_the_stores_certificates_whatever_their_subjects():
    _, smuggled_pem = _plus_free_ca()
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Innocent CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "\n" + smuggled_pem),
        ]
    )
    carrier = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    store = factories.make_store()
    services.certificates_import(store=store, data=factories.to_pem(carrier), source="test", actor=None)

    exported = x509.load_pem_x509_certificates(services.truststore_export_pem(store).encode())

    cn = NameOID.COMMON_NAME
    assert [c.subject.get_attributes_for_oid(cn)[0].value for c in exported] == ["Innocent CA"]
    assert [c.public_bytes(serialization.Encoding.DER) for c in exported] == [
        bytes(c.der) for c in store.certificates.all()
    ]
