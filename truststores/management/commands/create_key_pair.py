from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import keys, own
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Create a store's own key pair and print its certificate request (PKCS#10, PEM) or write it with -o."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("--subject", required=True, help='e.g. "CN=client.example.com,O=ACME,C=DE"')
        parser.add_argument("--san", action="append", default=[], help="DNS:name, IP:address or email:address; repeatable")
        parser.add_argument("--key", default="ec256", choices=list(keys.KEY_TYPES), help="key type (default ec256)")
        parser.add_argument("-o", "--output", metavar="FILE")

    def handle(self, *args, store: str, subject: str, san: list[str], key: str, output: str | None, **options) -> None:
        target = store_named(store)
        try:
            own_certificate = own.own_key_pair_create(
                store=target, subject=keys.parse_subject(subject), sans=keys.parse_sans(san), key_type=key, actor=None
            )
        except (keys.KeyInputError, own.OwnCertificateError) as error:
            raise CommandError(str(error)) from None
        if output:
            Path(output).write_text(own_certificate.csr_pem)
            self.stderr.write(f"Wrote the certificate request of '{target}' to {output}.", style_func=str)
        else:
            self.stdout.write(own_certificate.csr_pem, ending="")
