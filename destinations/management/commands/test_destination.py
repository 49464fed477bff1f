from django.core.management.base import BaseCommand, CommandError, CommandParser

from destinations.connection import destination_test
from destinations.management.commands._common import destination_named


class Command(BaseCommand):
    help = (
        "Call a destination as application code would and explain the outcome. Exit 0: an HTTP response came "
        "back over verified TLS; 2: a trust failure; 3: a connection failure; 1: anything else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("package")
        parser.add_argument("name")
        parser.add_argument("--path", default="", help="request path after pathPrefix")

    def handle(self, *args, package: str, name: str, path: str, **options) -> None:
        result = destination_test(destination=destination_named(package, name), path=path, actor=None)
        for entry in result.chain:
            marks = " [anchor: in the trust store]" if entry.anchor else (" [in the trust store]" if entry.in_store else "")
            self.stdout.write(f"  {entry.subject}  (SHA-256 {entry.sha256[:23]}…){marks}")
        if result.ok:
            self.stdout.write(f"Success: {result.summary}. {result.next_step}".rstrip())
            return
        message = result.summary + (f"\nNext step: {result.next_step}" if result.next_step else "")
        raise CommandError(message, returncode=result.exit_code)
