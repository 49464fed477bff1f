"""Generated and mutated input through the import forms, the commands and the parsers:
never a 500 or a traceback, always a message, nothing stored when refused."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from destinations import services as destination_services
from destinations import xshttpdest
from destinations.models import HttpDestination
from tests.factories import ca_pem, make_store, pem_to_der, self_signed
from truststores import keys
from truststores.models import Certificate
from truststores.x509 import CertificateInputError, parse_certificates

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
DER = pem_to_der(ca_pem())
P7 = pkcs7.serialize_certificates([self_signed("Fuzz A"), self_signed("Fuzz B")], serialization.Encoding.DER)


@st.composite
def mutated(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        position = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[position:]
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif data:
            del data[position : position + draw(st.integers(1, 16))]
    return bytes(data)


@st.composite
def broken_pem(draw) -> bytes:
    label = draw(st.sampled_from(["CERTIFICATE", "PKCS7", "PRIVATE KEY", "X509 CRL", "WHATEVER"]))
    body = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/=!*\n -", max_size=300))
    end = draw(st.booleans())
    return (f"-----BEGIN {label}-----\n{body}\n" + (f"-----END {label}-----\n" if end else "")).encode()


CERTIFICATE_INPUT = st.one_of(
    st.binary(max_size=1500),
    mutated(DER),
    mutated(P7),
    mutated(ca_pem()),
    broken_pem(),
    st.builds(lambda a, b: a + b, st.just(ca_pem()), broken_pem()),  # one good block, one bad: refused whole
)


@FUZZ
@given(data=CERTIFICATE_INPUT)
def test_certificate_parser_answers_or_refuses_in_words(data):
    try:
        result = parse_certificates(data)
    except CertificateInputError as error:
        assert str(error) and "Traceback" not in str(error)
    else:
        assert result.certificates


@pytest.fixture
def admin(client_for):
    return client_for("TrustStoreAdministrator", "HTTPDestAdministrator")


@pytest.mark.django_db
@FUZZ
@given(data=CERTIFICATE_INPUT, as_file=st.booleans())
def test_certificate_import_page_never_fails(admin, data, as_file):
    store = _store()
    before = Certificate.objects.filter(store=store).count()
    url = reverse("truststores:certificate_import", kwargs={"store_pk": store.pk})
    payload = {"file": SimpleUploadedFile("fuzz.cer", data)} if as_file else {"pem": data.decode("utf-8", "replace")}
    response = admin.post(url, payload)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        form = response.context["form"]
        assert form.errors  # a message, in words
        assert Certificate.objects.filter(store=store).count() == before
    else:
        for certificate in Certificate.objects.filter(store=store):
            assert certificate.x509  # whatever was stored reads back


def _store():
    from truststores.models import TrustStore

    return TrustStore.objects.filter(name="fuzz").first() or make_store("fuzz")


@pytest.mark.django_db
@FUZZ
@given(data=CERTIFICATE_INPUT)
def test_import_certificates_command_refuses_with_a_message(data):
    store = _store()
    before = store.certificates.count()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.pem"
        path.write_bytes(data)
        err = io.StringIO()
        try:
            call_command("import_certificates", "fuzz", str(path), stdout=io.StringIO(), stderr=err)
        except CommandError as error:
            assert "refused" in str(error)
            assert err.getvalue().startswith(f"{path}: refused: ")
            assert store.certificates.count() == before


@pytest.mark.django_db
@FUZZ
@given(password=st.text(max_size=30), data=st.one_of(st.just(None), st.binary(max_size=600)))
def test_pkcs12_import_with_wrong_passwords_or_garbage(admin, password, data):
    source = _pkcs12()
    store = _store()
    response = admin.post(
        reverse("truststores:own_pkcs12_import", kwargs={"pk": store.pk}),
        {"file": SimpleUploadedFile("fuzz.p12", source if data is None else data), "password": password},
    )
    if data is None and password == "correct horse":
        return
    assert response.status_code == 200
    assert response.context["form"].errors  # "The password does not open…", "not a PKCS#12 file", "empty"…
    assert store.own_certificate is None


_P12 = {}


def _pkcs12() -> bytes:
    """A valid PKCS#12 (password "correct horse"), made once."""
    if "data" not in _P12:
        from tests.tls import shared_pki

        pki = shared_pki()
        leaf = pki.leaf("p12.example")
        _P12["data"] = keys.dump_pkcs12(leaf.key, leaf.certificate, [pki.intermediate], "correct horse", "fuzz")
    return _P12["data"]


GENUINE = (Path(__file__).parent.parent / "destinations" / "corpus" / "B1SA__beaconsOne__lib__pushRest.xshttpdest").read_bytes()


@pytest.mark.django_db
@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=400),
        mutated(GENUINE).map(lambda b: b.decode("utf-8", "replace")),
        st.lists(st.sampled_from(['host = "a.example";', "port = 443;", "useSSL = true;", "/*", "*/", "//x\n", "#c\n", ";", "=", '"', "[", "]", "proxyType = http;", "timeout = -1;"]), max_size=12).map("\n".join),
    )
)
def test_xshttpdest_import_answers_or_refuses_with_positions(text):
    before = HttpDestination.objects.count()
    outcome = destination_services.destinations_import(
        files=[destination_services.ImportFile("fuzz.xshttpdest", text, "fuzz.pkg", "fuzz")], replace=True, actor=None
    )
    if isinstance(outcome, list):
        assert outcome and all(str(problem).startswith("fuzz.xshttpdest: ") for problem in outcome)
        assert HttpDestination.objects.count() == before
    else:
        destination = HttpDestination.objects.get(package="fuzz.pkg", name="fuzz")
        # What was imported exports and re-imports to the same values.
        again = xshttpdest.destination_values(xshttpdest.parse(destination_services.destination_export(destination)))
        assert all(getattr(destination, attr) == value for attr, value in again.items() if attr != "use_proxy")


@pytest.mark.django_db
@FUZZ
@given(text=st.text(max_size=300))
def test_xshttpdest_import_page_never_fails(admin, text):
    before = HttpDestination.objects.count()
    response = admin.post(
        reverse("destinations:destination_import"),
        {"files": [SimpleUploadedFile("fuzz.xshttpdest", text.encode("utf-8", "surrogatepass"))], "package": "fuzz.page", "replace": "on"},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert HttpDestination.objects.count() == before


def test_pkcs7_of_another_content_type_is_refused_not_a_crash():
    """Found by the fuzzer: cryptography raises UnsupportedAlgorithm, not ValueError, for these."""
    signed_data = bytes.fromhex("06092A864886F70D010702")
    assert signed_data in P7
    not_signed = P7.replace(signed_data, bytes.fromhex("06092A864886F70D010701"), 1)
    with pytest.raises(CertificateInputError, match="^Not a readable DER certificate or PKCS#7 file"):
        parse_certificates(not_signed)


def test_certificate_whose_subject_fails_on_first_read_is_refused_not_a_crash():
    """Found by the fuzzer: a DER certificate whose subject holds a bad tag loads (cryptography parses
    names lazily) and then raised ValueError inside the import service."""
    from tests.factories import test_ca

    der = pem_to_der(test_ca().cert_pem.bytes())
    utf8_string = bytes.fromhex("060355040b0c")  # OU, UTF8String
    assert utf8_string in der
    broken = der.replace(utf8_string, bytes.fromhex("060355040b0d"), 1)  # tag 13, a RELATIVE-OID
    with pytest.raises(CertificateInputError, match="^Not a readable DER certificate or PKCS#7 file: a field is not what a certificate has there"):
        parse_certificates(broken)


@pytest.mark.django_db
def test_the_same_certificate_through_the_command_is_refused_in_words(tmp_path):
    from tests.factories import test_ca

    der = pem_to_der(test_ca().cert_pem.bytes())
    (tmp_path / "bad.cer").write_bytes(der.replace(bytes.fromhex("060355040b0c"), bytes.fromhex("060355040b0d"), 1))
    _store()
    err = io.StringIO()
    with pytest.raises(CommandError, match="^The file was refused; nothing was imported.$"):
        call_command("import_certificates", "fuzz", str(tmp_path / "bad.cer"), stdout=io.StringIO(), stderr=err)
    assert "refused: Not a readable DER certificate" in err.getvalue()
