"""The outbound client against real TLS servers on 127.0.0.1: trust as configured, and every diagnosis."""

from __future__ import annotations

import pytest

from destinations import http
from destinations.http import Client, Request, read_destination
from tests.factories import make_destination, make_store
from tests.tls import closed_port, http_connect_proxy, pem, plain_http_server, shared_pki, silent_server, tls_server
from truststores.services import certificate_remove, certificates_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki():
    return shared_pki()


@pytest.fixture
def client():
    with Client() as client:
        yield client


def _store(*certificates, name: str = "github api"):
    store = make_store(name)
    if certificates:
        certificates_import(store=store, data=pem(*certificates), source="test", actor=None)
    return store


def _destination(server, store=None, name: str = "github", **fields):
    values = {"host": "127.0.0.1", "port": server.port, "use_ssl": True, "truststore": store, **fields}
    make_destination(name=name, **values)
    return read_destination("debugging.github", name, caller_package="debugging")


# --- reading a destination -------------------------------------------------


def test_destination_is_readable_from_its_package_and_parents():
    make_destination(host="127.0.0.1")
    for caller in ("debugging.github", "debugging"):
        assert read_destination("debugging.github", "github", caller_package=caller).host == "127.0.0.1"


@pytest.mark.parametrize("caller", ["debugging.github.sub", "github", "debugging.git", "other"])
def test_destination_is_not_readable_from_subpackages_or_siblings(caller):
    make_destination(host="127.0.0.1")
    with pytest.raises(http.DestinationAccessDenied) as info:
        read_destination("debugging.github", "github", caller_package=caller)
    assert info.value.message == "User is not authorized to use destination (package: debugging.github, name: github)"


def test_unknown_destination():
    with pytest.raises(http.DestinationNotFound, match=r"There is no destination \(package: a, name: b\)"):
        read_destination("a", "b", caller_package="a")


@pytest.mark.parametrize(
    ("prefix", "path", "expected"),
    [
        ("", "", "/"),
        ("", "repos", "/repos"),
        ("/api/", "/repos", "/api/repos"),
        ("/api", "repos?page=2", "/api/repos?page=2"),
        ("/pictures/search/?fo=json&q=", "cats", "/pictures/search/?fo=json&q=cats"),
    ],
)
def test_path_prefix_joining_keeps_a_query_string(prefix, path, expected):
    make_destination(host="127.0.0.1", port=8443, path_prefix=prefix)
    destination = read_destination("debugging.github", "github", caller_package="debugging")
    assert destination.url(path) == f"https://127.0.0.1:8443{expected}"


# --- trust as configured -------------------------------------------------------


def test_store_holding_the_root_verifies_the_server(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        response = client.request(Request("GET", "/json"), _destination(server, _store(pki.root)))
    assert (response.status, response.json()) == (200, {"ok": True})
    assert response.tls_version in ("TLSv1.2", "TLSv1.3") and response.cipher


def test_store_holding_only_the_intermediate_verifies_the_server(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        assert client.request(Request("GET", "/"), _destination(server, _store(pki.intermediate))).text == "hello"


def test_store_holding_only_the_servers_own_certificate_verifies_it(client, pki):
    leaf = pki.leaf("127.0.0.1")
    with tls_server(leaf, send_chain=False) as server:
        assert client.request(Request("GET", "/"), _destination(server, _store(leaf.certificate))).status == 200


def test_the_system_store_is_never_used(client, pki, monkeypatch, tmp_path):
    # Even a CA bundle that trusts the server, where requests would look, must not be used.
    bundle = tmp_path / "trusting-bundle.pem"
    bundle.write_bytes(pem(pki.root))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setattr("requests.adapters.DEFAULT_CA_BUNDLE_PATH", str(bundle))
    with tls_server(pki.leaf("127.0.0.1")) as server:
        with pytest.raises(http.UnknownIssuer):
            client.request(Request("GET", "/"), _destination(server, _store(http_unrelated_ca())))


def http_unrelated_ca():
    from tests.factories import self_signed

    return self_signed("Unrelated CA")


def test_basic_auth_is_sent(client, pki):
    from destinations.models import HttpDestination

    with tls_server(pki.leaf("127.0.0.1")) as server:
        _destination(server, _store(pki.root), auth_type="basic", basic_user="octo")
        stored = HttpDestination.objects.get()
        stored.set_password("pa55")  # encrypted at rest; decrypted only for the call
        stored.save()
        client.request(Request("GET", "/"), read_destination("debugging.github", "github", caller_package="debugging"))
    assert server.requests_seen[-1]["headers"]["Authorization"] == "Basic b2N0bzpwYTU1"


def test_post_body_and_headers(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        client.request(Request("POST", "/items", headers={"X-Trace": "1"}, body=b"payload"), _destination(server, _store(pki.root)))
    seen = server.requests_seen[-1]
    assert (seen["method"], seen["path"], seen["body"], seen["headers"]["X-Trace"]) == ("POST", "/items", b"payload", "1")


def test_http_error_statuses_are_responses_not_errors(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        response = client.request(Request("GET", "/status/404"), _destination(server, _store(pki.root)))
    assert (response.status, response.text) == (404, "status 404")


def test_host_check_off_accepts_another_name(client, pki):
    with tls_server(pki.leaf("elsewhere.example")) as server:
        assert client.request(Request("GET", "/"), _destination(server, _store(pki.root), ssl_host_check=False)).status == 200


def test_host_check_off_still_checks_trust(client, pki):
    with tls_server(pki.leaf("elsewhere.example")) as server:
        with pytest.raises(http.UnknownIssuer):
            client.request(Request("GET", "/"), _destination(server, _store(http_unrelated_ca()), ssl_host_check=False))


def test_http_connect_proxy_is_used(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server, http_connect_proxy() as proxy:
        destination = _destination(server, _store(pki.root), proxy_type="http", proxy_host="127.0.0.1", proxy_port=proxy.port)
        assert client.request(Request("GET", "/"), destination).text == "hello"
    assert proxy.connects == [f"127.0.0.1:{server.port}"]


def test_socks_proxy_is_refused_plainly(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = _destination(server, _store(pki.root), proxy_type="socks", proxy_host="127.0.0.1", proxy_port=1080)
        with pytest.raises(http.ConfigurationError, match="proxyType = socks, which the console's client does not support"):
            client.request(Request("GET", "/"), destination)


def test_client_authentication_needs_an_own_certificate(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = _destination(server, _store(pki.root), ssl_auth="client")
        with pytest.raises(http.OwnCertificateUnavailable) as info:
            client.request(Request("GET", "/"), destination)
    assert info.value.message.startswith("Own certificate cannot be accessed: destination debugging.github:github has sslAuth = client, and store 'github api' is anonymous.")
    assert info.value.kind == "trust"


# --- speed: contexts built once per store version ------------------------------------


def test_ssl_context_is_reused_until_the_store_changes(client, pki):
    store = _store(pki.root)
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = _destination(server, store)
        first = http.store_context(destination.store_id, destination.store_key, check_hostname=True)
        for _ in range(3):
            client.request(Request("GET", "/"), destination)
        assert http.store_context(destination.store_id, destination.store_key, check_hostname=True) is first
        assert len(server.requests_seen) == 3
        # Another process removes the certificate: the version in the database changes.
        certificate_remove(certificate=store.certificates.get(), actor=None)
        fresh = read_destination("debugging.github", "github", caller_package="debugging")
        assert fresh.store_version == destination.store_version + 1
        with pytest.raises(http.UnknownIssuer):
            client.request(Request("GET", "/"), fresh)
        assert http.store_context(fresh.store_id, fresh.store_key, check_hostname=True) is not first
        assert (destination.store_key, True, False) not in http._contexts  # the old content is dropped


def test_connections_are_pooled_per_destination(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        destination = _destination(server, _store(pki.root))
        for _ in range(5):
            client.request(Request("GET", "/"), destination)
        other = _destination(server, _store(pki.root, name="other"), name="other")
        client.request(Request("GET", "/"), other)
    peers = [seen["peer"] for seen in server.requests_seen]
    assert len(peers) == 6
    assert len(set(peers[:5])) == 1  # five calls, one TCP connection and one TLS handshake
    assert peers[5] != peers[0]  # another destination has its own pool
    assert len(client._sessions) == 2


# --- diagnosis -----------------------------------------------------------


def test_unknown_issuer_names_the_issuer_and_the_store(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        with pytest.raises(http.UnknownIssuer) as info:
            client.request(Request("GET", "/"), _destination(server, _store(http_unrelated_ca())))
    error = info.value
    assert error.message == (
        "Unable to get local issuer certificate: the server's certificate was issued by CN=Test Root CA, and trust "
        "store 'github api' holds neither it nor any certificate of the chain the server sent."
    )
    assert "Fetch the server's chain and trust its issuing CA" in error.hint
    assert error.kind == "trust"


def test_unknown_issuer_without_a_store_says_bind_one(client, pki):
    with tls_server(pki.leaf("127.0.0.1")) as server:
        with pytest.raises(http.UnknownIssuer, match="no trust store is bound to this destination"):
            client.request(Request("GET", "/"), _destination(server))


def test_host_mismatch_names_the_certificates_names(client, pki):
    with tls_server(pki.leaf("www.example.test", "localhost")) as server:
        with pytest.raises(http.HostMismatch) as info:
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert info.value.message == "The server's certificate names DNS:www.example.test, DNS:localhost, not 127.0.0.1."


def test_expired_certificate_names_it_and_its_dates(client, pki):
    with tls_server(pki.leaf("127.0.0.1", days_valid=(-30, -1))) as server:
        with pytest.raises(http.CertificateExpired) as info:
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert info.value.message.startswith("The server's certificate '127.0.0.1' has expired (valid from ")


def test_not_yet_valid_certificate(client, pki):
    with tls_server(pki.leaf("127.0.0.1", days_valid=(2, 30))) as server:
        with pytest.raises(http.CertificateNotYetValid, match="The server's certificate '127.0.0.1' is not valid yet"):
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))


def test_client_certificate_required(client, pki):
    with tls_server(pki.leaf("127.0.0.1"), require_client_cert_from=pki.intermediate) as server:
        with pytest.raises(http.ClientCertificateRequired) as info:
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert info.value.message == f"127.0.0.1:{server.port} requires a client certificate, and this destination presents none (sslAuth = anonymous)."


def test_server_speaking_only_an_old_tls_version(client, pki):
    import ssl
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.1 is what this server is meant to be stuck on
        server_context = tls_server(pki.leaf("127.0.0.1"), max_version=ssl.TLSVersion.TLSv1_1, min_version=ssl.TLSVersion.TLSv1, ciphers="ALL:@SECLEVEL=0")
        with server_context as server:
            with pytest.raises(http.ProtocolMismatch) as info:
                client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert info.value.message == f"127.0.0.1:{server.port} speaks only TLSv1.1; the console requires TLS 1.2 or newer."


def test_server_offering_only_a_cipher_the_console_refuses(client, pki):
    import ssl

    leaf = pki.leaf("127.0.0.1", key_type="rsa")
    with tls_server(leaf, max_version=ssl.TLSVersion.TLSv1_2, ciphers="AES128-SHA:@SECLEVEL=0") as server:
        with pytest.raises(http.ProtocolMismatch) as info:
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert info.value.message == (
        f"127.0.0.1:{server.port} offers only the cipher AES128-SHA (TLSv1.2), which the console does not accept."
    )


def test_plain_http_server_on_an_https_destination(client, pki):
    with plain_http_server() as server:
        with pytest.raises(http.NotTls, match="did not answer in TLS: it looks like a plain-HTTP port"):
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))


def test_connection_refused(client):
    make_destination(host="127.0.0.1", port=closed_port())
    destination = read_destination("debugging.github", "github", caller_package="debugging")
    with pytest.raises(http.ConnectionRefused) as info:
        client.request(Request("GET", "/"), destination)
    assert info.value.kind == "connection"
    assert "(connection refused)" in info.value.message


def test_dns_failure(client):
    make_destination(host="no-such-host.invalid", port=443)
    destination = read_destination("debugging.github", "github", caller_package="debugging")
    with pytest.raises(http.DnsFailure, match=r"The name no-such-host\.invalid cannot be resolved"):
        client.request(Request("GET", "/"), destination)


def test_timeout(client):
    with silent_server() as port:
        make_destination(host="127.0.0.1", port=port, timeout=300)
        destination = read_destination("debugging.github", "github", caller_package="debugging")
        with pytest.raises(http.Timeout, match=r"sent no answer within 0\.3 s"):
            client.request(Request("GET", "/"), destination)


# --- outbound safety ----------------------------------------------------------


def test_denied_network_is_refused(client, pki, settings):
    settings.CONSOLE_OUTBOUND_DENY_NETWORKS = ["127.0.0.0/8"]
    with tls_server(pki.leaf("127.0.0.1")) as server:
        with pytest.raises(http.BlockedAddress, match="lies in 127.0.0.0/8"):
            client.request(Request("GET", "/"), _destination(server, _store(pki.root)))
    assert server.requests_seen == []


def test_denied_network_holds_after_a_redirect(client, pki, settings):
    import http.server as stdlib_http
    import threading

    hits = []

    class Target(stdlib_http.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    target = stdlib_http.ThreadingHTTPServer(("127.0.0.2", 0), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    settings.CONSOLE_OUTBOUND_DENY_NETWORKS = ["127.0.0.2/32"]
    try:
        with tls_server(pki.leaf("127.0.0.1")) as server:
            destination = _destination(server, _store(pki.root))
            blocked = f"http://127.0.0.2:{target.server_address[1]}/inside"
            with pytest.raises(http.BlockedAddress, match="does not connect to 127.0.0.2"):
                client.request(Request("GET", f"/redirect?to={blocked}"), destination)
        assert server.requests_seen[0]["path"].startswith("/redirect")
        assert hits == []
    finally:
        target.shutdown()
        target.server_close()


def test_response_size_is_capped(pki, settings):
    with Client(max_response_bytes=1024) as client, tls_server(pki.leaf("127.0.0.1")) as server:
        destination = _destination(server, _store(pki.root))
        assert len(client.request(Request("GET", "/bytes/1024"), destination).content) == 1024
        with pytest.raises(http.ResponseTooLarge, match="the console reads at most 1,024"):
            client.request(Request("GET", "/bytes/5000"), destination)


def test_each_call_logs_one_structured_line_without_secrets(client, pki, caplog):
    import logging

    from destinations.models import HttpDestination

    with tls_server(pki.leaf("127.0.0.1")) as server:
        _destination(server, _store(pki.root), auth_type="basic", basic_user="octo")
        stored = HttpDestination.objects.get()
        stored.set_password("pa55-word")
        stored.save()
        destination = read_destination("debugging.github", "github", caller_package="debugging")
        with caplog.at_level(logging.INFO, logger="console.outbound"):
            client.request(Request("GET", "/status/404"), destination)
    lines = [record.getMessage() for record in caplog.records if record.name == "console.outbound"]
    assert len(lines) == 1
    assert lines[0].startswith("outbound destination=debugging.github:github method=GET status=404 duration_ms=")
    assert lines[0].endswith("tls=TLSv1.3 outcome=ok")
    assert "pa55" not in caplog.text and "octo" not in caplog.text


def test_a_failed_call_logs_its_outcome(client, caplog):
    import logging

    make_destination(host="127.0.0.1", port=closed_port())
    destination = read_destination("debugging.github", "github", caller_package="debugging")
    with caplog.at_level(logging.INFO, logger="console.outbound"), pytest.raises(http.ConnectionRefused):
        client.request(Request("GET", "/"), destination)
    import re

    assert re.fullmatch(
        r"outbound destination=debugging\.github:github method=GET status=- duration_ms=[\d.]+ tls=- outcome=ConnectionRefused",
        caplog.records[-1].getMessage(),
    )
