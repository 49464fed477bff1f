from __future__ import annotations

import datetime as dt
import uuid
from functools import cached_property

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import connections, models
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class TrustStoreQuerySet(models.QuerySet):
    def with_summary(self) -> TrustStoreQuerySet:
        """Certificate count, earliest expiry and bound destinations, in the same query."""
        return self.annotate(
            certificate_count=Count("certificates", distinct=True),
            earliest_expiry=Min("certificates__not_after"),
            destination_count=Count("destinations", distinct=True),
        )

    def named(self, name: str) -> TrustStoreQuerySet:
        """Stores are named case-insensitively."""
        return self.filter(name__iexact=name.strip())


class TrustStore(models.Model):
    """A named set of trusted certificates, plus (later) an own key pair."""

    name = models.CharField(max_length=64)
    description = models.CharField(max_length=255, blank=True)
    # Changes with every change of the store's certificates or own certificate;
    # outbound callers key their SSL context caches on it.
    content_version = models.PositiveBigIntegerField(default=1)
    # Changes with the version, but unique across stores and time: a store deleted and
    # another created with the same id (SQLite reuses ids) never share a cache key.
    content_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TrustStoreQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="truststore_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("truststores:truststore_detail", kwargs={"pk": self.pk})

    ANONYMOUS = "Anonymous"

    @property
    def own_certificate(self) -> OwnCertificate | None:
        try:
            return self.own
        except OwnCertificate.DoesNotExist:
            return None

    @property
    def own_certificate_state(self) -> str:
        """"Anonymous", "Awaiting response" (key pair and request, no certificate yet) or "Active"."""
        own = self.own_certificate
        return own.state if own is not None else self.ANONYMOUS

    def bump_content_version(self) -> None:
        """Mark the store's content as changed; callers holding a cached SSL context rebuild it."""
        TrustStore.objects.filter(pk=self.pk).update(
            content_version=F("content_version") + 1, content_key=uuid.uuid4(), updated=timezone.now()
        )
        self.refresh_from_db(fields=["content_version", "content_key", "updated"])


class CertificateQuerySet(models.QuerySet):
    def expiring(self, days: int, *, now: dt.datetime | None = None) -> CertificateQuerySet:
        """Expired, or expiring within ``days``."""
        now = now or timezone.now()
        return self.filter(not_after__lte=now + dt.timedelta(days=days))

    def search(self, text: str) -> CertificateQuerySet:
        text = text.strip()
        if not text:
            return self
        compact = text.replace(":", "").upper()
        return self.filter(
            Q(subject__icontains=text)
            | Q(issuer__icontains=text)
            | Q(alias__icontains=text)
            | Q(serial__icontains=compact)
            | Q(sha256__startswith=compact)
        )


class CertificateManager(models.Manager.from_queryset(CertificateQuerySet)):
    def insert_many(self, rows: list[dict]) -> None:
        """Insert plain rows (field name → value) with multi-row INSERT statements.

        A large bundle is the common import; ``bulk_create`` spends most of its time
        preparing values one field at a time, and this path is several times faster
        (benchmarks/run.py). Values are already of the columns' types; only datetimes
        need the backend's adaptation. One statement holds as many rows as the
        backend's parameter limit allows, so the query count stays flat.
        """
        if not rows:
            return
        connection = connections[self.db]
        fields = [self.model._meta.get_field(name) for name in rows[0]]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        adapt = [
            connection.ops.adapt_datetimefield_value if isinstance(field, models.DateTimeField) else None
            for field in fields
        ]
        per_statement = max(1, (connection.features.max_query_params or 65535) // len(fields))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                parameters = [
                    convert(value) if convert else value
                    for row in chunk
                    for convert, value in zip(adapt, row.values())
                ]
                cursor.execute(
                    f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES "
                    + ", ".join([row_placeholder] * len(chunk)),
                    parameters,
                )


class Certificate(models.Model):
    """An entry of a store's certificate list: canonical DER plus the fields lists and searches need.

    Everything else (extensions, PEM) is read from ``der`` when the detail page asks.
    """

    store = models.ForeignKey(TrustStore, on_delete=models.CASCADE, related_name="certificates")
    der = models.BinaryField()
    sha256 = models.CharField(max_length=64)  # upper-case hex, no separators
    alias = models.CharField(max_length=128)
    subject = models.CharField(max_length=1024)
    subject_cn = models.CharField(max_length=255, blank=True)
    issuer = models.CharField(max_length=1024)
    issuer_cn = models.CharField(max_length=255, blank=True)
    serial = models.CharField(max_length=128)  # upper-case hex, no separators
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    is_ca = models.BooleanField()
    source = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    objects = CertificateManager()

    class Meta:
        ordering = ["alias", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "sha256"], name="certificate_unique_in_store"),
        ]
        indexes = [models.Index(fields=["store", "not_after"], name="certificate_store_expiry")]

    def __str__(self) -> str:
        return self.alias

    def get_absolute_url(self) -> str:
        return reverse("truststores:certificate_detail", kwargs={"store_pk": self.store_id, "pk": self.pk})

    @cached_property
    def x509(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(bytes(self.der))

    @property
    def pem(self) -> str:
        return self.x509.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def sha256_short(self) -> str:
        return ":".join(self.sha256[i : i + 2] for i in range(0, 16, 2)) + "…"


class OwnCertificate(models.Model):
    """A store's own key pair, its certificate request and, once the CA answered, its certificate.

    No row: the store is anonymous. A key pair without a certificate: awaiting the CA's response.
    The private key is a Fernet token (admin_console.secrets); it is never rendered or logged.
    """

    store = models.OneToOneField(TrustStore, on_delete=models.CASCADE, related_name="own")
    key_type = models.CharField(max_length=16)
    private_key_encrypted = models.TextField()
    csr_pem = models.TextField(blank=True)  # public; empty when the key came from a PKCS#12 file
    certificate_der = models.BinaryField(null=True, blank=True)
    chain_pem = models.TextField(blank=True)  # the issuing certificates above it, leaf's issuer first
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    AWAITING = "Awaiting response"
    ACTIVE = "Active"

    def __str__(self) -> str:
        return f"own certificate of {self.store}"

    @property
    def state(self) -> str:
        return self.ACTIVE if self.certificate_der else self.AWAITING

    @property
    def key_type_label(self) -> str:
        from truststores.keys import KEY_TYPES

        return KEY_TYPES.get(self.key_type, self.key_type)

    @cached_property
    def certificate(self) -> x509.Certificate | None:
        return x509.load_der_x509_certificate(bytes(self.certificate_der)) if self.certificate_der else None

    @cached_property
    def csr(self) -> x509.CertificateSigningRequest | None:
        return x509.load_pem_x509_csr(self.csr_pem.encode()) if self.csr_pem else None

    @property
    def chain(self) -> list[x509.Certificate]:
        return x509.load_pem_x509_certificates(self.chain_pem.encode()) if self.chain_pem else []

    def private_key_pem(self) -> bytes:
        """The decrypted key, for the TLS handshake and PKCS#12 export only."""
        from admin_console import secrets

        return secrets.decrypt(self.private_key_encrypted).encode("ascii")
