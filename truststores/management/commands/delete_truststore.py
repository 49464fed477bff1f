from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import services
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Delete a trust store and its certificates (refused while destinations are bound to it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")

    def handle(self, *args, name: str, **options) -> None:
        store = store_named(name)
        try:
            services.truststore_delete(store=store, actor=None)
        except services.TrustStoreInUse as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Deleted trust store '{store.name}'.")
