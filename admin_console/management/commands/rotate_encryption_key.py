from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from admin_console import secrets


class Command(BaseCommand):
    help = (
        "Re-encrypt every secret (own private keys, destination passwords) under the first key of "
        "CONSOLE_ENCRYPTION_KEY. Rotate by setting CONSOLE_ENCRYPTION_KEY=NEW,OLD, running this, then "
        "dropping OLD."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        from destinations.models import HttpDestination
        from truststores.models import OwnCertificate

        counts = {}
        try:
            for label, model, field in [
                ("own private key", OwnCertificate, "private_key_encrypted"),
                ("destination password", HttpDestination, "basic_password_encrypted"),
            ]:
                rows = model.objects.exclude(**{field: ""}).select_for_update().only("pk", field)
                for row in rows:
                    model.objects.filter(pk=row.pk).update(**{field: secrets.rotate(getattr(row, field))})
                counts[label] = len(rows)
        except secrets.SecretUnreadable as error:
            raise CommandError(f"{error} Nothing was changed: add the old key after the new one in CONSOLE_ENCRYPTION_KEY.") from None
        from admin_console.audit import audit_record

        summary = ", ".join(f"{count} {label}{'s' if count != 1 else ''}" for label, count in counts.items())
        audit_record(actor=None, action="secrets.rotate", summary=f"Re-encrypted {summary} under the first CONSOLE_ENCRYPTION_KEY")
        self.stdout.write(f"Re-encrypted {summary} under the first key of CONSOLE_ENCRYPTION_KEY.")
