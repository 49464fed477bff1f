from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from destinations.connection import describe_chain
from destinations.netguard import AddressBlocked
from destinations.probe import ProbeError, fetch_chain
from truststores import services
from truststores import x509 as certs
from truststores.management.commands._common import store_named


class Command(BaseCommand):
    help = (
        "Show the certificate chain HOST[:PORT] presents (read without verifying), and with --import-into "
        "trust chosen certificates. Compare the SHA-256 fingerprints with ones you got another way first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", metavar="HOST[:PORT]")
        parser.add_argument("--servername", help="SNI name to send, if not HOST")
        parser.add_argument("--import-into", metavar="STORE", help="trust store to import into")
        parser.add_argument("--pick", help="numbers of the certificates to import, e.g. 2 or 1,2 (default: all)")
        parser.add_argument("--yes", action="store_true", help="import without asking")

    def handle(self, *args, target: str, servername: str | None, import_into: str | None, pick: str | None, yes: bool, **options) -> None:
        host, _, port_text = target.rpartition(":") if target.count(":") == 1 else (target, "", "443")
        host = host or target
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise CommandError(f"'{target}' is not HOST or HOST:PORT with a port between 1 and 65535.")
        store = store_named(import_into) if import_into else None
        try:
            chain = fetch_chain(host, int(port_text), servername=servername)
        except (ProbeError, AddressBlocked) as error:
            raise CommandError(str(error), returncode=3) from None
        entries = describe_chain(chain, store)
        presented = [entry for entry in reversed(entries) if entry.presented]  # leaf first, as sent
        for number, entry in enumerate(presented, start=1):
            self.stdout.write(f"{number}. {entry.subject}")
            self.stdout.write(f"   issued by  {entry.issuer}")
            self.stdout.write(f"   valid      {entry.not_before:%Y-%m-%d} to {entry.not_after:%Y-%m-%d}{'  (CA)' if entry.is_ca else ''}")
            self.stdout.write(f"   SHA-256    {entry.sha256}{'  (already in the store)' if entry.in_store else ''}")
        if store is None:
            return
        chosen = self._pick(pick, len(presented))
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("Give --yes to import without a terminal to confirm on.")
            answer = input(f"Import certificate(s) {', '.join(map(str, chosen))} into '{store}'? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing imported.")
        parsed = [certs.parsed_certificate(chain[number - 1]) for number in chosen]
        result = services.certificates_add(store=store, certificates=parsed, source=f"fetched from {host}:{port_text}", actor=None)
        self.stdout.write(f"{result.message()} into '{store}'.")
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")

    def _pick(self, pick: str | None, count: int) -> list[int]:
        if not pick:
            return list(range(1, count + 1))
        try:
            numbers = sorted({int(item) for item in pick.split(",") if item.strip()})
        except ValueError:
            raise CommandError(f"--pick takes numbers like 1 or 1,2; got '{pick}'.") from None
        if not numbers or any(not 1 <= number <= count for number in numbers):
            raise CommandError(f"--pick numbers must be between 1 and {count}.")
        return numbers
