from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import own
from truststores.management.commands._common import store_named
from truststores.x509 import CertificateInputError


class Command(BaseCommand):
    help = "Import the certificate a CA issued for a store's request (PEM, DER or PKCS#7, with its chain)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("file")

    def handle(self, *args, store: str, file: str, **options) -> None:
        target = store_named(store)
        try:
            result = own.own_certificate_import_response(store=target, data=Path(file).read_bytes(), actor=None)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.") from None
        except (own.OwnCertificateError, CertificateInputError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"The own certificate of '{target}' is active: {result.certificate.subject.rfc4514_string()}.")
