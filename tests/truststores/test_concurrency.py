"""Eight imports into one store at once, on PostgreSQL: every certificate once, nobody sees an error."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection, connections

from tests.factories import make_store, self_signed, to_pem
from truststores.models import Certificate, TrustStore
from truststores.services import certificates_import

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_threads_importing_overlapping_bundles():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (CI runs this in its PostgreSQL pass); SQLite serialises writers anyway")
    store = make_store()
    certificates = [to_pem(self_signed(f"CA {n:02d}")) for n in range(24)]
    rng = random.Random(7)
    bundles = [b"".join(rng.sample(certificates, 12)) for _ in range(8)]
    results, errors = [], []
    start = threading.Barrier(8)

    def work(bundle: bytes) -> None:
        try:
            start.wait()
            results.append(certificates_import(store=store, data=bundle, source="thread", actor=None))
        except Exception as error:  # noqa: BLE001 - the assertion below shows it
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(bundle,)) for bundle in bundles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    covered = {c for bundle in bundles for c in certificates if c in bundle}
    assert Certificate.objects.filter(store=store).count() == len(covered)
    assert sum(len(r.imported) for r in results) == len(covered)  # each certificate imported exactly once
    assert sum(len(r.skipped) for r in results) == 8 * 12 - len(covered)  # the rest: "skipped, already present"
    adding = sum(1 for r in results if r.imported)
    assert TrustStore.objects.get(pk=store.pk).content_version == 1 + adding
