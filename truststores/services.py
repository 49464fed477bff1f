"""Every write on trust stores and their certificates. Each is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from admin_console.audit import audit_record
from truststores import x509 as certs
from truststores.models import Certificate, TrustStore


class TrustStoreInUse(Exception):
    """A bound store cannot be deleted; ``destinations`` lists what uses it."""

    def __init__(self, store: TrustStore, destinations: list) -> None:
        self.store = store
        self.destinations = destinations
        names = ", ".join(str(destination) for destination in destinations)
        super().__init__(
            f"Trust store '{store.name}' is bound to {len(destinations)} destination(s): {names}. "
            "Bind those destinations to another store (or none) first."
        )


class TrustStoreNameTaken(Exception):
    pass


def store_bound_destinations(store: TrustStore) -> list:
    """Destinations whose calls use ``store``."""
    return list(store.destinations.order_by("package", "name"))


@transaction.atomic
def truststore_create(*, name: str, description: str = "", actor: AbstractBaseUser | None) -> TrustStore:
    """Create a store. The form and the command validate the name; the database enforces uniqueness."""
    try:
        with transaction.atomic():
            store = TrustStore.objects.create(name=name.strip(), description=description.strip())
    except IntegrityError:
        raise TrustStoreNameTaken(name_taken_message(name)) from None
    audit_record(actor=actor, action="truststore.create", target=store, summary=f"Created trust store '{store.name}'")
    return store


def name_taken_message(name: str) -> str:
    existing = TrustStore.objects.named(name).values_list("name", flat=True).first() or name.strip()
    return f"A trust store named '{existing}' already exists (names are compared ignoring case)."


@transaction.atomic
def truststore_delete(*, store: TrustStore, actor: AbstractBaseUser | None) -> None:
    """Delete a store and its certificates; refused while destinations are bound to it."""
    # Lock the store so a binding made meanwhile cannot slip between the check and the delete;
    # on_delete=PROTECT on the destinations' foreign key backs this up.
    list(TrustStore.objects.select_for_update().filter(pk=store.pk).values_list("pk", flat=True))
    bound = store_bound_destinations(store)
    if bound:
        raise TrustStoreInUse(store, bound)
    count = store.certificates.count()
    audit_record(
        actor=actor,
        action="truststore.delete",
        target=store,
        summary=f"Deleted trust store '{store.name}' with {count} certificate{'s' if count != 1 else ''}",
    )
    store.delete()


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)  # aliases of the certificates added
    skipped: list[str] = field(default_factory=list)  # SHA-256 (display form) of duplicates
    warnings: list[str] = field(default_factory=list)

    def message(self) -> str:
        """E.g. "Imported 3 certificates; skipped 1 already in this store (SHA-256 AB:CD…)"."""
        count = len(self.imported)
        text = f"Imported {count} certificate{'s' if count != 1 else ''}"
        if self.skipped:
            shown = ", ".join(f"SHA-256 {fingerprint[:5]}…" for fingerprint in self.skipped[:3])
            more = f" and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
            text += f"; skipped {len(self.skipped)} already in this store ({shown}{more})"
        return text


@transaction.atomic
def certificates_import(
    *, store: TrustStore, data: bytes, source: str, actor: AbstractBaseUser | None
) -> ImportResult:
    """Parse ``data`` and add its new certificates to ``store``, all or nothing.

    Raises ``x509.CertificateInputError`` (nothing stored) for input that is not
    certificates. Duplicates, in the input or already in the store, are skipped.
    """
    parsed = certs.parse_certificates(data)
    return certificates_add(store=store, certificates=parsed.certificates, source=source, actor=actor)


@transaction.atomic(savepoint=False)  # called inside certificates_import's transaction too: no savepoint round trips
def certificates_add(
    *, store: TrustStore, certificates: list[certs.ParsedCertificate], source: str, actor: AbstractBaseUser | None
) -> ImportResult:
    # Lock the store row so concurrent imports into one store serialise on it.
    list(TrustStore.objects.select_for_update().filter(pk=store.pk).values_list("pk", flat=True))
    now = timezone.now()
    result = ImportResult()
    present = set(
        store.certificates.filter(sha256__in=[c.sha256 for c in certificates]).values_list("sha256", flat=True)
    )
    rows = []
    for parsed in certificates:
        if parsed.sha256 in present:
            result.skipped.append(parsed.sha256_display)
            continue
        present.add(parsed.sha256)
        summary = certs.summarize(parsed.certificate, parsed.sha256, now)
        rows.append(
            {
                "store": store.pk,
                "der": parsed.der,
                "sha256": parsed.sha256,
                "alias": summary.alias,
                "subject": summary.subject,
                "subject_cn": summary.subject_cn,
                "issuer": summary.issuer,
                "issuer_cn": summary.issuer_cn,
                "serial": summary.serial,
                "not_before": summary.not_before,
                "not_after": summary.not_after,
                "is_ca": summary.is_ca,
                "source": source[:255],
                "imported_by": actor.pk if actor is not None else None,
                "imported_at": now,
            }
        )
        result.imported.append(summary.alias)
        result.warnings.extend(summary.warnings)
    if rows:
        Certificate.objects.insert_many(rows)
        store.bump_content_version()
        audit_record(
            actor=actor,
            action="certificate.import",
            target=store,
            summary=f"{result.message()} into '{store.name}' from {source}",
        )
    return result


@transaction.atomic
def certificate_remove(*, certificate: Certificate, actor: AbstractBaseUser | None) -> None:
    store = certificate.store
    audit_record(
        actor=actor,
        action="certificate.remove",
        target=store,
        summary=f"Removed certificate '{certificate.alias}' (SHA-256 {certificate.sha256_short}) from '{store.name}'",
    )
    certificate.delete()
    store.bump_content_version()


def _comment(text: str) -> str:
    """Certificate names made safe for a PEM bundle's comment lines: one line, and no
    '-----' that a lenient parser could take for the start of a block."""
    return certs.printable(text).replace("-----", "- - - - -")


def truststore_export_pem(store: TrustStore) -> str:
    """The certificate list as one PEM bundle (readable by requests' ``verify=`` and curl's ``--cacert``).

    Comment lines before each block name the certificate; OpenSSL skips text outside PEM blocks.
    """
    return pem_bundle(store.pk)


def pem_bundle(store_id: int) -> str:
    parts = []
    certificates = Certificate.objects.filter(store_id=store_id).order_by("alias", "pk")
    for certificate in certificates.only("der", "alias", "subject", "not_after", "sha256"):
        parts.append(
            f"# {_comment(certificate.alias)}\n# Subject: {_comment(certificate.subject)}\n"
            f"# Valid until: {certificate.not_after:%Y-%m-%d %H:%M:%S} UTC\n"
            f"# SHA-256: {certs.colon_hex(bytes.fromhex(certificate.sha256))}\n{certificate.pem}"
        )
    return "\n".join(parts)
