from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from admin_console.uploads import format_size
from truststores import services
from truststores.management.commands._common import store_named
from truststores.x509 import CertificateInputError

PROGRESS_FROM = 5  # files; fewer print no bar


class Command(BaseCommand):
    help = (
        "Import certificates (DER, PEM bundles, PKCS#7) into a trust store. Each file is imported "
        "on its own, all or nothing. '-' reads standard input. Exits 1 when any file was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store", help="the trust store's name")
        parser.add_argument("files", nargs="+", metavar="FILE")

    def _read(self, name: str) -> bytes:
        limit = settings.CONSOLE_UPLOAD_MAX_BYTES
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(name)
            if not path.is_file():
                raise CertificateInputError("No such file.")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        if len(data) > limit:
            raise CertificateInputError(f"Larger than the {format_size(limit)} limit (CONSOLE_UPLOAD_MAX_BYTES).")
        return data

    def handle(self, *args, store: str, files: list[str], **options) -> None:
        target = store_named(store)
        refused = 0
        show_progress = len(files) >= PROGRESS_FROM
        for number, name in enumerate(files, start=1):
            label = "standard input" if name == "-" else name
            try:
                result = services.certificates_import(
                    store=target, data=self._read(name), source="standard input" if name == "-" else f"file {name}",
                    actor=None,
                )
            except CertificateInputError as error:
                refused += 1
                self.stderr.write(f"{label}: refused: {error}")
            else:
                self.stdout.write(f"{label}: {result.message()}.")
                for warning in result.warnings:  # names in warnings are made printable by x509.summarize
                    self.stdout.write(f"{label}: warning: {warning}")
            if show_progress:
                # One line per step, so result lines and logs never land in the middle of the bar.
                done = number * 30 // len(files)
                self.stderr.write(f"[{'#' * done}{'.' * (30 - done)}] {number}/{len(files)} files", style_func=str)
        if refused == len(files) == 1:
            raise CommandError("The file was refused; nothing was imported.")
        if refused:
            raise CommandError(f"{refused} of {len(files)} files refused; the others were imported.")
