from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from destinations import services
from destinations.xshttpdest import split_path


class Command(BaseCommand):
    help = (
        "Import .xshttpdest files, all or nothing. A FILE's package comes from its path (a/b/c/name.xshttpdest "
        "→ package a.b.c, name name); a DIRECTORY is a package root, its files' folders give their packages. "
        "--package gives one package to every file. Exits 1, importing nothing, when any file has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--package", help="package of every file, e.g. debugging.github")
        parser.add_argument("--replace", action="store_true", help="replace existing destinations (store and credentials stay)")

    def _files(self, paths: list[str], package: str | None) -> list[services.ImportFile]:
        found: list[tuple[Path, str]] = []  # (file, path its package is derived from)
        for argument in paths:
            path = Path(argument)
            if path.is_dir():
                found += [(file, file.relative_to(path).as_posix()) for file in sorted(path.rglob("*.xshttpdest"))]
            elif path.is_file():
                found.append((path, argument))
            else:
                raise CommandError(f"{argument}: no such file or directory.")
        if not found:
            raise CommandError("No .xshttpdest files found.")
        files = []
        for file, relative in found:
            derived_package, name = split_path(relative)
            try:
                text = file.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                text = "\0"  # refused by the parser with a position, like any other bad file
            files.append(services.ImportFile(str(file), text, package or derived_package, name))
        return files

    def handle(self, *args, paths: list[str], package: str | None, replace: bool, **options) -> None:
        files = self._files(paths, package)
        outcome = services.destinations_import(files=files, replace=replace, actor=None)
        if isinstance(outcome, list):
            for problem in outcome:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(outcome)} problem{'s' if len(outcome) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}.")
        for destination in outcome.created:
            self.stdout.write(f"created  {destination}  ({destination.host}:{destination.port})")
        for destination in outcome.updated:
            self.stdout.write(f"replaced {destination}  ({destination.host}:{destination.port})")
        for destination in outcome.unchanged:
            self.stdout.write(f"unchanged {destination}")
        for warning in outcome.warnings:
            self.stdout.write(f"warning: {warning} — imported as written; fix the host before calling it.")
