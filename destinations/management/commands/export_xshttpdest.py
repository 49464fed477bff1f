from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from destinations import services
from destinations.management.commands._common import destination_named


class Command(BaseCommand):
    help = "Write a destination as an .xshttpdest file (never its credentials)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("package")
        parser.add_argument("name")
        parser.add_argument("-o", "--output", metavar="FILE")

    def handle(self, *args, package: str, name: str, output: str | None, **options) -> None:
        text = services.destination_export(destination_named(package, name))
        if output:
            Path(output).write_text(text)
            self.stderr.write(f"Wrote {output}.", style_func=str)
        else:
            self.stdout.write(text, ending="")
