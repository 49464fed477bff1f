"""'Test connection' and 'Fetch and trust': what the destination page and the commands run.

A test is a real call through ``destinations.http.Client`` (the code path applications
use), then, over TLS, a read of the chain the server presents so the page can draw it
and mark the certificate the store anchors on.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from admin_console.audit import audit_record
from destinations import http
from destinations.models import HttpDestination
from destinations.netguard import AddressBlocked
from destinations.probe import ProbeError, fetch_chain
from truststores import services as store_services
from truststores import x509 as certs
from truststores.models import TrustStore

_client: http.Client | None = None
_client_lock = threading.Lock()


def console_client() -> http.Client:
    """One client per process: its pools and the shared SSL contexts are reused across tests."""
    global _client
    with _client_lock:
        if _client is None:
            _client = http.Client()
        return _client


@dataclass
class ChainEntry:
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str  # colon-separated
    sha256_hex: str
    is_ca: bool
    presented: bool  # sent by the server (False: the store's anchor above what was sent)
    in_store: bool
    anchor: bool = False


def describe_chain(chain, store: TrustStore | None) -> list[ChainEntry]:
    """Top (closest to a root) first. Marks the certificate the store anchors on: the first
    presented one found in the store walking up from the leaf (partial-chain mode), else the
    store's certificate whose subject issued the top presented one.

    Asks the store only about these certificates: a store may hold thousands.
    """
    entries = []
    for certificate in chain:
        entries.append(_entry(certificate, certs.parsed_certificate(certificate).sha256, presented=True, in_store=False))
    if store is None or not entries:
        return list(reversed(entries))
    stored = set(store.certificates.filter(sha256__in=[e.sha256_hex for e in entries]).values_list("sha256", flat=True))
    for entry in entries:
        entry.in_store = entry.sha256_hex in stored
    anchored = next((entry for entry in entries if entry.in_store), None)
    if anchored is not None:
        anchored.anchor = True
    else:
        issuer = certs.safe_rfc4514(chain[-1].issuer)[:1024]
        above = store.certificates.filter(subject=issuer).only("der", "sha256").first()
        if above is not None:
            entry = _entry(above.x509, above.sha256, presented=False, in_store=True)
            entry.anchor = True
            entries.append(entry)
    return list(reversed(entries))


def _entry(certificate, sha256_hex: str, *, presented: bool, in_store: bool) -> ChainEntry:
    return ChainEntry(
        subject=certs.printable(certs.safe_rfc4514(certificate.subject)),
        issuer=certs.printable(certs.safe_rfc4514(certificate.issuer)),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        sha256=certs.colon_hex(bytes.fromhex(sha256_hex)),
        sha256_hex=sha256_hex,
        is_ca=certs.is_ca(certificate),
        presented=presented,
        in_store=in_store,
    )


@dataclass
class TestResult:
    ok: bool  # an HTTP response came back (over verified TLS when useSSL)
    summary: str
    next_step: str = ""
    response: http.Response | None = None
    error: http.OutboundError | None = None
    chain: list[ChainEntry] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """test_destination's: 0 response over verified TLS, 2 trust failure, 3 connection failure, 1 otherwise."""
        if self.ok:
            return 0
        kind = self.error.kind if self.error else "other"
        return {"trust": 2, "connection": 3}.get(kind, 1)


def _response_summary(response: http.Response) -> tuple[str, str]:
    transport = f"over {response.tls_version} ({response.cipher})" if response.tls_version else "over plain HTTP"
    summary = f"HTTP {response.status} {response.reason} {transport} in {response.elapsed:.2f} s".replace("  ", " ")
    if response.status in (401, 403):
        return summary, "TLS and trust work; the server refused the request: check authType, user and password."
    if response.status == 404:
        return summary, "TLS and trust work; the server has nothing at this path: check pathPrefix and the path."
    if response.status >= 500:
        return summary, "TLS and trust work; the server failed to answer the request."
    return summary, "TLS and trust work." if response.tls_version else ""


def destination_test(*, destination: HttpDestination, path: str = "", actor: AbstractBaseUser | None) -> TestResult:
    """Call the destination as application code would, record the outcome as its last test, audit it."""
    snapshot = None
    try:
        snapshot = http.snapshot(destination)
        response = console_client().request(http.Request("GET", path), snapshot)
    except http.OutboundError as error:
        result = TestResult(ok=False, summary=f"{type(error).__name__}: {error.message}", next_step=error.hint, error=error)
    else:
        summary, next_step = _response_summary(response)
        result = TestResult(ok=True, summary=summary, next_step=next_step, response=response)
    if destination.use_ssl and destination.proxy_type == "none" and (result.ok or result.error.kind == "trust"):
        try:
            result.chain = describe_chain(
                fetch_chain(destination.host, destination.port, timeout=snapshot.timeout if snapshot else 10),
                destination.truststore,
            )
        except (ProbeError, AddressBlocked):
            pass
    with transaction.atomic():
        HttpDestination.objects.filter(pk=destination.pk).update(
            last_test_at=timezone.now(), last_test_ok=result.ok, last_test_summary=result.summary[:500]
        )
        audit_record(
            actor=actor, action="destination.test", target=destination,
            summary=f"Tested {destination}: {'success' if result.ok else 'failure'}: {result.summary}"[:1000],
        )
    return result


def destination_fetch(*, destination: HttpDestination, actor: AbstractBaseUser | None) -> list[ChainEntry]:
    """The chain the destination's server presents, unverified, for an administrator to inspect."""
    try:
        chain = fetch_chain(destination.host, destination.port, timeout=10)
    finally:
        audit_record(actor=actor, action="destination.fetch", target=destination, summary=f"Fetched the certificate chain of {destination.host}:{destination.port}")
    return describe_chain(chain, destination.truststore)


class FingerprintGone(Exception):
    pass


def destination_trust(
    *, destination: HttpDestination, store: TrustStore, sha256s: list[str], actor: AbstractBaseUser | None
) -> store_services.ImportResult:
    """Import the chosen certificates of the server's chain into ``store``.

    The chain is fetched again and only certificates the server presents now, with the
    fingerprints the administrator confirmed, are imported: nothing comes from the browser.
    """
    presented = {}
    for certificate in fetch_chain(destination.host, destination.port, timeout=10):
        parsed = certs.parsed_certificate(certificate)
        presented[parsed.sha256] = parsed
    missing = [sha for sha in sha256s if sha not in presented]
    if missing:
        raise FingerprintGone(
            "The server no longer presents the certificate with SHA-256 "
            + ", ".join(certs.colon_hex(bytes.fromhex(sha))[:23] + "…" for sha in missing)
            + ": fetch the chain again and compare the fingerprints."
        )
    return store_services.certificates_add(
        store=store,
        certificates=[presented[sha] for sha in sha256s],
        source=f"fetched from {destination.host}:{destination.port}",
        actor=actor,
    )


