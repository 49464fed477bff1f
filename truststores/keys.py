"""A trust store's own key pair, for TLS client authentication. Pure: no Django here.

Generate a key (``generate_private_key``), request a certificate for it
(``parse_subject``/``subject_from_fields``, ``parse_sans``, ``build_csr``: PKCS#10,
RFC 2986), or import both from a PKCS#12 file (``load_pkcs12``, RFC 7292) and
export them again (``dump_pkcs12``). Input an operator typed or uploaded is
refused with ``KeyInputError``, whose ``str()`` says what is wrong and what a
valid input looks like. Private keys never appear in a message.
"""

from __future__ import annotations

import ipaddress
import re

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_TYPES: dict[str, str] = {
    "rsa2048": "RSA 2048",
    "rsa3072": "RSA 3072",
    "rsa4096": "RSA 4096",
    "ec256": "EC P-256",
    "ec384": "EC P-384",
}
_RSA_SIZES = {"rsa2048": 2048, "rsa3072": 3072, "rsa4096": 4096}
_EC_CURVES: dict[str, type[ec.EllipticCurve]] = {"ec256": ec.SECP256R1, "ec384": ec.SECP384R1}
_CURVE_NAMES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}

# Attribute -> (OID, upper bound in characters). Bounds: X.520 ub-common-name,
# ub-organization-name, ub-organizational-unit-name (64), ub-locality-name,
# ub-state-name (128); PKCS#9 emailAddress as RFC 5280 Appendix A bounds it (255).
_SUBJECT_ATTRIBUTES: dict[str, tuple[x509.ObjectIdentifier, int]] = {
    "CN": (NameOID.COMMON_NAME, 64),
    "O": (NameOID.ORGANIZATION_NAME, 64),
    "OU": (NameOID.ORGANIZATIONAL_UNIT_NAME, 64),
    "L": (NameOID.LOCALITY_NAME, 128),
    "ST": (NameOID.STATE_OR_PROVINCE_NAME, 128),
    "C": (NameOID.COUNTRY_NAME, 2),
    "emailAddress": (NameOID.EMAIL_ADDRESS, 255),
}
_ATTRIBUTE_ALIASES = {name.lower(): name for name in _SUBJECT_ATTRIBUTES}
_ATTRIBUTE_ALIASES |= {"e": "emailAddress", "email": "emailAddress"}
_KNOWN_ATTRIBUTES = ", ".join(_SUBJECT_ATTRIBUTES)
_REPEATABLE = {"OU"}  # several organisational units are common; a second CN or C is a typo

_DNS_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_SAN_PREFIXES = {"dns": "DNS", "ip": "IP", "email": "email", "uri": "URI"}

MIN_PKCS12_PASSWORD = 8


class KeyInputError(ValueError):
    """Input that cannot be used for a key, a CSR or a PKCS#12 file; ``str()`` is the message for the operator."""


# ---------------------------------------------------------------------------
# Keys


def generate_private_key(key_type: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    """A new private key of ``key_type`` (a ``KEY_TYPES`` key). RSA uses the public exponent 65537."""
    if key_type in _RSA_SIZES:
        return rsa.generate_private_key(public_exponent=65537, key_size=_RSA_SIZES[key_type])
    if key_type in _EC_CURVES:
        return ec.generate_private_key(_EC_CURVES[key_type]())
    raise KeyInputError(f"Unknown key type '{key_type}': choose one of {', '.join(KEY_TYPES)}.")


def key_type_of(key) -> str:
    """The ``KEY_TYPES`` key for a private or public key; for any other key a description ("RSA 1024")."""
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        name = f"rsa{key.key_size}"
        return name if name in KEY_TYPES else f"RSA {key.key_size}"
    if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        for name, curve in _EC_CURVES.items():
            if isinstance(key.curve, curve):
                return name
        return f"EC {_CURVE_NAMES.get(key.curve.name, key.curve.name)}"
    if isinstance(key, (dsa.DSAPrivateKey, dsa.DSAPublicKey)):
        return f"DSA {key.key_size}"
    if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
        return "Ed25519"
    if isinstance(key, (ed448.Ed448PrivateKey, ed448.Ed448PublicKey)):
        return "Ed448"
    return type(key).__name__


def private_key_pem(key) -> bytes:
    """``key`` as unencrypted PKCS#8 PEM (RFC 5208/5958). The caller encrypts it at rest."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key(pem: bytes):
    """The private key in unencrypted PEM (PKCS#8, or the traditional RSA/EC forms)."""
    try:
        return serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise KeyInputError("The private key is encrypted: give it without a password.") from None
    except UnsupportedAlgorithm:
        raise KeyInputError("The private key uses an algorithm this system cannot read.") from None
    except ValueError:
        raise KeyInputError("Not a readable PEM private key (-----BEGIN PRIVATE KEY-----).") from None


def _public_key_der(key) -> bytes:
    public = key.public_key() if hasattr(key, "public_key") else key
    return public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_keys_match(certificate: x509.Certificate, key) -> bool:
    """Whether ``certificate`` carries the public half of ``key`` (a private or public key).

    Compares the DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), which is canonical.
    """
    try:
        return _public_key_der(certificate) == _public_key_der(key)
    except (UnsupportedAlgorithm, ValueError, TypeError, AttributeError):
        return False


# ---------------------------------------------------------------------------
# Subject and subject alternative names


def _split_subject(text: str) -> list[str]:
    """Parts separated by unescaped commas; "\\," is a literal comma and "\\\\" a literal backslash."""
    parts, current, chars = [], [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(following if following in {",", "\\"} else char + following)
        elif char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _attribute(name: str, value: str) -> x509.NameAttribute:
    """One validated attribute; ``name`` is a key of ``_SUBJECT_ATTRIBUTES``."""
    oid, limit = _SUBJECT_ATTRIBUTES[name]
    if not value:
        raise KeyInputError(f"{name} has no value: write it as {name}=value.")
    if name == "C":
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise KeyInputError(f"C must be a two-letter country code (ISO 3166), such as DE or US; got '{value}'.")
        value = value.upper()
    elif len(value) > limit:
        raise KeyInputError(f"{name} is {len(value)} characters long; at most {limit} are allowed.")
    if name == "emailAddress" and not (value.isascii() and re.fullmatch(r"[^@\s]+@[^@\s]+", value)):
        # PKCS#9 encodes it as IA5String: ASCII only.
        raise KeyInputError(f"emailAddress '{value}' is not an e-mail address in ASCII, such as ops@example.com.")
    return x509.NameAttribute(oid, value)


def _name(attributes: list[tuple[str, str]]) -> x509.Name:
    seen: set[str] = set()
    result = []
    for name, value in attributes:
        if name in seen and name not in _REPEATABLE:
            raise KeyInputError(f"{name} is given twice; give it once (only OU may repeat).")
        seen.add(name)
        result.append(_attribute(name, value))
    if "CN" not in seen:
        raise KeyInputError("The subject has no CN (common name): add one, such as CN=client.example.com.")
    return x509.Name(result)


def parse_subject(text: str) -> x509.Name:
    """The distinguished name in ``text``: "CN=client.example.com, O=ACME, C=DE".

    Attributes: CN, O, OU, L, ST, C, emailAddress (also E= and email=), names
    case-insensitive. Commas separate attributes; "\\," is a comma inside a
    value. The Name keeps the order as written (first written, first RDN).
    """
    if not text or not text.strip():
        raise KeyInputError("The subject is empty: write it as CN=client.example.com, O=ACME, C=DE.")
    attributes = []
    for part in _split_subject(text):
        part = part.strip()
        if "=" not in part:
            shown = part or "(nothing)"
            raise KeyInputError(
                f"'{shown}' in the subject is not an attribute: write each as NAME=value, separated by commas "
                "(a comma inside a value is written \\,)."
            )
        key, value = (piece.strip() for piece in part.split("=", 1))
        name = _ATTRIBUTE_ALIASES.get(key.lower())
        if name is None:
            raise KeyInputError(f"Unknown subject attribute '{key}': use {_KNOWN_ATTRIBUTES}.")
        attributes.append((name, value))
    # Written as an RFC 4514 string, most specific first ("CN=x, O=y, C=DE"), which lists the
    # RDNs in the reverse of their encoded order: the name reads back as it was written.
    return _name(list(reversed(attributes)))


def subject_from_fields(
    *, cn: str, o: str = "", ou: str = "", l: str = "", st: str = "", c: str = "", email: str = ""  # noqa: E741
) -> x509.Name:
    """The distinguished name from separate form fields; empty fields are left out.

    Same rules as ``parse_subject``. Order: C, ST, L, O, OU, CN, emailAddress (most
    significant first, as ``openssl req`` writes it), so the RFC 4514 string reads
    "emailAddress=...,CN=...,OU=...,O=...,L=...,ST=...,C=...".
    """
    fields = [("C", c), ("ST", st), ("L", l), ("O", o), ("OU", ou), ("CN", cn), ("emailAddress", email)]
    return _name([(name, value.strip()) for name, value in fields if value.strip()])


def _is_dns_name(value: str) -> bool:
    """A host name (RFC 1034 §3.5 with digits first allowed, RFC 1123), optionally "*." in front (RFC 6125 §6.4.3)."""
    name = value[2:] if value.startswith("*.") else value
    name = name[:-1] if name.endswith(".") else name
    if not name or len(name) > 253 or not name.isascii():
        return False
    return all(_DNS_LABEL.fullmatch(label) for label in name.split("."))


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def _general_name(item: str) -> x509.GeneralName:
    prefix, sep, rest = item.partition(":")
    kind = _SAN_PREFIXES.get(prefix.strip().lower()) if sep else None
    if kind is None:
        address = _ip(item)
        if address is not None:
            return x509.IPAddress(address)
        if sep:
            raise KeyInputError(
                f"'{item}' is not an IP address and '{prefix}:' is not a known type: use DNS:, IP:, email: or URI:."
            )
        kind, rest = "DNS", item
    value = rest.strip()
    if kind == "DNS":
        if not _is_dns_name(value):
            hint = " (for an e-mail address write email:...)" if "@" in value else ""
            if not value.isascii():
                hint = " (write an internationalised name in its xn-- form)"
            raise KeyInputError(f"'{item}' is not a DNS name{hint}.")
        return x509.DNSName(value)
    if kind == "IP":
        address = _ip(value)
        if address is None:
            raise KeyInputError(f"'{item}' is not an IP address.")
        return x509.IPAddress(address)
    if kind == "email":
        local, at, domain = value.rpartition("@")
        if not (at and local and value.isascii() and " " not in local and _is_dns_name(domain)):
            raise KeyInputError(f"'{item}' is not an e-mail address (such as ops@example.com).")
        return x509.RFC822Name(value)
    if not (value.isascii() and _URI_SCHEME.fullmatch(value)):
        raise KeyInputError(f"'{item}' is not a URI (such as https://client.example.com/).")
    return x509.UniformResourceIdentifier(value)


def parse_sans(items: list[str]) -> list[x509.GeneralName]:
    """Subject alternative names (RFC 5280 §4.2.1.6) from "DNS:host", "IP:10.0.0.1", "email:a@b", "URI:https://...".

    A bare name is DNS, a bare IP address is IP. Blank items are skipped and
    repeats dropped. Every bad item is named in one ``KeyInputError``.
    """
    names: list[x509.GeneralName] = []
    problems = []
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        try:
            name = _general_name(item)
        except KeyInputError as error:
            problems.append(str(error))
            continue
        if name not in names:
            names.append(name)
    if problems:
        raise KeyInputError(" ".join(problems))
    return names


# ---------------------------------------------------------------------------
# CSR


def _signature_hash(key) -> hashes.HashAlgorithm | None:
    # Ed25519/Ed448 sign without a separate hash (RFC 8410 §6).
    return None if isinstance(key, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)) else hashes.SHA256()


def build_csr(key, subject: x509.Name, sans: list[x509.GeneralName]) -> x509.CertificateSigningRequest:
    """A PKCS#10 request (RFC 2986) for a TLS client certificate, signed with SHA-256.

    Requests (extensionRequest, PKCS#9): SubjectAlternativeName when ``sans`` is
    not empty; KeyUsage digitalSignature, plus keyEncipherment for RSA (RFC 5246
    RSA key exchange; RFC 5280 §4.2.1.3), critical; ExtendedKeyUsage clientAuth
    (RFC 5280 §4.2.1.12).
    """
    is_rsa = isinstance(key, rsa.RSAPrivateKey)
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    builder = builder.add_extension(
        x509.KeyUsage(
            digital_signature=True,
            content_commitment=False,
            key_encipherment=is_rsa,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        ),
        critical=True,
    )
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return builder.sign(key, _signature_hash(key))


# ---------------------------------------------------------------------------
# Chains and PKCS#12


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key verifies ``certificate``'s signature (names must match too)."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except Exception:  # noqa: BLE001 - InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm
        return False
    return True


def order_chain(leaf: x509.Certificate, others: list[x509.Certificate]) -> list[x509.Certificate]:
    """The issuing path above ``leaf``, nearest issuer first (the order TLS sends it, RFC 8446 §4.4.2).

    Repeatedly takes the certificate whose subject is the current issuer,
    preferring one whose key verifies the current signature (cross-signed CAs
    share a name); stops at a self-signed certificate or when none matches.
    Certificates not on the path, and the leaf itself, are left out.
    """
    remaining: list[x509.Certificate] = []
    for certificate in others:
        if certificate != leaf and certificate not in remaining:
            remaining.append(certificate)
    path: list[x509.Certificate] = []
    current = leaf
    while current.subject != current.issuer:
        candidates = [c for c in remaining if c.subject == current.issuer]
        if not candidates:
            break
        chosen = next((c for c in candidates if _issued_by(current, c)), candidates[0])
        remaining.remove(chosen)
        path.append(chosen)
        current = chosen
    return path


def _looks_like_pkcs12(data: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER (v3), ... } (RFC 7292 §4), read from the DER header."""
    if len(data) < 5 or data[0] != 0x30:
        return False
    first = data[1]
    if first < 0x80:
        start = 2
    else:
        length_octets = first & 0x7F
        if not 1 <= length_octets <= 4:
            return False
        start = 2 + length_octets
    return data[start : start + 3] == b"\x02\x01\x03"


def _password_bytes(password: str | bytes | None) -> bytes | None:
    return password.encode("utf-8") if isinstance(password, str) else password


def load_pkcs12(
    data: bytes, password: str | bytes | None
) -> tuple[object, x509.Certificate, list[x509.Certificate]]:
    """(private key, its certificate, the issuing chain ordered by ``order_chain``) from a PKCS#12 file (RFC 7292).

    cryptography raises the same ValueError for a wrong password and for
    bytes that are not PKCS#12 at all; the PFX header is checked first so the
    two get different messages.
    """
    if not data:
        raise KeyInputError("Not a PKCS#12 file (.p12/.pfx): the file is empty.")
    if not _looks_like_pkcs12(data):
        raise KeyInputError(
            "Not a PKCS#12 file (.p12/.pfx): it does not start with a PKCS#12 structure. "
            "A PEM key and certificate can be combined with 'openssl pkcs12 -export'."
        )
    try:
        key, certificate, additional = pkcs12.load_key_and_certificates(data, _password_bytes(password))
    except UnsupportedAlgorithm:
        raise KeyInputError(
            "This PKCS#12 file uses an encryption or key algorithm this system cannot read. "
            "Export it again with AES-256 (for example 'openssl pkcs12 -export' from OpenSSL 3)."
        ) from None
    except ValueError:
        raise KeyInputError("The password does not open this PKCS#12 file.") from None
    if key is None:
        raise KeyInputError(
            "This PKCS#12 file holds no private key, only certificates. Import the certificates into the "
            "trust store's certificate list instead, or export the file again with its private key."
        )
    if certificate is None:
        if not additional:
            raise KeyInputError("This PKCS#12 file holds no certificate for its private key.")
        # Without a localKeyId (RFC 7292 §4.2) the key's certificate comes back among the others.
        certificate = next((c for c in additional if public_keys_match(c, key)), None)
        if certificate is None:
            raise KeyInputError(
                "None of the certificates matches the private key: the certificate and the private key "
                "in this file do not belong together."
            )
    elif not public_keys_match(certificate, key):
        raise KeyInputError(
            "The certificate's public key is not the private key's: the certificate and the private key "
            "in this file do not belong together."
        )
    return key, certificate, order_chain(certificate, additional)


def dump_pkcs12(
    key, certificate: x509.Certificate, chain: list[x509.Certificate], password: str, friendly_name: str
) -> bytes:
    """A PKCS#12 file (RFC 7292) holding ``key``, ``certificate`` and ``chain``, protected by ``password``.

    Uses cryptography's BestAvailableEncryption (today AES-256-CBC with PBKDF2 and
    an HMAC-SHA256 MAC; Java 8u301+, OpenSSL 1.1.1+ and Windows 10+ read it).
    """
    if not password or len(password) < MIN_PKCS12_PASSWORD:
        raise KeyInputError(f"The PKCS#12 password must be at least {MIN_PKCS12_PASSWORD} characters long.")
    if not public_keys_match(certificate, key):
        raise KeyInputError("The certificate and the private key do not belong together.")
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8") if friendly_name else None,
        key,
        certificate,
        list(chain) or None,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
