"""Reading certificates for a trust store. Pure: no Django here.

``parse_certificates`` turns uploaded or pasted bytes into certificates, or
raises ``CertificateInputError`` with a message an operator can act on.
Accepted: DER (.cer/.crt/.der), PEM with one or many CERTIFICATE blocks,
PKCS#7 (.p7b/.p7c; DER or PEM). Anything else is refused and named: a private
key (never kept, never echoed), a CSR, a CRL, a public key, a PKCS#12 file.

``describe`` lists every field an operator inspects (the union of the XS tool,
HANA's CERTIFICATES view and KeyStore Explorer); ``import_warnings`` lists the
non-blocking concerns shown after an import.
"""

from __future__ import annotations

import base64
import ipaddress
import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_PEM_BEGIN = re.compile(rb"-----BEGIN ([A-Z0-9 #]+)-----")
_SSH_KEY = re.compile(rb"\s*(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-|sk-(ssh|ecdsa))")
_ASN1_PROBLEMS = {
    "ShortData": "the data ends too early (a truncated file?)",
    "UnexpectedTag": "a field is not what a certificate has there",
    "InvalidLength": "a length field is invalid",
    "ExtraData": "there is extra data after the structure",
    "InvalidValue": "a field holds an invalid value",
    "UnknownDefinedBy": "it uses an unknown algorithm or structure",
}
_CERTIFICATE_LABELS = {"CERTIFICATE", "X509 CERTIFICATE"}
_PKCS7_LABELS = {"PKCS7", "PKCS #7 SIGNED DATA", "CMS"}
PRIVATE_KEY_MESSAGE = (
    "this is a private key — a trust store holds public certificates only. "
    "Nothing was imported; the key was neither stored nor logged."
)
_NOT_A_CERTIFICATE = {
    "CERTIFICATE REQUEST": "a certificate signing request (CSR), not a certificate: "
    "send it to a CA and import the certificate it returns",
    "NEW CERTIFICATE REQUEST": "a certificate signing request (CSR), not a certificate: "
    "send it to a CA and import the certificate it returns",
    "PUBLIC KEY": "a bare public key, not a certificate: import the certificate that carries it",
    "RSA PUBLIC KEY": "a bare public key, not a certificate: import the certificate that carries it",
    "X509 CRL": "a certificate revocation list (CRL), not a certificate",
    "TRUSTED CERTIFICATE": "an OpenSSL 'TRUSTED CERTIFICATE' with trust settings: convert it first with "
    "'openssl x509 -in FILE -out plain.pem'",
}


class CertificateInputError(ValueError):
    """Input that cannot be imported; ``str()`` is the message for the operator."""


@dataclass
class ParsedCertificate:
    certificate: x509.Certificate
    der: bytes
    sha256: str  # upper-case hex, no separators

    @property
    def sha256_display(self) -> str:
        return colon_hex(bytes.fromhex(self.sha256))


@dataclass
class ParseResult:
    certificates: list[ParsedCertificate] = field(default_factory=list)
    format: str = ""  # "DER", "PEM", "PKCS#7 (DER)", "PKCS#7 (PEM)"


def colon_hex(data: bytes) -> str:
    return ":".join(f"{byte:02X}" for byte in data)


def parsed_certificate(certificate: x509.Certificate) -> ParsedCertificate:
    """A certificate with its canonical DER and SHA-256.

    Raises ValueError when a field the console reads is malformed: cryptography parses
    names and dates lazily, so a certificate that loads may still fail on first use.
    """
    for read in (
        lambda: certificate.subject,
        lambda: certificate.issuer,
        lambda: certificate.serial_number,
        lambda: certificate.not_valid_before_utc,
        lambda: certificate.not_valid_after_utc,
        lambda: certificate.signature_algorithm_oid,
    ):
        read()
    der = certificate.public_bytes(serialization.Encoding.DER)
    return ParsedCertificate(certificate, der, hashlib.sha256(der).hexdigest().upper())


def _looks_like_private_key_der(data: bytes) -> bool:
    try:
        serialization.load_der_private_key(data, password=None)
    except TypeError:  # encrypted: a key all the same
        return True
    except Exception:  # noqa: BLE001 - cryptography raises several types for non-keys
        return False
    return True


def _looks_like_pkcs12(data: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER (3), ... } (RFC 7292 §4)."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    length_octets = data[1] - 0x80 if data[1] & 0x80 else 0
    start = 2 + length_octets
    return data[start : start + 3] == b"\x02\x01\x03"


def _cryptography_reason(error: Exception) -> str:
    """cryptography's parse errors, in words (its Rust ASN.1 errors name a kind and a location)."""
    text = str(error).strip() or type(error).__name__
    kind = re.search(r"kind: (\w+)", text)
    if kind:
        problem = _ASN1_PROBLEMS.get(kind.group(1), f"malformed ASN.1 ({kind.group(1)})")
        location = re.search(r'location: \[([^\]]*)\]', text)
        where = location.group(1).replace('"', "") if location and location.group(1) else ""
        return f"{problem}{f' (in {where})' if where else ''}"
    return text.rstrip(".")


def _parse_der(data: bytes) -> ParseResult:
    try:
        return ParseResult([parsed_certificate(x509.load_der_x509_certificate(data))], "DER")
    except ValueError as certificate_error:
        reason = _cryptography_reason(certificate_error)
    try:
        certificates = pkcs7.load_der_pkcs7_certificates(data)
    except (ValueError, UnsupportedAlgorithm):  # e.g. a PKCS#7 structure of another type than signed data
        certificates = None
    if certificates is not None:
        if not certificates:
            raise CertificateInputError("This PKCS#7 file holds no certificates.")
        try:
            return ParseResult([parsed_certificate(c) for c in certificates], "PKCS#7 (DER)")
        except ValueError as error:
            raise CertificateInputError(
                f"This PKCS#7 file holds a certificate that cannot be read: {_cryptography_reason(error)}."
            ) from None
    if _looks_like_pkcs12(data):
        raise CertificateInputError(
            "This is a PKCS#12 file (.p12/.pfx): it carries a private key, and a trust store's "
            "certificate list holds public certificates only. Export just the certificate "
            "(for example 'openssl pkcs12 -in FILE -nokeys -out certs.pem') and import that."
        )
    if _looks_like_private_key_der(data):
        raise CertificateInputError(f"Not a certificate: {PRIVATE_KEY_MESSAGE}")
    raise CertificateInputError(f"Not a readable DER certificate or PKCS#7 file: {reason}.")


def _pem_block_message(number: int, total: int, line: int, label: str, problem: str) -> str:
    return f"PEM block {number} of {total} (-----BEGIN {label}-----, line {line}) {problem}"


def _pem_blocks(data: bytes) -> list[tuple[str, int, bytes | None]]:
    """(label, line number, body or None when the END line is missing) for each PEM block, in order."""
    begins = list(_PEM_BEGIN.finditer(data))
    blocks = []
    for index, begin in enumerate(begins):
        label = begin.group(1).decode("ascii").strip()
        limit = begins[index + 1].start() if index + 1 < len(begins) else len(data)
        end = data.find(f"-----END {label}-----".encode(), begin.end(), limit)
        line = data.count(b"\n", 0, begin.start()) + 1
        blocks.append((label, line, data[begin.end() : end] if end >= 0 else None))
    return blocks


def _parse_pem(data: bytes) -> ParseResult:
    # Fast path: a bundle of nothing but certificates (the common case, e.g. a CA bundle).
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        certificates = []
    if certificates and len(certificates) == data.count(b"-----BEGIN "):
        try:
            return ParseResult([parsed_certificate(c) for c in certificates], "PEM")
        except ValueError:
            pass  # the slow path names the block
    # Slow path, block by block, to name the first block that is not a certificate.
    blocks = _pem_blocks(data)
    total = len(blocks)
    result = ParseResult(format="PEM")
    for number, (label, line, body) in enumerate(blocks, start=1):
        say = lambda problem: _pem_block_message(number, total, line, label, problem)  # noqa: E731
        if body is None:
            raise CertificateInputError(say(f"has no matching '-----END {label}-----' line."))
        if "PRIVATE KEY" in label:
            raise CertificateInputError(say(f"is not a certificate: {PRIVATE_KEY_MESSAGE}"))
        if label in _NOT_A_CERTIFICATE:
            raise CertificateInputError(say(f"is {_NOT_A_CERTIFICATE[label]}. Nothing was imported."))
        if label not in _CERTIFICATE_LABELS | _PKCS7_LABELS:
            raise CertificateInputError(say("is not a certificate. Nothing was imported."))
        if b":" in body.split(b"\n\n", 1)[0] and b"\n\n" in body:
            body = body.split(b"\n\n", 1)[1]  # RFC 1421 headers (Proc-Type: ...) precede a blank line
        try:
            der = base64.b64decode(b"".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            raise CertificateInputError(
                say("is not valid base64: it holds characters other than A–Z, a–z, 0–9, +, / and =, or is cut short.")
            ) from None
        if not der:
            raise CertificateInputError(say("is empty."))
        if label in _PKCS7_LABELS:
            try:
                certificates = pkcs7.load_der_pkcs7_certificates(der)
            except (ValueError, UnsupportedAlgorithm) as error:
                raise CertificateInputError(say(f"is not a readable PKCS#7 structure: {_cryptography_reason(error)}.")) from None
            try:
                result.certificates.extend(parsed_certificate(c) for c in certificates)
            except ValueError as error:
                raise CertificateInputError(say(f"holds a certificate that cannot be read: {_cryptography_reason(error)}.")) from None
            result.format = "PKCS#7 (PEM)" if total == 1 else "PEM"
            continue
        try:
            result.certificates.append(parsed_certificate(x509.load_der_x509_certificate(der)))
        except ValueError as error:
            raise CertificateInputError(say(f"is not a readable certificate: {_cryptography_reason(error)}.")) from None
    return result


def parse_certificates(data: bytes) -> ParseResult:
    """Every certificate in ``data``, or ``CertificateInputError`` naming what is wrong.

    All or nothing: one broken PEM block refuses the whole input.
    """
    if not data or not data.strip():
        raise CertificateInputError("Nothing to import: the input is empty. Choose a file or paste PEM text.")
    if b"-----BEGIN " in data:
        result = _parse_pem(data)
    elif _is_printable_text(data):
        result = _parse_text_without_pem(data)
    else:
        result = _parse_der(data)
    if not result.certificates:
        raise CertificateInputError("No certificate found in the input.")
    return result


def _is_printable_text(data: bytes) -> bool:
    """UTF-8 without control characters. DER never is: its length octets (0x82, 0x01...) are not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char in "\t\r\n" for char in text)


def _parse_text_without_pem(data: bytes) -> ParseResult:
    """Text with no PEM armour: maybe bare base64 DER; otherwise say what it looks like."""
    try:
        der = base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        der = b""
    if der[:1] == b"\x30":
        try:
            return ParseResult([parsed_certificate(x509.load_der_x509_certificate(der))], "base64 DER")
        except ValueError:
            pass
    if _SSH_KEY.match(data) or b"OPENSSH" in data:
        raise CertificateInputError("Not a certificate: this looks like an SSH key, which TLS does not use.")
    raise CertificateInputError(
        "Not a certificate: the text has no PEM block (-----BEGIN CERTIFICATE-----) and is not DER. "
        "Export the certificate as DER (.cer) or Base-64/PEM and try again."
    )


# ---------------------------------------------------------------------------
# Fields and warnings


def printable(text: str) -> str:
    """``text`` with every control or line-separator character replaced by '?'.

    Certificate names are attacker-chosen. Where they reach a text channel (a PEM
    bundle's comment lines, a terminal), a newline could smuggle in a PEM block
    and an escape sequence could rewrite the screen.
    """
    return "".join(char if char.isprintable() else "?" for char in text)


def name_cn(name: x509.Name) -> str:
    attributes = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attributes[0].value) if attributes else ""


_NAME_LABELS = {NameOID.EMAIL_ADDRESS: "emailAddress"}  # else shown as 1.2.840.113549.1.9.1


def safe_rfc4514(name: x509.Name) -> str:
    try:
        return name.rfc4514_string(_NAME_LABELS)
    except ValueError:
        return "(unreadable name)"


def public_key_description(certificate: x509.Certificate) -> tuple[str, int | None, str]:
    """(algorithm, size in bits or None, curve name or "")."""
    try:
        key = certificate.public_key()
    except Exception:  # noqa: BLE001 - unsupported key types raise several kinds
        return ("unknown", None, "")
    if isinstance(key, rsa.RSAPublicKey):
        return ("RSA", key.key_size, "")
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ("EC", key.curve.key_size, key.curve.name)
    if isinstance(key, dsa.DSAPublicKey):
        return ("DSA", key.key_size, "")
    if isinstance(key, ed25519.Ed25519PublicKey):
        return ("Ed25519", 256, "")
    if isinstance(key, ed448.Ed448PublicKey):
        return ("Ed448", 456, "")
    return (type(key).__name__, None, "")


def signature_algorithm_name(certificate: x509.Certificate) -> str:
    oid = certificate.signature_algorithm_oid
    return getattr(oid, "_name", None) or oid.dotted_string


def _extension(certificate: x509.Certificate, kind: type):
    """The extension's value, None when absent; ValueError when present but malformed."""
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def extensions_error(certificate: x509.Certificate) -> str | None:
    """Why the extensions cannot be read, or None. One malformed extension hides them all."""
    try:
        certificate.extensions  # noqa: B018 - parses every extension
    except ValueError as error:
        return _cryptography_reason(error)
    return None


def basic_constraints(certificate: x509.Certificate) -> x509.BasicConstraints | None:
    try:
        return _extension(certificate, x509.BasicConstraints)
    except ValueError:
        return None


def is_ca(certificate: x509.Certificate) -> bool:
    constraints = basic_constraints(certificate)
    if constraints is not None:
        return constraints.ca
    # A v1 certificate has no extensions; a self-signed one is a (legacy) root.
    return certificate.version == x509.Version.v1 and certificate.issuer == certificate.subject


def subject_alternative_names(certificate: x509.Certificate) -> list[str]:
    try:
        value = _extension(certificate, x509.SubjectAlternativeName)
    except ValueError as error:
        return [f"(unreadable: {_cryptography_reason(error)})"]
    if value is None:
        return []
    names = []
    for general_name in value:
        if isinstance(general_name, x509.DNSName):
            names.append(f"DNS:{general_name.value}")
        elif isinstance(general_name, x509.IPAddress):
            names.append(f"IP:{general_name.value}")
        elif isinstance(general_name, x509.RFC822Name):
            names.append(f"email:{general_name.value}")
        elif isinstance(general_name, x509.UniformResourceIdentifier):
            names.append(f"URI:{general_name.value}")
        elif isinstance(general_name, x509.DirectoryName):
            names.append(f"DirName:{safe_rfc4514(general_name.value)}")
        else:
            names.append(f"{type(general_name).__name__}:{general_name.value!r}")
    return names


def default_alias(certificate: x509.Certificate, sha256: str) -> str:
    cn = name_cn(certificate.subject)
    if cn:
        return cn[:128]
    dns = [name[4:] for name in subject_alternative_names(certificate) if name.startswith("DNS:")]
    if dns:
        return dns[0][:128]
    subject = safe_rfc4514(certificate.subject)
    return (subject if subject else f"SHA-256 {sha256[:16]}")[:128]


_KEY_USAGES = [
    ("digital_signature", "Digital signature"),
    ("content_commitment", "Non-repudiation"),
    ("key_encipherment", "Key encipherment"),
    ("data_encipherment", "Data encipherment"),
    ("key_agreement", "Key agreement"),
    ("key_cert_sign", "Certificate sign"),
    ("crl_sign", "CRL sign"),
]
_EKU_NAMES = {
    ExtendedKeyUsageOID.SERVER_AUTH: "TLS server authentication",
    ExtendedKeyUsageOID.CLIENT_AUTH: "TLS client authentication",
    ExtendedKeyUsageOID.CODE_SIGNING: "Code signing",
    ExtendedKeyUsageOID.EMAIL_PROTECTION: "E-mail protection",
    ExtendedKeyUsageOID.TIME_STAMPING: "Time stamping",
    ExtendedKeyUsageOID.OCSP_SIGNING: "OCSP signing",
}


def _key_usage(certificate: x509.Certificate) -> list[str]:
    value = _extension(certificate, x509.KeyUsage)
    if value is None:
        return []
    usages = [label for attribute, label in _KEY_USAGES if getattr(value, attribute)]
    if value.key_agreement:
        if value.encipher_only:
            usages.append("Encipher only")
        if value.decipher_only:
            usages.append("Decipher only")
    return usages


def _extended_key_usage(certificate: x509.Certificate) -> list[str]:
    value = _extension(certificate, x509.ExtendedKeyUsage)
    if value is None:
        return []
    return [_EKU_NAMES.get(oid, getattr(oid, "_name", None) or oid.dotted_string) for oid in value]


def _guarded(function, certificate: x509.Certificate) -> list[str]:
    try:
        return function(certificate)
    except ValueError as error:
        return [f"(unreadable: {_cryptography_reason(error)})"]


@dataclass
class CertificateDetails:
    """Every field the certificate page shows."""

    version: str
    subject: str
    subject_cn: str
    issuer: str
    issuer_cn: str
    self_signed: bool
    serial_hex: str
    serial_decimal: str
    not_before: dt.datetime
    not_after: dt.datetime
    key_algorithm: str
    key_size: int | None
    key_curve: str
    signature_algorithm: str
    sha1: str
    sha256: str
    subject_alternative_names: list[str]
    is_ca: bool
    path_length: int | None
    basic_constraints_present: bool
    key_usage: list[str]
    extended_key_usage: list[str]
    subject_key_identifier: str
    authority_key_identifier: str
    pem: str
    extensions_error: str | None = None


def _key_identifier(certificate: x509.Certificate, kind: type) -> str:
    try:
        value = _extension(certificate, kind)
    except ValueError as error:
        return f"(unreadable: {_cryptography_reason(error)})"
    if value is None:
        return ""
    digest = value.digest if kind is x509.SubjectKeyIdentifier else value.key_identifier
    return colon_hex(digest) if digest else ""


def describe(certificate: x509.Certificate) -> CertificateDetails:
    der = certificate.public_bytes(serialization.Encoding.DER)
    algorithm, size, curve = public_key_description(certificate)
    constraints = basic_constraints(certificate)
    serial = certificate.serial_number
    serial_bytes = serial.to_bytes(max(1, (serial.bit_length() + 7) // 8), "big", signed=False) if serial >= 0 else b""
    return CertificateDetails(
        version="v1" if certificate.version == x509.Version.v1 else "v3",
        subject=safe_rfc4514(certificate.subject),
        subject_cn=name_cn(certificate.subject),
        issuer=safe_rfc4514(certificate.issuer),
        issuer_cn=name_cn(certificate.issuer),
        self_signed=certificate.subject == certificate.issuer,
        serial_hex=colon_hex(serial_bytes) if serial_bytes else str(serial),
        serial_decimal=str(serial),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        key_algorithm=algorithm,
        key_size=size,
        key_curve=curve,
        signature_algorithm=signature_algorithm_name(certificate),
        sha1=colon_hex(hashlib.sha1(der).digest()),  # noqa: S324 - a fingerprint shown to users, not security
        sha256=colon_hex(hashlib.sha256(der).digest()),
        subject_alternative_names=subject_alternative_names(certificate),
        is_ca=is_ca(certificate),
        path_length=constraints.path_length if constraints else None,
        basic_constraints_present=constraints is not None,
        key_usage=_guarded(_key_usage, certificate),
        extended_key_usage=_guarded(_extended_key_usage, certificate),
        subject_key_identifier=_key_identifier(certificate, x509.SubjectKeyIdentifier),
        authority_key_identifier=_key_identifier(certificate, x509.AuthorityKeyIdentifier),
        pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        extensions_error=extensions_error(certificate),
    )


_WEAK_HASHES = (hashes.SHA1, hashes.MD5)


def import_warnings(certificate: x509.Certificate, now: dt.datetime) -> list[str]:
    """Concerns that do not block an import, each a sentence naming the certificate."""
    return summarize(certificate, "", now).warnings


@dataclass
class Summary:
    """What a store keeps in columns for each certificate, plus the import's warnings."""

    subject: str
    subject_cn: str
    issuer: str
    issuer_cn: str
    alias: str
    serial: str  # upper-case hex, no separators
    not_before: dt.datetime
    not_after: dt.datetime
    is_ca: bool
    warnings: list[str]


def summarize(certificate: x509.Certificate, sha256: str, now: dt.datetime) -> Summary:
    """Each property of ``certificate`` is read once: cryptography builds a new object per access."""
    subject_name, issuer_name = certificate.subject, certificate.issuer
    subject, issuer = safe_rfc4514(subject_name), safe_rfc4514(issuer_name)
    subject_cn, issuer_cn = name_cn(subject_name), name_cn(issuer_name)
    not_before, not_after = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    self_signed = subject == issuer
    unreadable = extensions_error(certificate)
    constraints = basic_constraints(certificate) if unreadable is None else None
    ca = constraints.ca if constraints is not None else (certificate.version == x509.Version.v1 and self_signed)
    alias = subject_cn[:128] or default_alias(certificate, sha256)
    serial = certificate.serial_number
    label = printable(subject_cn or subject or "(no subject)")

    warnings = []
    if not_after < now:
        warnings.append(f"'{label}' expired on {not_after:%Y-%m-%d}; calls relying on it will fail.")
    elif not_before > now:
        warnings.append(f"'{label}' is not valid until {not_before:%Y-%m-%d}.")
    if unreadable is not None:
        warnings.append(
            f"'{label}' has extensions that cannot be read ({unreadable}); TLS clients reject such "
            "certificates, so it will not work as a trust anchor."
        )
    elif not ca:
        warnings.append(
            f"'{label}' is not a CA certificate: it is trusted as a pin for that one server, "
            "and calls will fail when the server renews its certificate. Prefer the issuing CA."
        )
    algorithm, size, _ = public_key_description(certificate)
    if algorithm == "RSA" and size is not None and size < 2048:
        warnings.append(f"'{label}' has a weak {size}-bit RSA key (2048 bits or more is expected).")
    # A trust anchor's own signature is never checked (RFC 5280 §6.1: the path starts after it),
    # so a weak hash only matters on certificates some CA signed.
    if not self_signed:
        try:
            hash_algorithm = certificate.signature_hash_algorithm
        except Exception:  # noqa: BLE001 - unsupported algorithms raise UnsupportedAlgorithm
            hash_algorithm = None
        if isinstance(hash_algorithm, _WEAK_HASHES):
            warnings.append(
                f"'{label}' is signed with {hash_algorithm.name.upper()}, which is broken; modern clients reject it."
            )
    return Summary(
        subject=subject[:1024],
        subject_cn=subject_cn[:255],
        issuer=issuer[:1024],
        issuer_cn=issuer_cn[:255],
        alias=alias,
        serial=format(serial, "X") if serial >= 0 else str(serial),
        not_before=not_before,
        not_after=not_after,
        is_ca=ca,
        warnings=warnings,
    )


# ---------------------------------------------------------------------------
# Host names (RFC 6125)


def identifiers(certificate: x509.Certificate) -> list[str]:
    """The names a TLS client checks a host against: DNS and IP SANs, else the subject CN.

    RFC 6125 §6.4.4: the CN counts only when the certificate has no DNS-ID
    (subjectAltName dNSName); OpenSSL and browsers behave the same way.
    """
    try:
        sans = _extension(certificate, x509.SubjectAlternativeName)
    except ValueError:
        sans = None
    names: list[str] = []
    if sans is not None:
        names += [f"DNS:{name}" for name in sans.get_values_for_type(x509.DNSName)]
        names += [f"IP:{address}" for address in sans.get_values_for_type(x509.IPAddress)]
    if not any(name.startswith("DNS:") for name in names):
        cn = name_cn(certificate.subject)
        if cn:
            names.append(f"CN:{cn}")
    return names


def _dns_matches(pattern: str, host: str) -> bool:
    """RFC 6125 §6.4.3, as browsers apply it: a wildcard only as the whole leftmost label,
    matching exactly one label, and never directly under a top-level domain."""
    pattern = pattern.rstrip(".").lower()
    if pattern == host:
        return True
    if not pattern.startswith("*."):
        return False
    suffix = pattern[2:]
    if "*" in suffix or suffix.count(".") < 1:
        return False
    head, _, rest = host.partition(".")
    return bool(head) and rest == suffix


def matches_host(certificate: x509.Certificate, host: str) -> bool:
    """Whether ``certificate`` names ``host`` (a DNS name or an IP address)."""

    host = host.strip().rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    for identifier in identifiers(certificate):
        kind, _, value = identifier.partition(":")
        if address is not None:
            # IP addresses match IP SANs only (RFC 6125 §6.2.1; no CN, no wildcards).
            if kind == "IP" and ipaddress.ip_address(value) == address:
                return True
        elif kind in ("DNS", "CN") and _dns_matches(value, host):
            return True
    return False
