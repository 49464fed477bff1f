"""Speed and query figures of the trust-store paths, as ratios against a baseline run in this process.

Run with `make bench`. Prints one `name=value` per line:

  import_bundle_ratio        importing the certifi bundle through the import service, over parsing the
                             same bytes with x509.load_pem_x509_certificates alone (medians). Goal <= 20.
  import_bundle_queries      SQL queries of that import; must equal import_half_bundle_queries.
  store_page_ratio           server time of the store page holding 5,000 certificates, over Django admin's
                             change list of the same rows (medians). Goal <= 1.0.
  store_page_queries         queries of that page; must equal store_page_queries_small (100 certificates).
  outbound_ratio             300 GETs through destinations.http.Client to a local TLS server (tests/tls.py,
                             keep-alive, leaf under the shared test PKI) with a destination bound to a store
                             holding the PKI's root, over 300 GETs through a plain requests.Session()
                             (verify=<the store's exported PEM bundle>, trust_env=False) to the same server
                             (its handler sets TCP_NODELAY, else a ~40 ms delayed-ACK stall per call hides all);
                             each block of 300 timed whole, both warmed first, 5 pairs in alternating order,
                             medians. Goal <= 1.10. Per call: outbound_ms_per_call, outbound_plain_ms_per_call.
  outbound_cold_over_warm    the first call of a fresh Client with the SSL-context cache emptied (building the
                             store's context, TCP connect, TLS handshake; median of 5 such clients), over the
                             median of 300 warm calls; both are printed as outbound_cold_ms and outbound_warm_ms.
  outbound_context_builds    distinct SSL contexts loaded with CA certificates (load_verify_locations) while a
                             fresh Client, cache emptied, makes 300 calls to the destination. Must be 1.

A throwaway test database is used (SQLite in memory, or DATABASE_URL's server with a test_ prefix).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admin_console.settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.disable(logging.INFO)  # the audit log's lines are not the figures

import certifi  # noqa: E402
from cryptography import x509  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 15


def median_seconds(function, runs: int = RUNS, setup=None) -> float:
    times = []
    for _ in range(runs):
        argument = setup() if setup else None
        start = time.perf_counter()
        function(argument) if setup else function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_import() -> None:
    from truststores.models import TrustStore
    from truststores.services import certificates_import

    bundle = Path(certifi.where()).read_bytes()
    blocks = bundle.split(b"-----END CERTIFICATE-----")
    half = b"-----END CERTIFICATE-----".join(blocks[: len(blocks) // 2]) + b"-----END CERTIFICATE-----\n"
    counter = iter(range(10**6))

    def empty_store() -> TrustStore:
        return TrustStore.objects.create(name=f"bench {next(counter)}")

    baseline = median_seconds(lambda: x509.load_pem_x509_certificates(bundle))
    imported = median_seconds(
        lambda store: certificates_import(store=store, data=bundle, source="bench", actor=None), setup=empty_store
    )
    queries = {}
    for label, data in [("full", bundle), ("half", half)]:
        store = empty_store()
        with CaptureQueriesContext(connection) as captured:
            certificates_import(store=store, data=data, source="bench", actor=None)
        queries[label] = len(captured)
    print(f"import_bundle_certificates={len(x509.load_pem_x509_certificates(bundle))}")
    print(f"import_bundle_ratio={imported / baseline:.2f}")
    print(f"import_bundle_queries={queries['full']}")
    print(f"import_half_bundle_queries={queries['half']}")
    TrustStore.objects.all().delete()


def _many_certificates(count: int) -> bytes:
    """``count`` distinct certificates signed by one key: building them is not what is measured."""
    import datetime as dt

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Root")])
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    parts = []
    for number in range(count):
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"bench-{number:05d}.example.test")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(number + 1)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=30 + number % 700))
            .sign(key, hashes.SHA256())
        )
        parts.append(certificate.public_bytes(serialization.Encoding.PEM))
    return b"".join(parts)


def bench_store_page() -> None:
    from truststores.models import TrustStore
    from truststores.services import certificates_import

    user = User.objects.create_superuser("bench", password="bench-password-1")
    client = Client()
    client.force_login(user)
    stores = {}
    for label, count in [("big", 5000), ("small", 100)]:
        store = TrustStore.objects.create(name=f"page {label}")
        certificates_import(store=store, data=_many_certificates(count), source="bench", actor=None)
        stores[label] = store

    def page_url(store) -> str:
        return reverse("truststores:truststore_detail", kwargs={"pk": store.pk})

    def admin_url(store) -> str:
        return reverse("admin:truststores_certificate_changelist") + f"?store__id__exact={store.pk}"

    for url in (page_url(stores["big"]), admin_url(stores["big"])):  # warm caches and templates
        assert client.get(url).status_code == 200, url
    ours = median_seconds(lambda: client.get(page_url(stores["big"])))
    admin = median_seconds(lambda: client.get(admin_url(stores["big"])))
    queries = {}
    for label, store in stores.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(page_url(store))
        queries[label] = len(captured)
    print(f"store_page_ratio={ours / admin:.2f}")
    print(f"store_page_ms={ours * 1000:.1f}")
    print(f"store_page_admin_ms={admin * 1000:.1f}")
    print(f"store_page_queries={queries['big']}")
    print(f"store_page_queries_small={queries['small']}")


OUTBOUND_CALLS = 300
OUTBOUND_PAIRS = 5
OUTBOUND_COLD_RUNS = 5


def bench_outbound() -> None:
    import ssl
    import tempfile

    import requests

    from destinations import http as outbound
    from destinations.models import HttpDestination
    from tests.tls import DefaultHandler, pem, shared_pki, tls_server
    from truststores.models import TrustStore
    from truststores.services import certificates_import, truststore_export_pem

    class NoDelayHandler(DefaultHandler):
        # The default handler sends the headers and the body in two writes; with Nagle on, the
        # body waits for the client's delayed ACK (~40 ms a call), which both sides would
        # then measure instead of the client. Real servers coalesce or set TCP_NODELAY.
        disable_nagle_algorithm = True

    pki = shared_pki()
    leaf = pki.leaf("127.0.0.1", "localhost")
    store = TrustStore.objects.create(name="bench outbound")
    certificates_import(store=store, data=pem(pki.root), source="bench", actor=None)
    store.refresh_from_db()

    with tls_server(leaf, handler=NoDelayHandler) as server, tempfile.TemporaryDirectory() as directory:
        HttpDestination.objects.create(
            package="bench.outbound", name="local", host="127.0.0.1", port=server.port, use_ssl=True, truststore=store
        )
        destination = outbound.read_destination("bench.outbound", "local", caller_package="bench")
        bundle_path = Path(directory) / "store.pem"
        bundle_path.write_text(truststore_export_pem(store))
        url = f"{server.url}/"
        request = outbound.Request("GET", "/")

        client = outbound.Client()
        session = requests.Session()
        session.trust_env = False
        session.verify = str(bundle_path)

        def ours_once() -> None:
            response = client.request(request, destination)
            assert response.status == 200 and response.content == b"hello", response

        def plain_once() -> None:
            response = session.get(url)
            assert response.status_code == 200 and response.content == b"hello", response

        def block(call) -> float:
            start = time.perf_counter()
            for _ in range(OUTBOUND_CALLS):
                call()
            return time.perf_counter() - start

        try:
            for _ in range(5):  # warm: connection, TLS session, imports, caches
                ours_once()
                plain_once()
            ours_blocks, plain_blocks = [], []
            for pair in range(OUTBOUND_PAIRS):
                order = [(ours_once, ours_blocks), (plain_once, plain_blocks)]
                for call, times in order if pair % 2 == 0 else reversed(order):
                    times.append(block(call))
            ours, plain = statistics.median(ours_blocks), statistics.median(plain_blocks)

            warm_times = []
            for _ in range(OUTBOUND_CALLS):
                start = time.perf_counter()
                ours_once()
                warm_times.append(time.perf_counter() - start)
            warm = statistics.median(warm_times)

            cold_times = []
            for _ in range(OUTBOUND_COLD_RUNS):
                outbound._contexts.clear()
                with outbound.Client() as fresh:
                    start = time.perf_counter()
                    response = fresh.request(request, destination)
                    cold_times.append(time.perf_counter() - start)
                assert response.status == 200, response
            cold = statistics.median(cold_times)

            # Count the contexts given CA certificates while a fresh client makes its calls.
            loaded: list[ssl.SSLContext] = []  # kept alive so no id is reused
            original = ssl.SSLContext.load_verify_locations  # inherited from _ssl._SSLContext

            def counting(self, *args, **kwargs):
                loaded.append(self)
                return original(self, *args, **kwargs)

            outbound._contexts.clear()
            ssl.SSLContext.load_verify_locations = counting
            try:
                with outbound.Client() as fresh:
                    for _ in range(OUTBOUND_CALLS):
                        assert fresh.request(request, destination).status == 200
            finally:
                del ssl.SSLContext.load_verify_locations  # the inherited method shows through again
            builds = len({id(context) for context in loaded})
        finally:
            client.close()
            session.close()
            outbound._contexts.clear()
    print(f"outbound_ratio={ours / plain:.2f}")
    print(f"outbound_ms_per_call={ours / OUTBOUND_CALLS * 1000:.3f}")
    print(f"outbound_plain_ms_per_call={plain / OUTBOUND_CALLS * 1000:.3f}")
    print(f"outbound_cold_over_warm={cold / warm:.1f}")
    print(f"outbound_cold_ms={cold * 1000:.2f}")
    print(f"outbound_warm_ms={warm * 1000:.3f}")
    print(f"outbound_context_builds={builds}")
    HttpDestination.objects.filter(package="bench.outbound").delete()
    TrustStore.objects.filter(pk=store.pk).delete()


def main() -> None:
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_import()
        bench_store_page()
        bench_outbound()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
