"""Proves the pieces of tests/tls.py work, using ssl/socket/requests directly."""

from __future__ import annotations

import socket
import ssl
import time

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.tls import (
    closed_port,
    http_connect_proxy,
    pem,
    plain_http_server,
    shared_pki,
    silent_server,
    tls_server,
)

# Requests used to talk to the servers ignore proxy/CA environment variables.
NO_PROXY = {"http": None, "https": None}


@pytest.fixture(scope="module")
def pki():
    return shared_pki()


@pytest.fixture(scope="module")
def leaf(pki):
    return pki.leaf("127.0.0.1", "localhost")


@pytest.fixture
def root_file(pki, tmp_path):
    path = tmp_path / "root.pem"
    path.write_bytes(pem(pki.root))
    return str(path)


@pytest.fixture
def intermediate_file(pki, tmp_path):
    path = tmp_path / "intermediate.pem"
    path.write_bytes(pem(pki.intermediate))
    return str(path)


def get(url, **kwargs):
    kwargs.setdefault("timeout", 5)
    kwargs.setdefault("proxies", NO_PROXY)
    return requests.get(url, **kwargs)


# --------------------------------------------------------------------------- PKI


def test_pki_shape(pki, leaf):
    assert pki.root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Test Root CA"
    assert pki.intermediate.issuer == pki.root.subject
    constraints = pki.intermediate.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca and constraints.path_length == 0

    assert leaf.chain == [leaf.certificate, pki.intermediate]
    assert leaf.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "127.0.0.1"
    san = leaf.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    eku = leaf.certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(eku) == {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH}
    assert leaf.chain_pem() == leaf.cert_pem() + pem(pki.intermediate)
    assert b"PRIVATE KEY" in leaf.key_pem()

    assert pki.leaf("127.0.0.1", issuer="root").chain[1:] == []
    assert shared_pki() is pki


# ----------------------------------------------------------------------- servers


def test_default_server_answers_hello_and_routes(leaf, root_file):
    with tls_server(leaf) as server:
        assert server.url == f"https://127.0.0.1:{server.port}"
        response = get(server.url + "/anything?q=1", verify=root_file, auth=("user", "secret"))
        assert (response.status_code, response.text) == (200, "hello")
        assert get(server.url + "/status/404", verify=root_file).status_code == 404
        assert get(server.url + "/json", verify=root_file).json() == {"ok": True}
        assert get(server.url + "/bytes/1000", verify=root_file).content == b"x" * 1000

    seen = server.requests_seen[0]
    assert (seen["method"], seen["path"]) == ("GET", "/anything?q=1")
    assert seen["headers"]["Authorization"] == "Basic dXNlcjpzZWNyZXQ="  # user:secret


def test_leaf_without_chain_fails_with_only_root_trusted(pki, leaf, root_file):
    with tls_server(leaf, send_chain=False) as server:
        with pytest.raises(requests.exceptions.SSLError, match="unable to get local issuer certificate"):
            get(server.url, verify=root_file)


def test_trusting_only_the_intermediate_fails_without_partial_chain(leaf, intermediate_file):
    # Observed on Python 3.11 / OpenSSL 3.0 / urllib3 2.x: even though the server sends the full
    # chain, a trust store holding only the intermediate is rejected with "unable to get issuer
    # certificate" -- VERIFY_X509_PARTIAL_CHAIN is not set (urllib3 only sets it on Python 3.13+).
    with tls_server(leaf) as server:
        with pytest.raises(requests.exceptions.SSLError, match="unable to get issuer certificate"):
            get(server.url, verify=intermediate_file)


def test_expired_leaf_fails_verification(pki, root_file):
    with tls_server(pki.leaf("127.0.0.1", days_valid=(-30, -1))) as server:
        with pytest.raises(requests.exceptions.SSLError, match="certificate has expired"):
            get(server.url, verify=root_file)


def test_wrong_name_leaf_fails_verification(pki, root_file):
    with tls_server(pki.leaf("wrong.example")) as server:
        with pytest.raises(requests.exceptions.SSLError, match="IP address mismatch"):
            get(server.url, verify=root_file)


def test_client_certificate_required(pki, leaf, root_file, tmp_path):
    client = pki.client()
    certfile, keyfile = client.write(tmp_path, "client")
    with tls_server(leaf, require_client_cert_from=pki.intermediate) as server:
        # TLS 1.3: the client finishes its handshake first; the server's alert arrives on the
        # first read, as "[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required".
        with pytest.raises(requests.exceptions.SSLError, match="TLSV13_ALERT_CERTIFICATE_REQUIRED"):
            get(server.url, verify=root_file)
        assert server.client_certs_seen == []
        # The server thread records its side after sending the alert: wait for it.
        deadline = time.monotonic() + 5
        while not server.handshake_errors and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "PEER_DID_NOT_RETURN_A_CERTIFICATE" in server.handshake_errors[0]

        response = get(server.url, verify=root_file, cert=(certfile, keyfile))
        assert response.text == "hello"
    assert server.client_certs_seen == [client.certificate.public_bytes(Encoding.DER)]


def test_client_certificate_required_tls12(pki, leaf, root_file):
    # TLS 1.2: the rejection happens inside the handshake.
    with tls_server(leaf, require_client_cert_from=pki.root, max_version=ssl.TLSVersion.TLSv1_2) as server:
        with pytest.raises(requests.exceptions.SSLError, match="SSLV3_ALERT_HANDSHAKE_FAILURE"):
            get(server.url, verify=root_file)


def test_failed_handshake_does_not_kill_the_server(leaf, root_file):
    with tls_server(leaf) as server:
        with socket.create_connection((server.host, server.port)) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\n\r\n")  # not TLS
            raw.settimeout(5)
            raw.recv(100)
        assert get(server.url, verify=root_file).text == "hello"
    assert server.handshake_errors


def test_ssl_module_sees_the_chain(pki, leaf):
    context = ssl.create_default_context(cadata=pem(pki.root).decode())
    with tls_server(leaf) as server:
        with socket.create_connection((server.host, server.port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                assert tls.version() == "TLSv1.3"
    with tls_server(leaf, max_version=ssl.TLSVersion.TLSv1_2) as server:
        with socket.create_connection((server.host, server.port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                assert tls.version() == "TLSv1.2"


def test_connect_proxy_tunnels_and_records_target(leaf, root_file):
    with tls_server(leaf) as server, http_connect_proxy() as proxy:
        proxies = {"https": f"http://127.0.0.1:{proxy.port}"}
        response = requests.get(server.url + "/json", proxies=proxies, verify=root_file, timeout=5)
        assert response.json() == {"ok": True}
        assert proxy.connects == [f"127.0.0.1:{server.port}"]

        with socket.create_connection((proxy.host, proxy.port), timeout=5) as raw:
            raw.sendall(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
            assert raw.recv(100).startswith(b"HTTP/1.1 403")


def test_closed_port_refuses(root_file):
    with pytest.raises(requests.exceptions.ConnectionError):
        get(f"https://127.0.0.1:{closed_port()}", verify=root_file)


def test_silent_server_times_out(root_file):
    with silent_server() as port:
        with pytest.raises(requests.exceptions.Timeout):
            get(f"https://127.0.0.1:{port}", verify=root_file, timeout=0.5)


def test_plain_http_server(root_file):
    with plain_http_server() as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert get(server.url).text == "hello"
        response = get(f"{server.url}/redirect?to={server.url}/json")
        assert response.json() == {"ok": True}
        assert [r.status_code for r in response.history] == [302]
        # Speaking TLS to it fails with an SSL error.
        with pytest.raises(requests.exceptions.SSLError):
            get(server.url.replace("http://", "https://"), verify=root_file)
