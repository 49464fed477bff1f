from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from truststores import services
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Write a trust store's certificate list as a PEM bundle (for requests' verify= or curl --cacert)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")

    def handle(self, *args, store: str, output: str | None, **options) -> None:
        target = store_named(store)
        bundle = services.truststore_export_pem(target)
        if output:
            Path(output).write_text(bundle)
            count = target.certificates.count()
            self.stderr.write(f"Wrote {count} certificate{'s' if count != 1 else ''} to {output}.", style_func=str)
        else:
            self.stdout.write(bundle, ending="")
