"""Writes on a store's own certificate: key pair and request, certificate response, PKCS#12.

Each is atomic, audited and bumps the store's content version (outbound callers then
rebuild their TLS context). The private key is encrypted with CONSOLE_ENCRYPTION_KEY
before it touches the database and appears in no message, log line or audit summary.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from admin_console import secrets
from admin_console.audit import audit_record
from truststores import keys
from truststores import x509 as certs
from truststores.models import OwnCertificate, TrustStore


class OwnCertificateError(ValueError):
    """An own-certificate action refused; ``str()`` says why and what to do."""


NO_KEY_PAIR = (
    "Own certificate cannot be accessed: this store has no key pair yet. "
    "Create a key pair and a certificate request first."
)
KEY_MISMATCH = "This certificate does not belong to this store's key pair (public keys differ)."


def _locked(store: TrustStore) -> OwnCertificate | None:
    list(TrustStore.objects.select_for_update().filter(pk=store.pk).values_list("pk", flat=True))
    return OwnCertificate.objects.filter(store=store).first()


def _pem(certificates: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certificates)


@transaction.atomic
def own_key_pair_create(
    *, store: TrustStore, subject: x509.Name, sans: list[x509.GeneralName], key_type: str, actor: AbstractBaseUser | None
) -> OwnCertificate:
    """Generate a key pair and a PKCS#10 request (RFC 2986) for ``store``; it then awaits the CA's response."""
    if _locked(store) is not None:
        raise OwnCertificateError(
            f"Store '{store}' already has a key pair ({store.own_certificate_state}). Reset it to anonymous first."
        )
    key = keys.generate_private_key(key_type)
    csr = keys.build_csr(key, subject, sans)
    own = OwnCertificate.objects.create(
        store=store,
        key_type=key_type,
        private_key_encrypted=secrets.encrypt(keys.private_key_pem(key).decode("ascii")),
        csr_pem=csr.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )
    store.bump_content_version()
    audit_record(
        actor=actor, action="own.key_pair", target=store,
        summary=f"Created an {keys.KEY_TYPES[key_type]} key pair and certificate request for '{store}' ({certs.safe_rfc4514(subject)})",
    )
    return own


@transaction.atomic
def own_certificate_import_response(*, store: TrustStore, data: bytes, actor: AbstractBaseUser | None) -> OwnCertificate:
    """Accept the CA's answer to the request: PEM, DER or PKCS#7, with or without the chain.

    The certificate is the one whose public key is the store's; the others become its chain.
    """
    own = _locked(store)
    if own is None:
        raise OwnCertificateError(NO_KEY_PAIR)
    parsed = certs.parse_certificates(data)  # CertificateInputError for anything not certificates
    key = keys.load_private_key(own.private_key_pem())
    candidates = [p.certificate for p in parsed.certificates]
    mine = next((c for c in candidates if keys.public_keys_match(c, key)), None)
    if mine is None:
        raise OwnCertificateError(KEY_MISMATCH)
    chain = keys.order_chain(mine, [c for c in candidates if c is not mine])
    own.certificate_der = mine.public_bytes(serialization.Encoding.DER)
    own.chain_pem = _pem(chain)
    own.save()
    store.bump_content_version()
    audit_record(
        actor=actor, action="own.certificate", target=store,
        summary=f"Imported the own certificate of '{store}': {certs.safe_rfc4514(mine.subject)}, "
        f"issued by {certs.safe_rfc4514(mine.issuer)}, valid until {mine.not_valid_after_utc:%Y-%m-%d}",
    )
    return own


@transaction.atomic
def own_pkcs12_import(*, store: TrustStore, data: bytes, password: str, actor: AbstractBaseUser | None) -> OwnCertificate:
    """Key, certificate and chain at once from a .p12/.pfx file; replaces a key pair awaiting its response."""
    own = _locked(store)
    if own is not None and own.state == OwnCertificate.ACTIVE:
        raise OwnCertificateError(f"Store '{store}' already has an active own certificate. Reset it to anonymous first.")
    key, certificate, chain = keys.load_pkcs12(data, password)  # KeyInputError with its own message per problem
    values = {
        "key_type": keys.key_type_of(key),
        "private_key_encrypted": secrets.encrypt(keys.private_key_pem(key).decode("ascii")),
        "csr_pem": "",
        "certificate_der": certificate.public_bytes(serialization.Encoding.DER),
        "chain_pem": _pem(chain),
    }
    own_certificate, _ = OwnCertificate.objects.update_or_create(store=store, defaults=values)
    store.bump_content_version()
    audit_record(
        actor=actor, action="own.pkcs12_import", target=store,
        summary=f"Imported a PKCS#12 own certificate into '{store}': {certs.safe_rfc4514(certificate.subject)}"
        + (" (replacing a key pair awaiting its response)" if own is not None else ""),
    )
    return own_certificate


def own_pkcs12_export(*, store: TrustStore, password: str, actor: AbstractBaseUser | None) -> bytes:
    """The key, certificate and chain as PKCS#12, encrypted with ``password``. Audited."""
    own = store.own_certificate
    if own is None or own.state != OwnCertificate.ACTIVE:
        raise OwnCertificateError(f"Store '{store}' has no active own certificate to export.")
    data = keys.dump_pkcs12(
        keys.load_private_key(own.private_key_pem()), own.certificate, own.chain, password, friendly_name=store.name
    )
    audit_record(
        actor=actor, action="own.pkcs12_export", target=store,
        summary=f"Exported the own certificate and private key of '{store}' as PKCS#12",
    )
    return data


def own_public_pem(store: TrustStore) -> str:
    """The own certificate and its chain, public material only."""
    own = store.own_certificate
    if own is None or own.certificate is None:
        raise OwnCertificateError(f"Store '{store}' has no own certificate yet.")
    return _pem([own.certificate, *own.chain])


def client_auth_destinations(store: TrustStore) -> list:
    """Destinations that present this store's own certificate (sslAuth = client)."""
    return list(store.destinations.filter(ssl_auth="client").order_by("package", "name"))


@transaction.atomic
def own_reset(*, store: TrustStore, actor: AbstractBaseUser | None) -> None:
    """Back to anonymous: the key pair, request and certificate are deleted."""
    own = _locked(store)
    if own is None:
        return
    state = own.state
    own.delete()
    store.bump_content_version()
    using = ", ".join(str(d) for d in client_auth_destinations(store))
    audit_record(
        actor=actor, action="own.reset", target=store,
        summary=f"Reset '{store}' to anonymous (was {state})" + (f"; destinations with sslAuth = client: {using}" if using else ""),
    )
