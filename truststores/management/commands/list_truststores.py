from django.core.management.base import BaseCommand

from truststores.models import TrustStore


class Command(BaseCommand):
    help = "List trust stores: certificates, own certificate, earliest expiry, destinations bound."

    def handle(self, *args, **options) -> None:
        stores = list(TrustStore.objects.with_summary())
        if not stores:
            self.stdout.write("No trust stores. Create one with: manage.py create_truststore NAME")
            return
        width = max(len("NAME"), *(len(store.name) for store in stores))
        self.stdout.write(f"{'NAME':<{width}}  CERTIFICATES  OWN CERTIFICATE  EARLIEST EXPIRY  DESTINATIONS")
        for store in stores:
            expiry = f"{store.earliest_expiry:%Y-%m-%d}" if store.earliest_expiry else "-"
            self.stdout.write(
                f"{store.name:<{width}}  {store.certificate_count:>12}  {store.own_certificate_state:<15}  "
                f"{expiry:<15}  {store.destination_count:>12}"
            )
