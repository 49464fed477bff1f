"""Unit tests for truststores/keys.py: a trust store's own key pair, its CSR and PKCS#12 files.

Pure: no database, no network. Keys and certificates come from cryptography's builders;
EC keys wherever the key type does not matter, one RSA 2048 key for the module.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from truststores.keys import (
    KEY_TYPES,
    KeyInputError,
    build_csr,
    dump_pkcs12,
    generate_private_key,
    key_type_of,
    load_pkcs12,
    load_private_key,
    order_chain,
    parse_sans,
    parse_subject,
    private_key_pem,
    public_keys_match,
    subject_from_fields,
)

UTC = dt.timezone.utc
NOW = dt.datetime.now(UTC)
EMAIL = {NameOID.EMAIL_ADDRESS: "emailAddress"}


# ---------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return generate_private_key("rsa2048")


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def cn_name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(subject: str, key, issuer: str | None = None, issuer_key=None, ca: bool = False) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(cn_name(subject))
        .issuer_name(cn_name(issuer or subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki():
    """A root, an intermediate, a leaf and its key, and a certificate unrelated to them."""
    root_key, intermediate_key, leaf_key = ec_key(), ec_key(), ec_key()
    root = certificate("Test Root", root_key, ca=True)
    intermediate = certificate("Test Intermediate", intermediate_key, "Test Root", root_key, ca=True)
    leaf = certificate("client.example.com", leaf_key, "Test Intermediate", intermediate_key)
    unrelated = certificate("Other Root", ec_key(), ca=True)
    return {"root": root, "intermediate": intermediate, "leaf": leaf, "leaf_key": leaf_key, "unrelated": unrelated}


def message(excinfo: pytest.ExceptionInfo) -> str:
    return str(excinfo.value)


# ---------------------------------------------------------------------------
# Keys


def test_key_types_are_listed_in_order():
    assert list(KEY_TYPES) == ["rsa2048", "rsa3072", "rsa4096", "ec256", "ec384"]
    assert KEY_TYPES["ec384"] == "EC P-384"


@pytest.mark.parametrize(
    ("key_type", "kind", "size"),
    [
        ("rsa2048", rsa.RSAPrivateKey, 2048),
        ("rsa3072", rsa.RSAPrivateKey, 3072),
        ("rsa4096", rsa.RSAPrivateKey, 4096),
        ("ec256", ec.EllipticCurvePrivateKey, "secp256r1"),
        ("ec384", ec.EllipticCurvePrivateKey, "secp384r1"),
    ],
)
def test_each_key_type_generates_a_key_of_that_size_and_round_trips(request, key_type, kind, size):
    key = request.getfixturevalue("rsa_key") if key_type == "rsa2048" else generate_private_key(key_type)
    assert isinstance(key, kind)
    if kind is rsa.RSAPrivateKey:
        assert key.key_size == size
        assert key.private_numbers().public_numbers.e == 65537
    else:
        assert key.curve.name == size
    assert key_type_of(key) == key_type
    assert key_type_of(key.public_key()) == key_type


def test_unknown_key_type_is_refused_listing_the_known_ones():
    with pytest.raises(KeyInputError) as excinfo:
        generate_private_key("rsa1024")
    assert message(excinfo) == "Unknown key type 'rsa1024': choose one of rsa2048, rsa3072, rsa4096, ec256, ec384."


def test_key_type_of_describes_other_keys():
    assert key_type_of(rsa.generate_private_key(public_exponent=65537, key_size=1024)) == "RSA 1024"
    assert key_type_of(ec.generate_private_key(ec.SECP521R1())) == "EC P-521"
    assert key_type_of(ec.generate_private_key(ec.SECP256K1())) == "EC secp256k1"
    assert key_type_of(ed25519.Ed25519PrivateKey.generate()) == "Ed25519"


def test_private_key_pem_is_unencrypted_pkcs8_and_loads_back():
    key = ec_key()
    pem = private_key_pem(key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert private_key_pem(load_private_key(pem)) == pem


def test_load_private_key_refuses_an_encrypted_key():
    pem = ec_key().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret-password"),
    )
    with pytest.raises(KeyInputError) as excinfo:
        load_private_key(pem)
    assert message(excinfo) == "The private key is encrypted: give it without a password."


def test_load_private_key_refuses_what_is_not_a_key(pki):
    with pytest.raises(KeyInputError) as excinfo:
        load_private_key(pki["leaf"].public_bytes(serialization.Encoding.PEM))
    assert message(excinfo) == "Not a readable PEM private key (-----BEGIN PRIVATE KEY-----)."


def test_public_keys_match_only_the_certificates_own_key(pki):
    assert public_keys_match(pki["leaf"], pki["leaf_key"])
    assert public_keys_match(pki["leaf"], pki["leaf_key"].public_key())
    assert not public_keys_match(pki["leaf"], ec_key())
    assert not public_keys_match(pki["intermediate"], pki["leaf_key"])


# ---------------------------------------------------------------------------
# Subject


def test_parse_subject_reads_an_rfc4514_string_most_specific_first():
    name = parse_subject(
        "CN=client.example.com, O=ACME, OU=Ops, L=Walldorf, ST=BW, C=DE, emailAddress=ops@example.com"
    )
    assert [attribute.oid for attribute in name] == [
        NameOID.EMAIL_ADDRESS,
        NameOID.COUNTRY_NAME,
        NameOID.STATE_OR_PROVINCE_NAME,
        NameOID.LOCALITY_NAME,
        NameOID.ORGANIZATIONAL_UNIT_NAME,
        NameOID.ORGANIZATION_NAME,
        NameOID.COMMON_NAME,
    ]
    assert name.rfc4514_string(EMAIL) == (
        "CN=client.example.com,O=ACME,OU=Ops,L=Walldorf,ST=BW,C=DE,emailAddress=ops@example.com"
    )


def test_parse_subject_reads_escaped_commas_aliases_and_stray_whitespace():
    name = parse_subject("  cn = client ,  O=ACME\\, Inc.,OU=a,OU=b, E=ops@example.com,c=de ")
    assert name.rfc4514_string(EMAIL) == "CN=client,O=ACME\\, Inc.,OU=a,OU=b,emailAddress=ops@example.com,C=DE"
    assert parse_subject("CN=x, email=ops@example.com") == parse_subject("CN=x, emailAddress=ops@example.com")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The subject is empty: write it as CN=client.example.com, O=ACME, C=DE."),
        ("   ", "The subject is empty: write it as CN=client.example.com, O=ACME, C=DE."),
        (
            "CN=client, ACME",
            "'ACME' in the subject is not an attribute: write each as NAME=value, separated by commas "
            "(a comma inside a value is written \\,).",
        ),
        (
            "CN=client,,O=ACME",
            "'(nothing)' in the subject is not an attribute: write each as NAME=value, separated by commas "
            "(a comma inside a value is written \\,).",
        ),
        (
            "CN=client, DC=example",
            "Unknown subject attribute 'DC': use CN, O, OU, L, ST, C, emailAddress.",
        ),
        (
            "CN=client, C=Germany",
            "C must be a two-letter country code (ISO 3166), such as DE or US; got 'Germany'.",
        ),
        ("CN=client, C=D1", "C must be a two-letter country code (ISO 3166), such as DE or US; got 'D1'."),
        ("O=ACME, C=DE", "The subject has no CN (common name): add one, such as CN=client.example.com."),
        ("CN=", "CN has no value: write it as CN=value."),
        ("CN=a, CN=b", "CN is given twice; give it once (only OU may repeat)."),
        (
            "CN=a, E=ops at example.com",
            "emailAddress 'ops at example.com' is not an e-mail address in ASCII, such as ops@example.com.",
        ),
    ],
)
def test_parse_subject_names_the_problem(text, expected):
    with pytest.raises(KeyInputError) as excinfo:
        parse_subject(text)
    assert message(excinfo) == expected


@pytest.mark.parametrize(("attribute", "limit"), [("CN", 64), ("O", 64), ("OU", 64), ("L", 128), ("ST", 128)])
def test_parse_subject_refuses_a_value_longer_than_allowed(attribute, limit):
    prefix = "" if attribute == "CN" else "CN=client, "
    parse_subject(f"{prefix}{attribute}={'x' * limit}")
    with pytest.raises(KeyInputError) as excinfo:
        parse_subject(f"{prefix}{attribute}={'x' * (limit + 1)}")
    assert message(excinfo) == f"{attribute} is {limit + 1} characters long; at most {limit} are allowed."


def test_parse_subject_refuses_an_email_address_longer_than_255():
    address = "a" * 64 + "@" + "b" * 189 + ".de"  # 257 characters
    with pytest.raises(KeyInputError) as excinfo:
        parse_subject(f"CN=client, emailAddress={address}")
    assert message(excinfo) == "emailAddress is 257 characters long; at most 255 are allowed."


def test_subject_from_fields_orders_most_significant_first_and_omits_empty_fields():
    name = subject_from_fields(cn="client.example.com", o="ACME", c="de", email="ops@example.com", ou=" ")
    assert name.rfc4514_string(EMAIL) == "emailAddress=ops@example.com,CN=client.example.com,O=ACME,C=DE"
    full = subject_from_fields(cn="c", o="o", ou="ou", l="l", st="st", c="DE", email="e@example.com")
    assert full.rfc4514_string(EMAIL) == "emailAddress=e@example.com,CN=c,OU=ou,O=o,L=l,ST=st,C=DE"


def test_subject_from_fields_validates_like_parse_subject():
    with pytest.raises(KeyInputError) as excinfo:
        subject_from_fields(cn=" ", o="ACME")
    assert message(excinfo) == "The subject has no CN (common name): add one, such as CN=client.example.com."
    with pytest.raises(KeyInputError) as excinfo:
        subject_from_fields(cn="client", c="DEU")
    assert "two-letter country code" in message(excinfo)
    with pytest.raises(KeyInputError) as excinfo:
        subject_from_fields(cn="x" * 65)
    assert message(excinfo) == "CN is 65 characters long; at most 64 are allowed."


# ---------------------------------------------------------------------------
# Subject alternative names


def test_parse_sans_reads_each_kind_and_bare_names():
    names = parse_sans(
        [
            "DNS:client.example.com",
            "dns: *.example.com ",
            "IP:10.0.0.1",
            "IP:2001:db8::1",
            "email:ops@example.com",
            "URI:https://client.example.com/id",
            "bare.example.com",
            "192.0.2.7",
            "fe80::1",
            "",
            "DNS:client.example.com",
        ]
    )
    assert names == [
        x509.DNSName("client.example.com"),
        x509.DNSName("*.example.com"),
        x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("2001:db8::1")),
        x509.RFC822Name("ops@example.com"),
        x509.UniformResourceIdentifier("https://client.example.com/id"),
        x509.DNSName("bare.example.com"),
        x509.IPAddress(ipaddress.ip_address("192.0.2.7")),
        x509.IPAddress(ipaddress.ip_address("fe80::1")),
    ]
    assert parse_sans([]) == []


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("IP:999.1.1.1", "'IP:999.1.1.1' is not an IP address."),
        ("IP:10.0.0.0/8", "'IP:10.0.0.0/8' is not an IP address."),
        ("DNS:bad_host.example.com", "'DNS:bad_host.example.com' is not a DNS name."),
        ("-bad.example.com", "'-bad.example.com' is not a DNS name."),
        ("ops@example.com", "'ops@example.com' is not a DNS name (for an e-mail address write email:...)."),
        (
            "DNS:bücher.example",
            "'DNS:bücher.example' is not a DNS name (write an internationalised name in its xn-- form).",
        ),
        ("email:ops", "'email:ops' is not an e-mail address (such as ops@example.com)."),
        ("URI:not a uri", "'URI:not a uri' is not a URI (such as https://client.example.com/)."),
        (
            "RID:1.2.3",
            "'RID:1.2.3' is not an IP address and 'RID:' is not a known type: use DNS:, IP:, email: or URI:.",
        ),
    ],
)
def test_parse_sans_names_each_bad_item(item, expected):
    with pytest.raises(KeyInputError) as excinfo:
        parse_sans(["client.example.com", item])
    assert message(excinfo) == expected


def test_parse_sans_names_every_bad_item_at_once():
    with pytest.raises(KeyInputError) as excinfo:
        parse_sans(["IP:999.1.1.1", "ok.example.com", "email:nobody"])
    assert message(excinfo) == (
        "'IP:999.1.1.1' is not an IP address. 'email:nobody' is not an e-mail address (such as ops@example.com)."
    )


# ---------------------------------------------------------------------------
# CSR


def test_csr_carries_subject_sans_and_client_auth_and_is_signed(rsa_key):
    subject = parse_subject("CN=client.example.com, O=ACME, C=DE")
    sans = parse_sans(["client.example.com", "IP:10.0.0.1"])
    csr = build_csr(rsa_key, subject, sans)
    assert csr.is_signature_valid
    assert csr.subject.rfc4514_string() == "CN=client.example.com,O=ACME,C=DE"
    assert isinstance(csr.signature_hash_algorithm, hashes.SHA256)
    assert csr.public_key() == rsa_key.public_key()
    assert csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value == x509.SubjectAlternativeName(
        sans
    )
    key_usage = csr.extensions.get_extension_for_class(x509.KeyUsage)
    assert key_usage.critical
    assert key_usage.value.digital_signature and key_usage.value.key_encipherment
    extended = csr.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(extended) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert csr.public_bytes(serialization.Encoding.PEM).startswith(b"-----BEGIN CERTIFICATE REQUEST-----")


def test_ec_csr_asks_for_digital_signature_only_and_no_san_when_none_given():
    key = ec_key()
    csr = build_csr(key, parse_subject("CN=client"), [])
    assert csr.is_signature_valid
    assert csr.public_key() == key.public_key()
    key_usage = csr.extensions.get_extension_for_class(x509.KeyUsage).value
    assert key_usage.digital_signature and not key_usage.key_encipherment
    with pytest.raises(x509.ExtensionNotFound):
        csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)


# ---------------------------------------------------------------------------
# Chains


def test_order_chain_follows_the_issuers_and_drops_unrelated_certificates(pki):
    others = [pki["root"], pki["unrelated"], pki["intermediate"], pki["leaf"], pki["root"]]
    for seed in range(5):
        shuffled = others[:]
        random.Random(seed).shuffle(shuffled)
        assert order_chain(pki["leaf"], shuffled) == [pki["intermediate"], pki["root"]]


def test_order_chain_stops_where_the_path_breaks(pki):
    assert order_chain(pki["leaf"], [pki["root"], pki["unrelated"]]) == []
    assert order_chain(pki["intermediate"], [pki["root"], pki["leaf"]]) == [pki["root"]]
    assert order_chain(pki["root"], [pki["intermediate"], pki["unrelated"]]) == []


def test_order_chain_prefers_the_issuer_whose_key_signed(pki):
    impostor = certificate("Test Intermediate", ec_key(), "Test Root", ec_key(), ca=True)
    assert order_chain(pki["leaf"], [impostor, pki["intermediate"], pki["root"]]) == [
        pki["intermediate"],
        pki["root"],
    ]


# ---------------------------------------------------------------------------
# PKCS#12


def test_pkcs12_round_trip_keeps_key_certificate_chain_order_and_name(pki):
    data = dump_pkcs12(
        pki["leaf_key"], pki["leaf"], [pki["root"], pki["intermediate"]], "correct horse", "Trust Console – client"
    )
    key, leaf, chain = load_pkcs12(data, "correct horse")
    assert private_key_pem(key) == private_key_pem(pki["leaf_key"])
    assert leaf == pki["leaf"]
    assert chain == [pki["intermediate"], pki["root"]]
    assert load_pkcs12(data, b"correct horse")[1] == pki["leaf"]
    assert pkcs12.load_pkcs12(data, b"correct horse").cert.friendly_name == "Trust Console – client".encode()


def test_pkcs12_round_trip_with_rsa_and_no_chain(rsa_key):
    leaf = certificate("rsa.example.com", rsa_key)
    key, loaded, chain = load_pkcs12(dump_pkcs12(rsa_key, leaf, [], "12345678", ""), "12345678")
    assert key_type_of(key) == "rsa2048"
    assert loaded == leaf
    assert chain == []


@pytest.mark.parametrize("password", ["wrong password", None, ""])
def test_pkcs12_wrong_password_is_named(pki, password):
    data = dump_pkcs12(pki["leaf_key"], pki["leaf"], [], "correct horse", "client")
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(data, password)
    assert message(excinfo) == "The password does not open this PKCS#12 file."


@pytest.mark.parametrize(
    "data", [b"garbage bytes, not PKCS#12", b"\x30\x03\x02\x01\x02", b"-----BEGIN CERTIFICATE-----"]
)
def test_pkcs12_garbage_is_not_a_pkcs12_file(data):
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(data, "whatever")
    assert message(excinfo).startswith("Not a PKCS#12 file (.p12/.pfx): it does not start with a PKCS#12 structure.")


def test_pkcs12_empty_input_is_not_a_pkcs12_file():
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(b"", "whatever")
    assert message(excinfo) == "Not a PKCS#12 file (.p12/.pfx): the file is empty."


def test_pkcs12_a_certificate_is_not_a_pkcs12_file(pki):
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(pki["leaf"].public_bytes(serialization.Encoding.DER), "whatever")
    assert message(excinfo).startswith("Not a PKCS#12 file")


@pytest.mark.parametrize("as_main_certificate", [True, False])
def test_pkcs12_without_private_key_is_named(pki, as_main_certificate):
    # cryptography accepts key=None with a certificate; on loading, a certificate without
    # a key comes back among the additional certificates either way.
    certificate_, cas = (pki["leaf"], None) if as_main_certificate else (None, [pki["leaf"]])
    data = pkcs12.serialize_key_and_certificates(
        b"certs only", None, certificate_, cas, serialization.BestAvailableEncryption(b"pw")
    )
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(data, "pw")
    assert message(excinfo).startswith("This PKCS#12 file holds no private key, only certificates.")


def test_pkcs12_without_certificate_is_named():
    data = pkcs12.serialize_key_and_certificates(
        b"key only", ec_key(), None, None, serialization.BestAvailableEncryption(b"pw")
    )
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(data, "pw")
    assert message(excinfo) == "This PKCS#12 file holds no certificate for its private key."


def test_pkcs12_whose_certificate_does_not_fit_the_key_is_refused(pki):
    # cryptography refuses to write a mismatched key and certificate; an unrelated certificate
    # among the additional ones is the same file as far as a reader is concerned.
    data = pkcs12.serialize_key_and_certificates(
        b"mismatch", ec_key(), None, [pki["leaf"]], serialization.BestAvailableEncryption(b"pw")
    )
    with pytest.raises(KeyInputError) as excinfo:
        load_pkcs12(data, "pw")
    assert message(excinfo).endswith("the certificate and the private key in this file do not belong together.")


def test_pkcs12_key_certificate_found_among_the_others(pki):
    data = pkcs12.serialize_key_and_certificates(
        b"no local key id",
        pki["leaf_key"],
        None,
        [pki["root"], pki["leaf"], pki["intermediate"]],
        serialization.BestAvailableEncryption(b"pw"),
    )
    _, leaf, chain = load_pkcs12(data, "pw")
    assert leaf == pki["leaf"]
    assert chain == [pki["intermediate"], pki["root"]]


def test_dump_pkcs12_refuses_a_short_password(pki):
    for password in ["", "1234567"]:
        with pytest.raises(KeyInputError) as excinfo:
            dump_pkcs12(pki["leaf_key"], pki["leaf"], [], password, "client")
        assert message(excinfo) == "The PKCS#12 password must be at least 8 characters long."


def test_dump_pkcs12_refuses_a_key_that_is_not_the_certificates(pki):
    with pytest.raises(KeyInputError) as excinfo:
        dump_pkcs12(ec_key(), pki["leaf"], [], "long enough", "client")
    assert message(excinfo) == "The certificate and the private key do not belong together."
