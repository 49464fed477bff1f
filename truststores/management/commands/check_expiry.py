from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from truststores.expiry import expiring


class Command(BaseCommand):
    help = (
        "For cron and monitoring: certificates (store lists and own certificates) expired or expiring within "
        "--days. Exit 0: none; 1: something expires within the window; 2: something a destination depends "
        "on has already expired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.CONSOLE_EXPIRY_WARNING_DAYS)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, days: int, format: str, **options) -> None:  # noqa: A002 - the option's name
        now = timezone.now()
        rows = expiring(days, now=now)
        bound_and_expired = any(row.expired(now) and row.destinations for row in rows)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "checked_at": now.isoformat(),
                        "days": days,
                        "certificates": [
                            {
                                "store": row.store.name,
                                "certificate": row.label,
                                "kind": row.kind,
                                "fingerprint": row.sha256,
                                "not_after": row.not_after.isoformat(),
                                "expired": row.expired(now),
                                "destinations": row.destinations,
                            }
                            for row in rows
                        ],
                    },
                    indent=2,
                )
            )
        elif not rows:
            self.stdout.write(f"Nothing expires within {days} days.")
        else:
            for row in rows:
                when = f"EXPIRED {-row.days_left(now)} days ago" if row.expired(now) else f"expires in {row.days_left(now)} days"
                used = ", ".join(row.destinations) or "no destination"
                self.stdout.write(
                    f"{row.not_after:%Y-%m-%d}  {when:<22}  store '{row.store.name}'  {row.kind} '{row.label}'  "
                    f"SHA-256 {row.sha256[:23]}…  used by: {used}"
                )
        if rows:
            raise SystemExit(2 if bound_and_expired else 1)
