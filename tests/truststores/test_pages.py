"""The Trust Manager pages as a user sees them: create, list, detail, import, inspect, remove, delete."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admin_console.models import AuditEvent
from tests.factories import ca_pem, leaf_pem, make_store, pem_to_der, self_signed, test_ca, to_pem
from truststores.models import Certificate, TrustStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for("TrustStoreAdministrator")


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [error for errors in form.errors.values() for error in errors]


def _import(client, store, **data):
    return client.post(reverse("truststores:certificate_import", kwargs={"store_pk": store.pk}), data, follow=True)


# --- create ---------------------------------------------------------------


def test_create_store_redirects_to_its_anonymous_empty_page(admin_client):
    response = admin_client.post(reverse("truststores:truststore_create"), {"name": " github api ", "description": "for api.github.com"}, follow=True)
    store = TrustStore.objects.get()
    assert (store.name, store.description) == ("github api", "for api.github.com")
    page = response.content.decode()
    assert "Trust store “github api”" in page
    assert 'data-testid="own-state">Anonymous<' in page
    assert "The certificate list is empty." in page
    assert any("Created trust store 'github api'" in message for message in _messages(response))
    assert AuditEvent.objects.get(action="truststore.create").summary == "Created trust store 'github api'"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", ["Enter a name for the trust store."]),
        ("x" * 65, ["The name is 65 characters long; at most 64 are allowed."]),
        ("a/b", ["The name may hold only letters (A–Z, a–z), digits, spaces, '.', '_' and '-'; it holds '/'."]),
        ("...", ["The name needs at least one letter or digit."]),
        (
            "ä*" + "x" * 70,
            [
                "The name is 72 characters long; at most 64 are allowed.",
                "The name may hold only letters (A–Z, a–z), digits, spaces, '.', '_' and '-'; it holds '*' 'ä'.",
            ],
        ),
    ],
)
def test_each_broken_name_rule_gets_its_own_message(admin_client, name, expected):
    response = admin_client.post(reverse("truststores:truststore_create"), {"name": name})
    assert response.status_code == 200
    assert _errors(response) == expected
    assert not TrustStore.objects.exists()


def test_name_is_unique_ignoring_case(admin_client):
    make_store("GitHub API")
    response = admin_client.post(reverse("truststores:truststore_create"), {"name": "github api"})
    assert _errors(response) == ["A trust store named 'GitHub API' already exists (names are compared ignoring case)."]
    assert TrustStore.objects.count() == 1


def test_name_of_64_allowed_characters_is_accepted(admin_client):
    name = "Ab9 ._-" * 9 + "x"
    admin_client.post(reverse("truststores:truststore_create"), {"name": name})
    assert TrustStore.objects.get().name == name


# --- list -----------------------------------------------------------------


def test_store_list_shows_counts_state_and_earliest_expiry(client_for):
    store = make_store("github api", with_certificate=True)
    soon = self_signed("Soon CA", days=40)
    _import_service(store, to_pem(soon))
    make_store("empty one")
    page = client_for("TrustStoreViewer").get(reverse("truststores:truststore_list")).content.decode()
    row = re.search(r"<tr>\s*<td[^>]*><a href=\"/truststores/%d/\">github api</a></td>(.*?)</tr>" % store.pk, page, re.S).group(1)
    cells = [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["", "2", "Anonymous", f"{soon.not_valid_after_utc:%Y-%m-%d} expires in 38 days", "0"]
    assert "empty one" in page


def test_empty_store_list_says_what_to_do(client_for):
    assert "Create one for each kind of target" in client_for("TrustStoreAdministrator").get(reverse("truststores:truststore_list")).content.decode()
    viewer_page = client_for("TrustStoreViewer").get(reverse("truststores:truststore_list")).content.decode()
    assert "A TrustStoreAdministrator can create them." in viewer_page
    assert "Create trust store</a>" not in viewer_page


def _import_service(store, data: bytes):
    from truststores.services import certificates_import

    return certificates_import(store=store, data=data, source="test", actor=None)


# --- import ---------------------------------------------------------------


def test_upload_der_certificate_lists_it_with_its_cn(admin_client):
    store = make_store()
    leaf = test_ca().issue_cert("api.example.test", common_name="api.example.test")
    der = pem_to_der(leaf.cert_chain_pems[0].bytes())
    response = _import(admin_client, store, file=SimpleUploadedFile("apiGitHub.cer", der))
    messages = _messages(response)
    assert messages[0] == "Imported 1 certificate (DER)."
    assert any("is not a CA certificate: it is trusted as a pin" in message for message in messages)
    certificate = Certificate.objects.get(store=store)
    assert (certificate.subject_cn, certificate.source, bytes(certificate.der)) == ("api.example.test", "file apiGitHub.cer", der)
    assert ">api.example.test</a>" in response.content.decode()
    store.refresh_from_db()
    assert store.content_version == 2


def test_paste_pem_bundle_skips_what_is_already_there(admin_client):
    store = make_store(with_certificate=True)
    other = to_pem(self_signed("Other CA"))
    third = to_pem(self_signed("Third CA"))
    response = _import(admin_client, store, pem=(ca_pem() + other + third).decode())
    existing = Certificate.objects.filter(store=store).order_by("pk").first()
    prefix = existing.sha256[:2] + ":" + existing.sha256[2:4]
    assert _messages(response)[0] == f"Imported 2 certificates; skipped 1 already in this store (SHA-256 {prefix}…) (PEM)."
    assert Certificate.objects.filter(store=store).count() == 3


def test_importing_only_duplicates_changes_nothing(admin_client):
    store = make_store(with_certificate=True)
    version = TrustStore.objects.get(pk=store.pk).content_version
    events = AuditEvent.objects.count()
    response = _import(admin_client, store, pem=ca_pem().decode())
    assert _messages(response)[0].startswith("Imported 0 certificates; skipped 1 already in this store")
    assert TrustStore.objects.get(pk=store.pk).content_version == version
    assert AuditEvent.objects.count() == events


def test_pkcs7_upload_imports_every_certificate(admin_client):
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    certificates = [self_signed("P7 A"), self_signed("P7 B")]
    store = make_store()
    response = _import(admin_client, store, file=SimpleUploadedFile("chain.p7b", pkcs7.serialize_certificates(certificates, Encoding.DER)))
    assert _messages(response)[0] == "Imported 2 certificates (PKCS#7 (DER))."
    assert set(Certificate.objects.values_list("subject_cn", flat=True)) == {"P7 A", "P7 B"}


def test_import_warns_about_expired_and_not_yet_valid(admin_client):
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=10)
    store = make_store()
    bundle = to_pem(self_signed("Old CA", not_before=past, days=30)) + to_pem(self_signed("Future CA", not_before=future))
    messages = _messages(_import(admin_client, store, pem=bundle.decode()))
    assert messages[0] == "Imported 2 certificates (PEM)."
    assert any(message.startswith("'Old CA' expired on ") for message in messages)
    assert any(message.startswith("'Future CA' is not valid until ") for message in messages)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "Nothing to import: the input is empty. Choose a file or paste PEM text."),
        ({"pem": "   "}, "Nothing to import: the input is empty. Choose a file or paste PEM text."),
        ({"pem": "hello"}, "Not a certificate: the text has no PEM block"),
        ({"file": lambda: SimpleUploadedFile("x.cer", b""), }, "The chosen file is empty: nothing to import."),
        ({"file": lambda: SimpleUploadedFile("x.cer", b"\x30\x03\x02\x01\x05")}, "Not a readable DER certificate or PKCS#7 file:"),
        ({"file": lambda: SimpleUploadedFile("a.cer", b"x"), "pem": "y"}, "Choose a file or paste PEM text, not both."),
    ],
    ids=["nothing", "blank-paste", "text", "empty-file", "bad-der", "both"],
)
def test_refused_input_says_why_and_stores_nothing(admin_client, data, expected):
    store = make_store()
    data = {key: value() if callable(value) else value for key, value in data.items()}
    response = _import(admin_client, store, **data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors() + [e for errs in response.context["form"].errors.values() for e in errs]
    assert any(error.startswith(expected) for error in errors), errors
    assert expected.split(":")[0] in response.content.decode().replace("&#x27;", "'")
    assert not Certificate.objects.exists()


def test_private_key_is_refused_and_never_shown_back_or_stored(admin_client):
    store = make_store()
    key_pem = test_ca().issue_cert("k.example").private_key_pem.bytes()
    bundle = ca_pem() + key_pem
    response = _import(admin_client, store, pem=bundle.decode())
    page = response.content.decode()
    assert "PEM block 2 of 2 (-----BEGIN EC PRIVATE KEY-----, line" in page or "PEM block 2 of 2 (-----BEGIN RSA PRIVATE KEY-----, line" in page
    assert "this is a private key — a trust store holds public certificates only" in page
    key_body = key_pem.decode().splitlines()[1]
    assert key_body not in page.split('<textarea')[0] + page.split('</textarea>')[-1]
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="certificate.import").exists()


def test_bundle_with_one_broken_block_rolls_back_whole_import(admin_client):
    store = make_store()
    good = to_pem(self_signed("Good CA"))
    broken = b"-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----\n"
    response = _import(admin_client, store, pem=(good + broken + to_pem(self_signed("Also good"))).decode())
    assert "PEM block 2 of 3 (-----BEGIN CERTIFICATE-----, line" in response.content.decode()
    assert not Certificate.objects.exists()
    assert TrustStore.objects.get(pk=store.pk).content_version == 1


def test_upload_over_the_cap_is_refused_without_storing(admin_client, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 4096
    store = make_store()
    bundle = b"".join(to_pem(self_signed(f"CA {n}")) for n in range(10))
    assert len(bundle) > 4096
    response = _import(admin_client, store, file=SimpleUploadedFile("big.pem", bundle))
    assert "The file 'big.pem' is larger than the 4 KiB limit (CONSOLE_UPLOAD_MAX_BYTES). Nothing was imported." in response.content.decode().replace("&#x27;", "'")
    assert not Certificate.objects.exists()


def test_pasted_text_over_the_cap_is_refused(admin_client, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 4096
    store = make_store()
    bundle = b"".join(to_pem(self_signed(f"CA {n}")) for n in range(10))
    response = _import(admin_client, store, pem=bundle.decode())
    assert "The pasted text is larger than the 4 KiB limit" in response.content.decode()
    assert not Certificate.objects.exists()


def test_body_far_over_the_cap_gets_a_413_page_not_a_500(admin_client, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 4096
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 8192
    store = make_store()
    response = admin_client.post(reverse("truststores:certificate_import", kwargs={"store_pk": store.pk}), {"pem": "A" * 20000})
    assert response.status_code == 413
    assert "larger than the 4 KiB limit (CONSOLE_UPLOAD_MAX_BYTES)" in response.content.decode()


# --- detail, search, sort, pages -----------------------------------------


def test_detail_page_lists_certificates_with_badges(client_for):
    store = make_store()
    _import_service(store, to_pem(self_signed("Soon CA", days=10)) + to_pem(self_signed("Later CA", days=400)))
    page = client_for("TrustStoreViewer").get(store.get_absolute_url()).content.decode()
    assert re.search(r'data-state="warning">expires in (8|9|10) days<', page)
    assert re.search(r'data-state="success">expires in 39\d days<', page)
    assert "Import certificates</a>" not in page  # viewers see no change controls
    assert "Delete store</a>" not in page


def test_search_and_sort_by_expiry(client_for):
    store = make_store()
    _import_service(store, b"".join(to_pem(self_signed(name, days=days)) for name, days in [("Alpha CA", 300), ("Beta CA", 30), ("Gamma CA", 100)]))
    client = client_for("TrustStoreViewer")
    found = client.get(store.get_absolute_url(), {"q": "beta"}).context["certificates"]
    assert [c.subject_cn for c in found] == ["Beta CA"]
    by_expiry = client.get(store.get_absolute_url(), {"sort": "expiry"}).context["certificates"]
    assert [c.subject_cn for c in by_expiry] == ["Beta CA", "Gamma CA", "Alpha CA"]
    sha = Certificate.objects.get(subject_cn="Gamma CA").sha256
    by_fingerprint = client.get(store.get_absolute_url(), {"q": f"{sha[:2]}:{sha[2:4]}:{sha[4:6]}"}).context["certificates"]
    assert [c.subject_cn for c in by_fingerprint] == ["Gamma CA"]


def test_certificate_list_pages_by_fifty(client_for):
    store = make_store()
    _import_service(store, b"".join(to_pem(self_signed(f"CA {n:03d}")) for n in range(60)))
    client = client_for("TrustStoreViewer")
    first = client.get(store.get_absolute_url())
    assert len(first.context["certificates"]) == 50
    assert 'data-testid="certificate-total">60<' in first.content.decode()
    second = client.get(store.get_absolute_url(), {"page": 2, "sort": "expiry"})
    assert len(second.context["certificates"]) == 10
    assert "Page 2 of 2" in second.content.decode()


def test_certificate_detail_shows_every_field(client_for):
    store = make_store()
    leaf = test_ca().issue_cert("api.example.test", "127.0.0.1", common_name="api.example.test")
    _import_service(store, leaf.cert_chain_pems[0].bytes())
    certificate = Certificate.objects.get()
    page = client_for("TrustStoreViewer").get(certificate.get_absolute_url()).content.decode()
    for label in [
        "Subject", "Subject CN", "Issuer", "Issuer CN", "Version", "Serial number", "Valid from", "Valid until",
        "Public key", "Signature algorithm", "SHA-256 fingerprint", "SHA-1 fingerprint", "Subject alternative names",
        "Basic constraints", "Key usage", "Extended key usage", "Subject key identifier", "Authority key identifier",
    ]:
        assert f'<th scope="row"' in page and f">{label}</th>" in page, label
    assert "DNS:api.example.test" in page and "IP:127.0.0.1" in page
    assert "TLS server authentication" in page
    assert "-----BEGIN CERTIFICATE-----" in page
    assert "End entity (pinned)" in page
    assert str(certificate.x509.serial_number) in page


def test_certificate_downloads(client_for):
    store = make_store(with_certificate=True)
    certificate = Certificate.objects.get()
    client = client_for("TrustStoreViewer")
    pem = client.get(reverse("truststores:certificate_pem", kwargs={"store_pk": store.pk, "pk": certificate.pk}))
    assert pem["Content-Type"] == "application/x-pem-file"
    assert pem.content == ca_pem() or pem.content.strip() == ca_pem().strip()
    der = client.get(reverse("truststores:certificate_der", kwargs={"store_pk": store.pk, "pk": certificate.pk}))
    assert der["Content-Disposition"].endswith('.cer"')
    assert der.content == pem_to_der(ca_pem())


def test_certificate_of_another_store_is_404(client_for):
    store = make_store(with_certificate=True)
    other = make_store("other")
    certificate = Certificate.objects.get(store=store)
    response = client_for("TrustStoreViewer").get(reverse("truststores:certificate_detail", kwargs={"store_pk": other.pk, "pk": certificate.pk}))
    assert response.status_code == 404


# --- remove, delete -------------------------------------------------------


def test_remove_certificate_confirms_then_removes(admin_client):
    store = make_store(with_certificate=True)
    certificate = Certificate.objects.get()
    url = reverse("truststores:certificate_remove", kwargs={"store_pk": store.pk, "pk": certificate.pk})
    assert "Remove certificate “" in admin_client.get(url).content.decode()
    assert Certificate.objects.exists()
    response = admin_client.post(url, follow=True)
    assert not Certificate.objects.exists()
    assert _messages(response) == [f"Removed certificate '{certificate.alias}' from 'github api'."]
    assert TrustStore.objects.get().content_version == 3
    assert AuditEvent.objects.filter(action="certificate.remove").exists()


def test_delete_store_confirms_then_deletes_with_its_certificates(admin_client):
    store = make_store(with_certificate=True)
    url = reverse("truststores:truststore_delete", kwargs={"pk": store.pk})
    assert "will be deleted" in admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)
    assert not TrustStore.objects.exists() and not Certificate.objects.exists()
    assert _messages(response) == ["Deleted trust store 'github api'."]
    assert AuditEvent.objects.get(action="truststore.delete").summary == "Deleted trust store 'github api' with 1 certificate"


def test_delete_of_bound_store_is_refused_with_the_destinations(admin_client, monkeypatch):
    from truststores import services

    store = make_store()
    monkeypatch.setattr(services, "store_bound_destinations", lambda s: ["debugging.github:github"])
    url = reverse("truststores:truststore_delete", kwargs={"pk": store.pk})
    assert "cannot be deleted" in admin_client.get(url).content.decode()
    response = admin_client.post(url, follow=True)
    assert TrustStore.objects.exists()
    assert "is bound to 1 destination(s): debugging.github:github" in _messages(response)[0]
