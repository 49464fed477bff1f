"""What the trust-store commands share: finding a store by name, with the console's messages."""

from __future__ import annotations

from django.core.management.base import CommandError

from truststores.models import TrustStore


def store_named(name: str) -> TrustStore:
    store = TrustStore.objects.named(name).first()
    if store is None:
        names = ", ".join(f"'{n}'" for n in TrustStore.objects.values_list("name", flat=True)[:20]) or "none yet"
        raise CommandError(f"No trust store named '{name}'. Stores: {names}.")
    return store
