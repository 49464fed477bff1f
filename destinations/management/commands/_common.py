from __future__ import annotations

from django.core.management.base import CommandError

from destinations.models import HttpDestination


def destination_named(package: str, name: str) -> HttpDestination:
    destination = HttpDestination.objects.select_related("truststore").filter(package=package, name=name).first()
    if destination is None:
        raise CommandError(f"No destination {package}:{name}. List them with: manage.py list_destinations")
    return destination
