from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import own
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Write a store's own certificate and its chain as PEM (public material; the key stays)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("-o", "--output", metavar="FILE")

    def handle(self, *args, store: str, output: str | None, **options) -> None:
        try:
            pem = own.own_public_pem(store_named(store))
        except own.OwnCertificateError as error:
            raise CommandError(str(error)) from None
        if output:
            Path(output).write_text(pem)
            self.stderr.write(f"Wrote {output}.", style_func=str)
        else:
            self.stdout.write(pem, ending="")
