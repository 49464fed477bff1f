"""A store's own certificate: key pair and request, certificate response, PKCS#12, reset, client authentication."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from admin_console.models import AuditEvent
from destinations import http
from destinations.http import Client, Request, read_destination
from tests.factories import make_destination, make_store
from tests.tls import pem, shared_pki, tls_server
from truststores import keys, own
from truststores.models import OwnCertificate, TrustStore
from truststores.services import certificates_import

pytestmark = pytest.mark.django_db


def _sign(csr: x509.CertificateSigningRequest, pki, days: int = 30) -> x509.Certificate:
    """What a CA does with the request: the test PKI's intermediate signs it."""
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(pki.intermediate.subject)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )
    return builder.sign(pki.intermediate_key, hashes.SHA256())


def _active_store(pki, name: str = "github api") -> TrustStore:
    store = make_store(name)
    certificates_import(store=store, data=pem(pki.root), source="test", actor=None)
    created = own.own_key_pair_create(
        store=store, subject=keys.parse_subject("CN=console-client,O=ACME"), sans=[], key_type="ec256", actor=None
    )
    response = pem(_sign(created.csr, pki), pki.intermediate)
    own.own_certificate_import_response(store=store, data=response, actor=None)
    store.refresh_from_db()
    return store


# --- key pair and request ----------------------------------------------------


@pytest.mark.parametrize("key_type", ["ec256", "rsa2048"])
def test_request_carries_subject_sans_and_key_type_and_verifies(key_type):
    store = make_store()
    version = store.content_version
    created = own.own_key_pair_create(
        store=store,
        subject=keys.parse_subject("CN=client.example.com,O=ACME,C=DE"),
        sans=keys.parse_sans(["DNS:client.example.com", "IP:10.0.0.1"]),
        key_type=key_type,
        actor=None,
    )
    csr = created.csr
    assert csr.subject.rfc4514_string() == "CN=client.example.com,O=ACME,C=DE"
    names = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(n.value) for n in names] == ["client.example.com", "10.0.0.1"]
    assert csr.is_signature_valid
    assert keys.key_type_of(csr.public_key()) == key_type
    store.refresh_from_db()
    assert store.own_certificate_state == "Awaiting response" and store.content_version == version + 1
    assert AuditEvent.objects.get(action="own.key_pair")


def test_private_key_column_holds_no_pem_key():
    store = make_store()
    own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=x"), sans=[], key_type="ec256", actor=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key_encrypted FROM truststores_owncertificate")
        stored = cursor.fetchone()[0]
    assert "PRIVATE KEY" not in stored and stored.startswith("gAAAA")
    assert b"-----BEGIN PRIVATE KEY-----" in OwnCertificate.objects.get().private_key_pem()
    assert not any("PRIVATE KEY" in s for s in AuditEvent.objects.values_list("summary", flat=True))


def test_second_key_pair_is_refused_until_reset():
    store = make_store()
    own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=x"), sans=[], key_type="ec256", actor=None)
    with pytest.raises(own.OwnCertificateError, match="already has a key pair \\(Awaiting response\\). Reset it to anonymous first."):
        own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=y"), sans=[], key_type="ec256", actor=None)


# --- certificate response ----------------------------------------------------------


def test_response_signed_by_a_test_ca_is_accepted_with_its_chain():
    pki = shared_pki()
    store = _active_store(pki)
    own_certificate = store.own_certificate
    assert store.own_certificate_state == "Active"
    assert own_certificate.certificate.subject.rfc4514_string() == "CN=console-client,O=ACME"
    assert [c.subject.rfc4514_string() for c in own_certificate.chain] == ["CN=Test Intermediate CA"]


def test_foreign_certificate_is_refused_with_the_message():
    pki = shared_pki()
    store = make_store()
    own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=x"), sans=[], key_type="ec256", actor=None)
    with pytest.raises(own.OwnCertificateError) as info:
        own.own_certificate_import_response(store=store, data=pki.leaf("someone.else").cert_pem(), actor=None)
    assert str(info.value) == "This certificate does not belong to this store's key pair (public keys differ)."
    assert store.own_certificate_state == "Awaiting response"


def test_response_without_a_key_pair_says_what_to_do():
    with pytest.raises(own.OwnCertificateError) as info:
        own.own_certificate_import_response(store=make_store(), data=shared_pki().leaf("x").cert_pem(), actor=None)
    assert str(info.value) == (
        "Own certificate cannot be accessed: this store has no key pair yet. "
        "Create a key pair and a certificate request first."
    )


# --- PKCS#12 -------------------------------------------------------------------------------


def test_pkcs12_round_trip():
    pki = shared_pki()
    store = _active_store(pki)
    data = own.own_pkcs12_export(store=store, password="correct horse", actor=None)
    key, certificate, chain = pkcs12.load_key_and_certificates(data, b"correct horse")
    assert certificate == store.own_certificate.certificate and chain == store.own_certificate.chain
    other = make_store("copy")
    own.own_pkcs12_import(store=other, data=data, password="correct horse", actor=None)
    copied = other.own_certificate
    assert copied.certificate == certificate and copied.chain == chain and copied.key_type == "ec256"
    assert AuditEvent.objects.filter(action="own.pkcs12_export").count() == 1


def test_pkcs12_wrong_password_and_keyless_file_have_their_own_messages():
    pki = shared_pki()
    data = own.own_pkcs12_export(store=_active_store(pki), password="correct horse", actor=None)
    with pytest.raises(keys.KeyInputError, match="The password does not open this PKCS#12 file"):
        own.own_pkcs12_import(store=make_store("other"), data=data, password="wrong", actor=None)
    keyless = pkcs12.serialize_key_and_certificates(b"x", None, None, [pki.intermediate], serialization.BestAvailableEncryption(b"pw-pw-pw-pw"))
    with pytest.raises(keys.KeyInputError, match="holds no private key"):
        own.own_pkcs12_import(store=make_store("third"), data=keyless, password="pw-pw-pw-pw", actor=None)
    assert not OwnCertificate.objects.filter(store__name__in=["other", "third"]).exists()


# --- rotation --------------------------------------------------------------------------------


def test_rotation_re_encrypts_every_secret_under_the_new_key(settings):
    from cryptography.fernet import Fernet

    store = make_store()
    own.own_key_pair_create(store=store, subject=keys.parse_subject("CN=x"), sans=[], key_type="ec256", actor=None)
    destination = make_destination()
    destination.set_password("s3cret")
    destination.save()
    old_key = settings.CONSOLE_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.CONSOLE_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert out.getvalue() == "Re-encrypted 1 own private key, 1 destination password under the first key of CONSOLE_ENCRYPTION_KEY.\n"
    settings.CONSOLE_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything still decrypts
    destination.refresh_from_db()
    assert destination.password() == "s3cret"
    assert b"PRIVATE KEY" in OwnCertificate.objects.get().private_key_pem()


def test_rotation_without_the_old_key_changes_nothing(settings):
    from cryptography.fernet import Fernet

    destination = make_destination()
    destination.set_password("s3cret")
    destination.save()
    stored = destination.basic_password_encrypted
    settings.CONSOLE_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("rotate_encryption_key", stdout=io.StringIO())
    destination.refresh_from_db()
    assert destination.basic_password_encrypted == stored


# --- pages ----------------------------------------------------------------------------------


def test_panel_walks_from_anonymous_to_active(client_for):
    pki = shared_pki()
    store = make_store()
    client = client_for("TrustStoreAdministrator")
    page = client.get(store.get_absolute_url()).content.decode()
    assert 'data-testid="own-state">Anonymous<' in page and "Create key pair</a>" in page
    response = client.post(
        reverse("truststores:own_key_pair", kwargs={"pk": store.pk}),
        {"cn": "console-client", "o": "ACME", "ou": "", "l": "", "st": "", "c": "DE", "email": "", "sans": "DNS:client.example.com", "key_type": "ec384"},
        follow=True,
    )
    assert 'data-testid="own-state">Awaiting response<' in response.content.decode()
    csr_response = client.get(reverse("truststores:own_csr", kwargs={"pk": store.pk}))
    csr = x509.load_pem_x509_csr(csr_response.content)
    assert csr.subject.rfc4514_string() == "CN=console-client,O=ACME,C=DE" and keys.key_type_of(csr.public_key()) == "ec384"
    foreign = client.post(reverse("truststores:own_response", kwargs={"pk": store.pk}), {"pem": pki.leaf("x").cert_pem().decode()})
    assert "This certificate does not belong to this store&#x27;s key pair (public keys differ)." in foreign.content.decode()
    signed = pem(_sign(csr, pki), pki.intermediate)
    page = client.post(reverse("truststores:own_response", kwargs={"pk": store.pk}), {"pem": signed.decode()}, follow=True).content.decode()
    assert 'data-testid="own-state">Active<' in page and "CN=Test Intermediate CA" in page
    assert "Export as PKCS#12</a>" in page


def test_viewer_sees_the_panel_but_no_action(client_for):
    store = _active_store(shared_pki())
    page = client_for("TrustStoreViewer").get(store.get_absolute_url()).content.decode()
    assert 'data-testid="own-state">Active<' in page and "Download certificate and chain" in page
    assert "Export as PKCS#12" not in page and "Reset to anonymous" not in page


def test_pkcs12_upload_with_wrong_password_says_so(client_for):
    data = own.own_pkcs12_export(store=_active_store(shared_pki()), password="correct horse", actor=None)
    other = make_store("other")
    response = client_for("TrustStoreAdministrator").post(
        reverse("truststores:own_pkcs12_import", kwargs={"pk": other.pk}), {"file": SimpleUploadedFile("c.p12", data), "password": "nope"}
    )
    assert "The password does not open this PKCS#12 file" in response.content.decode()
    assert other.own_certificate is None


def test_reset_confirmation_lists_client_auth_destinations(client_for):
    store = _active_store(shared_pki())
    make_destination(truststore=store, ssl_auth="client")
    make_destination(name="anon", truststore=store)
    client = client_for("TrustStoreAdministrator")
    url = reverse("truststores:own_reset", kwargs={"pk": store.pk})
    page = client.get(url).content.decode()
    assert "<li>debugging.github:github</li>" in page and "debugging.github:anon" not in page
    client.post(url)
    store.refresh_from_db()
    assert store.own_certificate_state == "Anonymous"
    assert "debugging.github:github" in AuditEvent.objects.get(action="own.reset").summary


def test_export_page_downloads_a_pkcs12_and_audits(client_for):
    store = _active_store(shared_pki())
    response = client_for("TrustStoreAdministrator").post(
        reverse("truststores:own_pkcs12_export", kwargs={"pk": store.pk}), {"password": "correct horse", "password_again": "correct horse"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="github-api-own.p12"'
    key, certificate, _ = pkcs12.load_key_and_certificates(response.content, b"correct horse")
    assert certificate == store.own_certificate.certificate
    assert AuditEvent.objects.filter(action="own.pkcs12_export").exists()


# --- client authentication end to end ----------------------------------------------------------


def test_client_certificate_is_presented_to_a_server_that_requires_it():
    pki = shared_pki()
    store = _active_store(pki)
    with tls_server(pki.leaf("127.0.0.1"), require_client_cert_from=pki.root) as server:
        make_destination(host="127.0.0.1", port=server.port, truststore=store, ssl_auth="client")
        destination = read_destination("debugging.github", "github", caller_package="debugging")
        with Client() as client:
            assert client.request(Request("GET", "/"), destination).text == "hello"
    presented = x509.load_der_x509_certificate(server.client_certs_seen[-1])
    assert presented == store.own_certificate.certificate


def test_anonymous_store_is_refused_with_the_diagnosis():
    pki = shared_pki()
    store = make_store()
    certificates_import(store=store, data=pem(pki.root), source="test", actor=None)
    with tls_server(pki.leaf("127.0.0.1"), require_client_cert_from=pki.root) as server:
        make_destination(host="127.0.0.1", port=server.port, truststore=store, ssl_auth="client")
        destination = read_destination("debugging.github", "github", caller_package="debugging")
        with Client() as client, pytest.raises(http.OwnCertificateUnavailable) as info:
            client.request(Request("GET", "/"), destination)
    assert info.value.message.endswith("has sslAuth = client, and store 'github api' is anonymous.")


def test_anonymous_call_to_a_client_cert_server_is_diagnosed():
    pki = shared_pki()
    store = _active_store(pki)
    with tls_server(pki.leaf("127.0.0.1"), require_client_cert_from=pki.root) as server:
        make_destination(host="127.0.0.1", port=server.port, truststore=store)
        destination = read_destination("debugging.github", "github", caller_package="debugging")
        with Client() as client, pytest.raises(http.ClientCertificateRequired):
            client.request(Request("GET", "/"), destination)


# --- commands ------------------------------------------------------------------------------------


def test_commands_create_import_and_export(tmp_path):
    pki = shared_pki()
    make_store()
    out = io.StringIO()
    call_command("create_key_pair", "github api", "--subject", "CN=cli-client,O=ACME", "--san", "DNS:cli.example", "--key", "rsa2048", stdout=out)
    csr = x509.load_pem_x509_csr(out.getvalue().encode())
    assert csr.subject.rfc4514_string() == "CN=cli-client,O=ACME" and keys.key_type_of(csr.public_key()) == "rsa2048"
    response = tmp_path / "response.pem"
    response.write_bytes(pem(_sign(csr, pki), pki.intermediate))
    out = io.StringIO()
    call_command("import_certificate_response", "github api", str(response), stdout=out)
    assert out.getvalue() == "The own certificate of 'github api' is active: CN=cli-client,O=ACME.\n"
    exported = tmp_path / "own.pem"
    call_command("export_own_certificate", "github api", "-o", str(exported), stderr=io.StringIO())
    assert [c.subject.rfc4514_string() for c in x509.load_pem_x509_certificates(exported.read_bytes())] == ["CN=cli-client,O=ACME", "CN=Test Intermediate CA"]
    with pytest.raises(CommandError, match=r"^Unknown subject attribute 'XX': use CN, O, OU, L, ST, C, emailAddress\.$"):
        call_command("create_key_pair", "github api", "--subject", "XX=1", stdout=io.StringIO())


def test_import_pkcs12_command(tmp_path):
    data = own.own_pkcs12_export(store=_active_store(shared_pki()), password="correct horse", actor=None)
    make_store("copy")
    (tmp_path / "c.p12").write_bytes(data)
    (tmp_path / "pw").write_text("correct horse\n")
    out = io.StringIO()
    call_command("import_pkcs12", "copy", str(tmp_path / "c.p12"), "--password-file", str(tmp_path / "pw"), stdout=out)
    assert TrustStore.objects.get(name="copy").own_certificate_state == "Active"
    (tmp_path / "pw").write_text("wrong\n")
    make_store("third")
    with pytest.raises(CommandError, match="The password does not open this PKCS#12 file"):
        call_command("import_pkcs12", "third", str(tmp_path / "c.p12"), "--password-file", str(tmp_path / "pw"))


def test_pkcs12_upload_over_the_cap_is_refused(client_for, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 1024
    store = make_store()
    response = client_for("TrustStoreAdministrator").post(
        reverse("truststores:own_pkcs12_import", kwargs={"pk": store.pk}),
        {"file": SimpleUploadedFile("big.p12", b"\x30" * 5000), "password": "x"},
    )
    assert "The file &#x27;big.p12&#x27; is larger than the 1 KiB limit (CONSOLE_UPLOAD_MAX_BYTES)." in response.content.decode()
    assert store.own_certificate is None
