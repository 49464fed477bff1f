from django.core.management.base import BaseCommand, CommandError, CommandParser

from destinations import services
from destinations.management.commands._common import destination_named
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Bind a trust store to a destination (--none unbinds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("package")
        parser.add_argument("name")
        parser.add_argument("store", nargs="?", help="the trust store's name")
        parser.add_argument("--none", action="store_true", help="unbind the current store")

    def handle(self, *args, package: str, name: str, store: str | None, none: bool, **options) -> None:
        if none == bool(store):
            raise CommandError("Give either a STORE name or --none.")
        destination = destination_named(package, name)
        target = None if none else store_named(store)
        if services.destination_bind(destination=destination, store=target, actor=None):
            self.stdout.write(f"Bound '{target}' to {destination}." if target else f"Unbound the trust store from {destination}.")
        else:
            self.stdout.write("The binding did not change.")
