"""What expires, and which destinations it takes down: for the dashboard and check_expiry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from truststores.models import Certificate, OwnCertificate, TrustStore
from truststores.x509 import colon_hex, name_cn, printable, safe_rfc4514


@dataclass
class Expiry:
    store: TrustStore
    label: str  # subject CN or alias
    kind: str  # "certificate" or "own certificate"
    sha256: str  # colon-separated
    not_after: dt.datetime
    url: str
    destinations: list[str] = field(default_factory=list)

    def expired(self, now: dt.datetime) -> bool:
        return self.not_after < now

    def days_left(self, now: dt.datetime) -> int:
        return (self.not_after - now).days


def _stores_with_destinations():
    from destinations.models import HttpDestination

    return Prefetch("store__destinations", queryset=HttpDestination.objects.only("package", "name", "truststore_id", "ssl_auth"))


def expiring(days: int, *, now: dt.datetime | None = None) -> list[Expiry]:
    """Certificates (store lists and own certificates) expired or expiring within ``days``, soonest first."""
    now = now or timezone.now()
    rows: list[Expiry] = []
    certificates = (
        Certificate.objects.expiring(days, now=now)
        .select_related("store")
        .prefetch_related(_stores_with_destinations())
        .only("store__name", "alias", "subject_cn", "sha256", "not_after")
    )
    for certificate in certificates:
        rows.append(
            Expiry(
                store=certificate.store,
                label=certificate.subject_cn or certificate.alias,
                kind="certificate",
                sha256=colon_hex(bytes.fromhex(certificate.sha256)),
                not_after=certificate.not_after,
                url=certificate.get_absolute_url(),
                destinations=[str(d) for d in certificate.store.destinations.all()],
            )
        )
    horizon = now + dt.timedelta(days=days)
    owns = OwnCertificate.objects.exclude(certificate_der=None).select_related("store").prefetch_related(_stores_with_destinations())
    for own in owns:
        certificate = own.certificate
        if certificate is None or certificate.not_valid_after_utc > horizon:
            continue
        from truststores.x509 import parsed_certificate

        rows.append(
            Expiry(
                store=own.store,
                label=printable(name_cn(certificate.subject) or safe_rfc4514(certificate.subject)),
                kind="own certificate",
                sha256=parsed_certificate(certificate).sha256_display,
                not_after=certificate.not_valid_after_utc,
                url=own.store.get_absolute_url(),
                destinations=[str(d) for d in own.store.destinations.all() if d.ssl_auth == "client"],
            )
        )
    return sorted(rows, key=lambda row: (row.not_after, row.store.name, row.label))


@dataclass
class DestinationExpiry:
    destination: object
    not_after: dt.datetime | None  # None: the store holds nothing that expires
    label: str
    kind: str


def destination_expiries() -> list[DestinationExpiry]:
    """Per destination, the earliest expiry among what its call depends on: the bound store's
    certificates and, for sslAuth = client, the store's own certificate. Soonest first."""
    from django.db.models import Min

    from destinations.models import HttpDestination

    destinations = list(HttpDestination.objects.select_related("truststore", "truststore__own").order_by("package", "name"))
    store_ids = {d.truststore_id for d in destinations if d.truststore_id}
    earliest = dict(
        Certificate.objects.filter(store_id__in=store_ids).values("store_id").annotate(first=Min("not_after")).values_list("store_id", "first")
    )
    result = []
    for destination in destinations:
        store = destination.truststore
        if store is None:
            result.append(DestinationExpiry(destination, None, "no trust store", ""))
            continue
        candidates = []
        if earliest.get(store.pk):
            candidates.append((earliest[store.pk], f"a certificate of '{store}'", "certificate"))
        own = store.own_certificate
        if destination.ssl_auth == "client" and own is not None and own.certificate is not None:
            candidates.append((own.certificate.not_valid_after_utc, f"the own certificate of '{store}'", "own certificate"))
        if candidates:
            when, label, kind = min(candidates, key=lambda item: item[0])
            result.append(DestinationExpiry(destination, when, label, kind))
        else:
            result.append(DestinationExpiry(destination, None, f"'{store}' is empty", ""))
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return sorted(result, key=lambda row: row.not_after or far)
