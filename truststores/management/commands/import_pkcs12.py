from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import keys, own
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = "Import a store's own key, certificate and chain from a PKCS#12 file (.p12/.pfx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("file")
        parser.add_argument("--password-file", metavar="F", help="file whose first line is the password (none: no password)")

    def handle(self, *args, store: str, file: str, password_file: str | None, **options) -> None:
        target = store_named(store)
        try:
            data = Path(file).read_bytes()
            password = Path(password_file).read_text().splitlines()[0] if password_file else ""
        except (FileNotFoundError, IndexError) as error:
            raise CommandError(f"Cannot read {getattr(error, 'filename', None) or password_file}: missing or empty.") from None
        try:
            own.own_pkcs12_import(store=target, data=data, password=password, actor=None)
        except (keys.KeyInputError, own.OwnCertificateError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Imported the key, certificate and chain of '{target}' from {file}.")
