from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from truststores.management.commands._common import store_named
from truststores.templatetags.certificates import validity_state
from truststores.x509 import printable


class Command(BaseCommand):
    help = "List a trust store's certificates; --expiring DAYS keeps those expired or expiring within DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("store")
        parser.add_argument("--expiring", type=int, metavar="DAYS")

    def handle(self, *args, store: str, expiring: int | None, **options) -> None:
        target = store_named(store)
        certificates = target.certificates.defer("der").order_by("not_after", "pk")
        if expiring is not None:
            certificates = certificates.expiring(expiring)
        now = timezone.now()
        rows = list(certificates)
        if not rows:
            self.stdout.write("No certificates." if expiring is None else f"No certificate expires within {expiring} days.")
            return
        self.stdout.write("VALID UNTIL  STATE                 SHA-256 (start)          SUBJECT CN / ALIAS")
        for certificate in rows:
            _, state = validity_state(certificate.not_before, certificate.not_after, now)
            self.stdout.write(
                f"{certificate.not_after:%Y-%m-%d}   {state:<20}  {certificate.sha256_short:<24} "
                f"{printable(certificate.subject_cn or certificate.alias)}"
            )
