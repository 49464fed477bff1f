from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from truststores import services
from truststores.forms import TrustStoreForm


class Command(BaseCommand):
    help = "Create a trust store (anonymous, with an empty certificate list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="1–64 letters, digits, spaces, '.', '_' or '-'")
        parser.add_argument("--description", default="")

    def handle(self, *args, name: str, description: str, **options) -> None:
        # The page's form holds the naming rules; the command applies the very same ones.
        form = TrustStoreForm(data={"name": name, "description": description})
        if not form.is_valid():
            messages = [message for errors in form.errors.values() for message in errors]
            raise CommandError(" ".join(messages))
        try:
            store = services.truststore_create(name=form.cleaned_data["name"], description=description, actor=None)
        except (services.TrustStoreNameTaken, ValidationError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created trust store '{store.name}' (anonymous, no certificates).")
