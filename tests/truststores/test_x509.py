"""Unit tests for truststores/x509.py: reading, refusing and describing certificates.

Pure: no database, no network. Certificates come from trustme, from cryptography's builders,
or from certifi's Mozilla bundle.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import ipaddress
import re

import certifi
import pytest
import trustme
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID

from truststores.x509 import (
    CertificateInputError,
    default_alias,
    describe,
    import_warnings,
    name_cn,
    parse_certificates,
)

UTC = dt.timezone.utc
NOW = dt.datetime(2030, 6, 15, 12, 0, tzinfo=UTC)
PEM = serialization.Encoding.PEM
DER = serialization.Encoding.DER
# Serial 0 certificates in the Mozilla bundle make cryptography warn; that is the bundle, not the code under test.
ignore_zero_serial_warning = pytest.mark.filterwarnings("ignore:Parsed a serial number which wasn't positive")


# ---------------------------------------------------------------------------
# Helpers


@functools.cache
def private_key(kind: str = "ec"):
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=int(kind.removeprefix("rsa")))


def name(cn: str | None = None, **attributes: str) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, cn)] if cn else []
    oids = {"O": NameOID.ORGANIZATION_NAME, "C": NameOID.COUNTRY_NAME}
    parts += [x509.NameAttribute(oids[key], value) for key, value in attributes.items()]
    return x509.Name(parts)


def make_cert(
    subject: x509.Name | None = None,
    *,
    key_kind: str = "ec",
    ca: bool | None = True,
    path_length: int | None = None,
    not_before: dt.datetime = NOW - dt.timedelta(days=30),
    not_after: dt.datetime = NOW + dt.timedelta(days=365),
    sans: list[x509.GeneralName] | None = None,
    eku: list[x509.ObjectIdentifier] | None = None,
    ski: bool = True,
    serial: int = 0x1234,
    algorithm: hashes.HashAlgorithm | None = None,
    issuer: x509.Name | None = None,
    issuer_key_kind: str | None = None,
    extra_extension: x509.ExtensionType | None = None,
) -> x509.Certificate:
    """A certificate, self-signed unless ``issuer`` (and ``issuer_key_kind``) are given."""
    key = private_key(key_kind)
    subject = name("Test Root CA", O="Example Org") if subject is None else subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    if ca is not None:
        constraints = x509.BasicConstraints(ca=ca, path_length=path_length if ca else None)
        builder = builder.add_extension(constraints, critical=True)
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    if ski:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    if extra_extension is not None:
        builder = builder.add_extension(extra_extension, critical=False)
    return builder.sign(private_key(issuer_key_kind or key_kind), algorithm or hashes.SHA256())


def der_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(DER)


def pem_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(PEM)


def sha256_upper(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest().upper()


def assert_read_as(result, expected: list[x509.Certificate], fmt: str) -> None:
    """The result holds exactly ``expected`` in order, with correct DER and fingerprints."""
    assert result.format == fmt
    assert [p.der for p in result.certificates] == [der_of(c) for c in expected]
    for parsed, cert in zip(result.certificates, expected):
        assert parsed.sha256 == sha256_upper(der_of(cert))
        assert x509.load_der_x509_certificate(parsed.der) == cert
        assert parsed.certificate == cert


def refusal(data: bytes) -> str:
    with pytest.raises(CertificateInputError) as info:
        parse_certificates(data)
    return str(info.value)


def body_of(pem: bytes) -> bytes:
    """The base64 lines between the armour of a single PEM block."""
    return b"".join(line for line in pem.splitlines() if not line.startswith(b"-----"))


@pytest.fixture(scope="module")
def trust_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def trust_leaf_cert(trust_ca) -> x509.Certificate:
    leaf = trust_ca.issue_cert("127.0.0.1", "example.test")
    return x509.load_pem_x509_certificate(leaf.cert_chain_pems[0].bytes())


@pytest.fixture(scope="module")
def trust_ca_cert(trust_ca) -> x509.Certificate:
    return x509.load_pem_x509_certificate(trust_ca.cert_pem.bytes())


@pytest.fixture(scope="module")
def three_certs() -> list[x509.Certificate]:
    return [make_cert(name(f"Bundle CA {n}"), serial=100 + n) for n in (1, 2, 3)]


# ---------------------------------------------------------------------------
# Accepted formats


def test_single_der_certificate_is_read_as_der(trust_ca_cert):
    assert_read_as(parse_certificates(der_of(trust_ca_cert)), [trust_ca_cert], "DER")


def test_single_pem_certificate_is_read_as_pem(trust_leaf_cert):
    result = parse_certificates(pem_of(trust_leaf_cert))
    assert_read_as(result, [trust_leaf_cert], "PEM")
    sha = sha256_upper(der_of(trust_leaf_cert))
    assert result.certificates[0].sha256_display == ":".join(sha[i : i + 2] for i in range(0, 64, 2))


@ignore_zero_serial_warning
def test_mozilla_bundle_yields_every_certificate_in_file_order():
    data = open(certifi.where(), "rb").read()  # noqa: SIM115 - read once, small file
    assert b"# Issuer:" in data  # text between the blocks, as in every certifi release
    bodies = re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", data, re.S)
    expected_ders = [base64.b64decode(b"".join(body.split())) for body in bodies]
    assert len(expected_ders) == data.count(b"-----BEGIN CERTIFICATE-----") > 100

    result = parse_certificates(data)

    assert result.format == "PEM"
    assert [p.der for p in result.certificates] == expected_ders
    assert [p.sha256 for p in result.certificates] == [sha256_upper(der) for der in expected_ders]


def test_pem_bundle_with_comments_before_between_and_after_blocks(three_certs):
    data = b"Bundle exported 2030-06-15\n\n"
    for cert in three_certs:
        cn = name_cn(cert.subject).encode()
        data += b"# Issuer: CN=" + cn + b"\n# Label: \"" + cn + b"\"\n" + pem_of(cert) + b"\n"
    data += b"# end of bundle\n"
    assert_read_as(parse_certificates(data), three_certs, "PEM")


def test_pem_bundle_with_crlf_line_endings_is_read(three_certs):
    data = b"# Windows export\r\n" + b"\r\n".join(pem_of(c).replace(b"\n", b"\r\n") for c in three_certs)
    assert b"\r\n" in data and b"\n\n" not in data
    assert_read_as(parse_certificates(data), three_certs, "PEM")


def test_pkcs7_der_file_yields_all_its_certificates(trust_ca_cert, trust_leaf_cert):
    data = pkcs7.serialize_certificates([trust_leaf_cert, trust_ca_cert], DER)
    result = parse_certificates(data)
    assert result.format == "PKCS#7 (DER)"
    # PKCS#7 holds a SET OF certificates: compare without relying on order.
    assert sorted(p.der for p in result.certificates) == sorted(der_of(c) for c in (trust_leaf_cert, trust_ca_cert))
    for parsed in result.certificates:
        assert parsed.sha256 == sha256_upper(parsed.der)
        assert x509.load_der_x509_certificate(parsed.der) == parsed.certificate


def test_pkcs7_pem_file_yields_all_its_certificates(trust_ca_cert, trust_leaf_cert):
    data = pkcs7.serialize_certificates([trust_leaf_cert, trust_ca_cert], PEM)
    assert data.startswith(b"-----BEGIN PKCS7-----")
    result = parse_certificates(data)
    assert result.format == "PKCS#7 (PEM)"
    assert sorted(p.der for p in result.certificates) == sorted(der_of(c) for c in (trust_leaf_cert, trust_ca_cert))
    for parsed in result.certificates:
        assert parsed.sha256 == sha256_upper(parsed.der)


def test_pkcs7_pem_block_next_to_certificate_blocks_reads_them_all(three_certs, trust_leaf_cert):
    data = (
        b"# a chain file\n"
        + pem_of(three_certs[0])
        + b"# the rest, as PKCS#7\n"
        + pkcs7.serialize_certificates([trust_leaf_cert], PEM)
        + pem_of(three_certs[1])
    )
    result = parse_certificates(data)
    assert_read_as(result, [three_certs[0], trust_leaf_cert, three_certs[1]], "PEM")


@pytest.mark.parametrize("wrap", [None, 64, 76], ids=["one-line", "64-col", "76-col-crlf"])
def test_bare_base64_der_without_armour_is_accepted(trust_leaf_cert, wrap):
    text = base64.b64encode(der_of(trust_leaf_cert))
    if wrap:
        newline = b"\r\n" if wrap == 76 else b"\n"
        text = newline.join(text[i : i + wrap] for i in range(0, len(text), wrap)) + newline
    assert_read_as(parse_certificates(b"  " + text), [trust_leaf_cert], "base64 DER")


# ---------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize("data", [b"", b"   \r\n\t \n"], ids=["empty", "whitespace"])
def test_empty_input_is_refused(data):
    assert refusal(data).startswith("Nothing to import: the input is empty")


@pytest.mark.parametrize(
    ("key_kind", "fmt", "encryption", "label"),
    [
        ("rsa1024", serialization.PrivateFormat.PKCS8, None, "PRIVATE KEY"),
        ("rsa1024", serialization.PrivateFormat.TraditionalOpenSSL, None, "RSA PRIVATE KEY"),
        ("ec", serialization.PrivateFormat.TraditionalOpenSSL, None, "EC PRIVATE KEY"),
        ("ec", serialization.PrivateFormat.PKCS8, b"secret", "ENCRYPTED PRIVATE KEY"),
    ],
    ids=["pkcs8", "rsa", "ec", "encrypted"],
)
def test_pem_private_key_is_refused_and_not_echoed(key_kind, fmt, encryption, label):
    encryption_algorithm = (
        serialization.BestAvailableEncryption(encryption) if encryption else serialization.NoEncryption()
    )
    pem = private_key(key_kind).private_bytes(PEM, fmt, encryption_algorithm)
    assert pem.startswith(f"-----BEGIN {label}-----".encode())

    message = refusal(pem)

    assert "this is a private key — a trust store holds public certificates only" in message
    assert f"-----BEGIN {label}-----" in message
    body = body_of(pem).decode()
    for line in pem.decode().splitlines()[1:-1]:
        assert line not in message
    # Not even a fragment of the key material.
    assert not any(body[i : i + 12] in message for i in range(0, len(body) - 12))


def test_certificate_followed_by_its_private_key_is_refused_whole(trust_leaf_cert):
    key_pem = private_key("ec").private_bytes(PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    data = pem_of(trust_leaf_cert) + key_pem
    key_line = pem_of(trust_leaf_cert).count(b"\n") + 1

    message = refusal(data)

    assert message.startswith(f"PEM block 2 of 2 (-----BEGIN PRIVATE KEY-----, line {key_line}) is not a certificate")
    assert "this is a private key" in message
    assert "Nothing was imported" in message
    assert body_of(key_pem).decode()[:40] not in message


def test_openssh_private_key_is_refused_as_private_key():
    key_pem = private_key("ec").private_bytes(
        PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    message = refusal(key_pem)
    assert "this is a private key" in message
    assert body_of(key_pem).decode()[:40] not in message


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_der_private_key_is_refused_as_private_key(encrypted):
    encryption = serialization.BestAvailableEncryption(b"pw") if encrypted else serialization.NoEncryption()
    data = private_key("ec").private_bytes(DER, serialization.PrivateFormat.PKCS8, encryption)
    message = refusal(data)
    assert message.startswith("Not a certificate: this is a private key")
    assert "Nothing was imported" in message


def test_pkcs12_file_is_refused_with_export_hint():
    cert = make_cert(name("PFX holder"), ca=False)
    data = pkcs12.serialize_key_and_certificates(b"pfx", private_key("ec"), cert, None, serialization.NoEncryption())
    message = refusal(data)
    assert message.startswith("This is a PKCS#12 file (.p12/.pfx)")
    assert "openssl pkcs12 -in FILE -nokeys" in message


def test_csr_is_refused_as_csr():
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(name("csr.example.test"))
        .sign(private_key("ec"), hashes.SHA256())
    )
    message = refusal(csr.public_bytes(PEM))
    assert message.startswith("PEM block 1 of 1 (-----BEGIN CERTIFICATE REQUEST-----, line 1)")
    assert "certificate signing request (CSR)" in message
    assert "send it to a CA" in message


def test_crl_is_refused_as_crl():
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(name("CRL issuer"))
        .last_update(NOW)
        .next_update(NOW + dt.timedelta(days=7))
        .sign(private_key("ec"), hashes.SHA256())
    )
    message = refusal(crl.public_bytes(PEM))
    assert "(-----BEGIN X509 CRL-----, line 1) is a certificate revocation list (CRL), not a certificate" in message


def test_public_key_block_is_refused_as_bare_public_key():
    data = private_key("ec").public_key().public_bytes(PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    message = refusal(data)
    assert "(-----BEGIN PUBLIC KEY-----, line 1) is a bare public key, not a certificate" in message


def test_trusted_certificate_block_is_refused_with_conversion_hint(trust_ca_cert):
    data = pem_of(trust_ca_cert).replace(b" CERTIFICATE-----", b" TRUSTED CERTIFICATE-----")
    message = refusal(data)
    assert "'TRUSTED CERTIFICATE'" in message
    assert "openssl x509 -in FILE -out plain.pem" in message


def test_unknown_pem_label_is_refused_and_named(three_certs):
    data = pem_of(three_certs[0]) + b"-----BEGIN FOO BAR-----\nAAAA\n-----END FOO BAR-----\n"
    message = refusal(data)
    assert message.startswith("PEM block 2 of 2 (-----BEGIN FOO BAR-----, line ")
    assert message.endswith("is not a certificate. Nothing was imported.")


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_broken_base64_in_block_2_of_3_names_the_block_and_its_line(three_certs, newline):
    pems = [pem_of(c) for c in three_certs]
    lines = pems[1].split(b"\n")
    lines[2] = lines[2][:10] + b"!*?" + lines[2][13:]  # not base64
    pems[1] = b"\n".join(lines)
    data = (b"# header\n" + b"".join(pems)).replace(b"\n", newline)
    expected_line = 1 + 1 + pems[0].count(b"\n")  # the comment line, then all of block 1

    message = refusal(data)

    assert message.startswith(
        f"PEM block 2 of 3 (-----BEGIN CERTIFICATE-----, line {expected_line}) is not valid base64"
    )


def test_block_without_end_line_is_refused(three_certs):
    data = pem_of(three_certs[0]) + pem_of(three_certs[1]).split(b"-----END")[0]
    message = refusal(data)
    assert message.startswith("PEM block 2 of 2")
    assert "has no matching '-----END CERTIFICATE-----' line." in message


def test_empty_pem_block_is_refused():
    message = refusal(b"-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n")
    assert message == "PEM block 1 of 1 (-----BEGIN CERTIFICATE-----, line 1) is empty."


def test_truncated_der_is_refused_with_a_human_reason(trust_ca_cert):
    der = der_of(trust_ca_cert)
    message = refusal(der[: len(der) // 2])
    assert message.startswith("Not a readable DER certificate or PKCS#7 file: ")
    assert "the data ends too early (a truncated file?)" in message
    assert "ParseError" not in message and "{" not in message


def test_der_certificate_with_trailing_garbage_is_refused_as_extra_data(trust_ca_cert):
    message = refusal(der_of(trust_ca_cert) + b"\x00\x00")
    assert message.startswith("Not a readable DER certificate or PKCS#7 file: ")
    assert "there is extra data after the structure" in message
    assert "ParseError" not in message


def test_random_text_is_refused_as_having_no_pem_block():
    message = refusal(b"Hello, here is the certificate you asked for.\nRegards, Bob\n")
    assert message.startswith("Not a certificate: the text has no PEM block (-----BEGIN CERTIFICATE-----)")


def test_text_starting_with_digit_zero_is_refused_as_text_not_as_der():
    message = refusal(b"0F:3A:11:22:5B:9C:DE:01\n")  # a pasted fingerprint
    assert message.startswith("Not a certificate: the text has no PEM block")


def ssh_public_key_line(key) -> bytes:
    openssh = serialization.Encoding.OpenSSH
    return key.public_key().public_bytes(openssh, serialization.PublicFormat.OpenSSH) + b" alice@laptop\n"


@pytest.mark.parametrize("key_kind", ["ed25519", "rsa1024"])
def test_ssh_public_key_is_named_as_ssh_key(key_kind):
    key = ed25519.Ed25519PrivateKey.generate() if key_kind == "ed25519" else private_key(key_kind)
    line = ssh_public_key_line(key)
    assert line.startswith(b"ssh-ed25519 AAAA" if key_kind == "ed25519" else b"ssh-rsa AAAA")
    assert refusal(line) == "Not a certificate: this looks like an SSH key, which TLS does not use."


def test_ecdsa_ssh_public_key_is_named_as_ssh_key():
    line = ssh_public_key_line(private_key("ec"))
    assert line.startswith(b"ecdsa-sha2-nistp256 AAAA")
    assert refusal(line) == "Not a certificate: this looks like an SSH key, which TLS does not use."


def test_bundle_whose_last_block_decodes_but_does_not_parse_is_refused(three_certs):
    der = bytearray(der_of(three_certs[2]))
    assert der[1] == 0x82  # long-form length: bytes 2-3 hold the certificate's length
    der[2] ^= 0x01  # flip one bit of the length: still valid base64, no longer a certificate
    corrupted = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(bytes(der)) + b"-----END CERTIFICATE-----\n"
    data = pem_of(three_certs[0]) + pem_of(three_certs[1]) + corrupted
    line = 1 + pem_of(three_certs[0]).count(b"\n") + pem_of(three_certs[1]).count(b"\n")

    message = refusal(data)

    assert message.startswith(
        f"PEM block 3 of 3 (-----BEGIN CERTIFICATE-----, line {line}) is not a readable certificate: "
    )
    assert "ParseError" not in message


# ---------------------------------------------------------------------------
# describe()


def test_describe_leaf_lists_dns_and_ip_names_and_is_not_ca(trust_leaf_cert, trust_ca_cert):
    details = describe(trust_leaf_cert)
    assert details.subject_alternative_names == ["IP:127.0.0.1", "DNS:example.test"]
    assert details.is_ca is False
    assert details.basic_constraints_present is True
    assert details.self_signed is False
    assert details.issuer == trust_ca_cert.subject.rfc4514_string()
    assert "TLS server authentication" in details.extended_key_usage
    assert "TLS client authentication" in details.extended_key_usage
    assert details.key_usage == ["Digital signature", "Key encipherment"]


def test_describe_trustme_ca_is_ca_that_signs_certificates(trust_ca_cert):
    details = describe(trust_ca_cert)
    assert details.is_ca is True
    assert "Certificate sign" in details.key_usage
    assert details.self_signed is True
    assert details.version == "v3"
    assert details.subject.startswith("OU=Testing CA #")


def test_describe_fingerprints_are_colon_separated_upper_case_hex(trust_ca_cert):
    details = describe(trust_ca_cert)
    der = der_of(trust_ca_cert)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", details.sha256)
    assert re.fullmatch(r"([0-9A-F]{2}:){19}[0-9A-F]{2}", details.sha1)
    assert details.sha256.replace(":", "") == hashlib.sha256(der).hexdigest().upper()
    assert details.sha1.replace(":", "") == hashlib.sha1(der).hexdigest().upper()  # noqa: S324


@pytest.mark.parametrize("serial", [1, 0x80, 0x1234, 0x7F_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF])
def test_describe_serial_hex_and_decimal_match_the_serial(serial):
    details = describe(make_cert(serial=serial))
    assert details.serial_decimal == str(serial)
    assert re.fullmatch(r"[0-9A-F]{2}(:[0-9A-F]{2})*", details.serial_hex)
    assert int(details.serial_hex.replace(":", ""), 16) == serial


def test_describe_trustme_serial(trust_leaf_cert):
    details = describe(trust_leaf_cert)
    assert details.serial_decimal == str(trust_leaf_cert.serial_number)
    assert int(details.serial_hex.replace(":", ""), 16) == trust_leaf_cert.serial_number


def test_describe_rsa_2048_key_and_signature():
    details = describe(make_cert(key_kind="rsa2048"))
    assert (details.key_algorithm, details.key_size, details.key_curve) == ("RSA", 2048, "")
    assert details.signature_algorithm == "sha256WithRSAEncryption"


def test_describe_ec_p256_key_and_signature():
    details = describe(make_cert(key_kind="ec"))
    assert (details.key_algorithm, details.key_size, details.key_curve) == ("EC", 256, "secp256r1")
    assert details.signature_algorithm == "ecdsa-with-SHA256"


def test_describe_names_extended_key_usages():
    cert = make_cert(ca=False, eku=[ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.OCSP_SIGNING])
    assert describe(cert).extended_key_usage == ["TLS server authentication", "OCSP signing"]
    assert describe(make_cert()).extended_key_usage == []


def test_describe_subject_key_identifier_when_present_and_blank_when_absent():
    cert = make_cert(ski=True)
    expected = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    details = describe(cert)
    assert details.subject_key_identifier != ""
    assert details.subject_key_identifier == ":".join(f"{b:02X}" for b in expected)
    assert describe(make_cert(ski=False)).subject_key_identifier == ""


def test_describe_authority_key_identifier_of_trustme_leaf_is_the_ca_key_id(trust_leaf_cert, trust_ca_cert):
    ca_ski = describe(trust_ca_cert).subject_key_identifier
    assert ca_ski
    assert describe(trust_leaf_cert).authority_key_identifier == ca_ski


def test_describe_basic_constraints_and_path_length():
    with_length = describe(make_cert(ca=True, path_length=1))
    assert (with_length.is_ca, with_length.path_length, with_length.basic_constraints_present) == (True, 1, True)
    absent = describe(make_cert(ca=None))
    assert (absent.is_ca, absent.path_length, absent.basic_constraints_present) == (False, None, False)


def test_describe_names_and_validity():
    cert = make_cert(name("Acme Root", O="Acme Ltd", C="DE"))
    details = describe(cert)
    assert details.subject == "C=DE,O=Acme Ltd,CN=Acme Root"
    assert (details.subject_cn, details.issuer_cn) == ("Acme Root", "Acme Root")
    assert details.not_before == NOW - dt.timedelta(days=30)
    assert details.not_after == NOW + dt.timedelta(days=365)


def test_describe_reports_a_malformed_extension_as_unreadable_instead_of_failing():
    garbled_key_usage = x509.UnrecognizedExtension(ExtensionOID.KEY_USAGE, b"\x05\x00")  # NULL, not a BIT STRING
    details = describe(make_cert(name("Odd CA"), extra_extension=garbled_key_usage))
    assert details.key_usage == ["(unreadable: a field is not what a certificate has there)"]
    assert details.subject_key_identifier == "(unreadable: a field is not what a certificate has there)"
    assert details.extensions_error == "a field is not what a certificate has there"


def test_ca_with_a_malformed_extension_is_not_called_an_end_entity():
    garbled_key_usage = x509.UnrecognizedExtension(ExtensionOID.KEY_USAGE, b"\x05\x00")
    warnings = import_warnings(make_cert(name("Odd CA"), extra_extension=garbled_key_usage), NOW)
    assert warnings == [
        "'Odd CA' has extensions that cannot be read (a field is not what a certificate has there); "
        "TLS clients reject such certificates, so it will not work as a trust anchor."
    ]


def test_describe_pem_is_the_certificate(trust_leaf_cert):
    pem = describe(trust_leaf_cert).pem
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    assert pem.rstrip().endswith("-----END CERTIFICATE-----")
    assert x509.load_pem_x509_certificate(pem.encode()) == trust_leaf_cert


def test_describe_email_and_uri_names():
    cert = make_cert(
        sans=[x509.RFC822Name("ops@example.test"), x509.UniformResourceIdentifier("https://example.test/")],
        ca=False,
    )
    assert describe(cert).subject_alternative_names == ["email:ops@example.test", "URI:https://example.test/"]


# ---------------------------------------------------------------------------
# import_warnings()


def _sha1_signed_rsa_certificate(subject: x509.Name, issuer: x509.Name) -> x509.Certificate:
    """An RSA CA certificate whose signature uses SHA-1.

    Recent cryptography refuses SHA-1 in CertificateBuilder.sign(); the certificate is then
    assembled by hand: the SHA-256 TBS with its algorithm OID swapped for sha1WithRSAEncryption
    (same length), signed with SHA-1 through the key's own sign().
    """
    options = {"key_kind": "rsa2048", "issuer": issuer}
    try:
        return make_cert(subject, algorithm=hashes.SHA1(), **options)  # noqa: S303
    except UnsupportedAlgorithm:
        pass
    sha256_rsa = bytes.fromhex("06092A864886F70D01010B0500")  # AlgorithmIdentifier contents
    sha1_rsa = bytes.fromhex("06092A864886F70D0101050500")
    tbs = make_cert(subject, **options).tbs_certificate_bytes
    assert tbs.count(sha256_rsa) == 1
    tbs = tbs.replace(sha256_rsa, sha1_rsa)
    try:
        signature = private_key("rsa2048").sign(tbs, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    except UnsupportedAlgorithm:
        pytest.skip("this cryptography/OpenSSL build cannot sign with SHA-1 at all")

    def tlv(tag: int, content: bytes) -> bytes:
        size = len(content)
        if size < 0x80:
            return bytes([tag, size]) + content
        octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
        return bytes([tag, 0x80 | len(octets)]) + octets + content

    der = tlv(0x30, tbs + tlv(0x30, sha1_rsa) + tlv(0x03, b"\x00" + signature))
    cert = x509.load_der_x509_certificate(der)
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA1)
    return cert


def test_expired_certificate_warns_with_expiry_date():
    cert = make_cert(
        name("Expired CA"),
        not_before=dt.datetime(2019, 1, 1, tzinfo=UTC),
        not_after=dt.datetime(2020, 1, 31, 23, 59, tzinfo=UTC),
    )
    assert import_warnings(cert, NOW) == ["'Expired CA' expired on 2020-01-31; calls relying on it will fail."]


def test_not_yet_valid_certificate_warns_with_start_date():
    cert = make_cert(
        name("Future CA"),
        not_before=dt.datetime(2031, 3, 1, tzinfo=UTC),
        not_after=dt.datetime(2040, 1, 1, tzinfo=UTC),
    )
    assert import_warnings(cert, NOW) == ["'Future CA' is not valid until 2031-03-01."]


def test_end_entity_certificate_warns_that_it_is_not_a_ca(trust_leaf_cert):
    now = trust_leaf_cert.not_valid_before_utc + dt.timedelta(days=1)
    warnings = import_warnings(trust_leaf_cert, now)
    assert len(warnings) == 1
    # trustme leaves have no CN: the warning names the subject instead.
    assert warnings[0].startswith(f"'{trust_leaf_cert.subject.rfc4514_string()}' is not a CA certificate")
    assert "Prefer the issuing CA" in warnings[0]


def test_rsa_1024_key_warns_as_weak():
    warnings = import_warnings(make_cert(name("Small Key CA"), key_kind="rsa1024"), NOW)
    assert warnings == ["'Small Key CA' has a weak 1024-bit RSA key (2048 bits or more is expected)."]


def test_sha1_signed_certificate_issued_by_a_ca_warns_as_broken():
    cert = _sha1_signed_rsa_certificate(name("Old SHA1 Intermediate"), issuer=name("Some Root"))
    assert import_warnings(cert, NOW) == [
        "'Old SHA1 Intermediate' is signed with SHA1, which is broken; modern clients reject it."
    ]


def test_sha1_self_signed_root_gets_no_sha1_warning():
    # A trust anchor's own signature is never verified (RFC 5280 §6.1), so its hash does not matter.
    cert = _sha1_signed_rsa_certificate(name("Old SHA1 Root"), issuer=name("Old SHA1 Root"))
    assert import_warnings(cert, NOW) == []


def test_several_problems_are_all_listed():
    cert = make_cert(
        name("Bad Leaf"),
        key_kind="rsa1024",
        ca=False,
        not_before=dt.datetime(2019, 1, 1, tzinfo=UTC),
        not_after=dt.datetime(2020, 1, 1, tzinfo=UTC),
    )
    warnings = import_warnings(cert, NOW)
    assert len(warnings) == 3
    assert warnings[0].startswith("'Bad Leaf' expired on 2020-01-01")
    assert warnings[1].startswith("'Bad Leaf' is not a CA certificate")
    assert warnings[2].startswith("'Bad Leaf' has a weak 1024-bit RSA key")


def test_healthy_ca_certificates_have_no_warnings(trust_ca_cert):
    assert import_warnings(trust_ca_cert, trust_ca_cert.not_valid_before_utc + dt.timedelta(days=1)) == []
    assert import_warnings(make_cert(key_kind="rsa2048"), NOW) == []


# ---------------------------------------------------------------------------
# default_alias()


def test_default_alias_is_the_common_name():
    cert = make_cert(name("Corporate Root G2", O="Corp"), sans=[x509.DNSName("other.example.test")])
    assert default_alias(cert, sha256_upper(der_of(cert))) == "Corporate Root G2"


def test_default_alias_without_cn_is_first_dns_name_not_the_ip(trust_leaf_cert):
    assert name_cn(trust_leaf_cert.subject) == ""  # trustme leaves carry only O and OU
    assert describe(trust_leaf_cert).subject_alternative_names[0] == "IP:127.0.0.1"
    assert default_alias(trust_leaf_cert, sha256_upper(der_of(trust_leaf_cert))) == "example.test"


def test_default_alias_without_cn_or_dns_name_is_the_subject():
    cert = make_cert(name(None, O="Acme Ltd", C="DE"), sans=[x509.IPAddress(ipaddress.ip_address("10.0.0.1"))])
    assert default_alias(cert, sha256_upper(der_of(cert))) == "C=DE,O=Acme Ltd"


def test_default_alias_of_empty_subject_is_the_fingerprint_prefix():
    cert = make_cert(x509.Name([]))
    sha = sha256_upper(der_of(cert))
    assert default_alias(cert, sha) == f"SHA-256 {sha[:16]}"


def test_default_alias_is_cut_to_128_characters():
    long_dns = ".".join(["a" * 60] * 3) + ".example.test"
    cert = make_cert(name(None, O="X"), sans=[x509.DNSName(long_dns)])
    assert default_alias(cert, sha256_upper(der_of(cert))) == long_dns[:128]
