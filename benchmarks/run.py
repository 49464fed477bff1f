"""Speed and query figures of the trust-store paths, as ratios against a baseline run in this process.

Run with `make bench`. Prints one `name=value` per line:

  import_bundle_ratio        importing the certifi bundle through the import service, over parsing the
                             same bytes with x509.load_pem_x509_certificates alone (medians). Goal <= 20.
  import_bundle_queries      SQL queries of that import; must equal import_half_bundle_queries.
  store_page_ratio           server time of the store page holding 5,000 certificates, over Django admin's
                             change list of the same rows (medians). Goal <= 1.0.
  store_page_queries         queries of that page; must equal store_page_queries_small (100 certificates).

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


def main() -> None:
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_import()
        bench_store_page()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
