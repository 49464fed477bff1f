from django.core.management.base import BaseCommand

from destinations.models import HttpDestination
from truststores.x509 import printable


class Command(BaseCommand):
    help = "List HTTP destinations: package, name, host:port, SSL, bound trust store."

    def handle(self, *args, **options) -> None:
        rows = [
            (
                f"{d.package}:{d.name}",
                f"{d.host}:{d.port}",
                ("https" if d.ssl_host_check else "https (host check OFF)") if d.use_ssl else "http",
                d.truststore.name if d.truststore else "-",
            )
            for d in HttpDestination.objects.select_related("truststore")
        ]
        if not rows:
            self.stdout.write("No destinations. Create one in the console or: manage.py import_xshttpdest FILE")
            return
        header = ("DESTINATION", "HOST:PORT", "SSL", "TRUST STORE")
        widths = [max(len(printable(row[i])) for row in [header, *rows]) for i in range(4)]
        for row in [header, *rows]:
            self.stdout.write("  ".join(printable(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
