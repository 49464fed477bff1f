"""Every write on HTTP destinations. Each is atomic and audited; none logs a password."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from admin_console.audit import audit_record
from destinations import xshttpdest
from destinations.models import HttpDestination
from truststores.models import TrustStore

# Fields that belong to the file; the runtime ones (store, credentials) are set apart.
FILE_FIELDS = [key.attr for key in xshttpdest.KEYS.values()]


class DestinationExists(Exception):
    pass


def _changed_fields(destination: HttpDestination, values: dict) -> list[str]:
    return [attr for attr, value in values.items() if getattr(destination, attr) != value]


@transaction.atomic
def destination_create(
    *, package: str, name: str, values: dict, actor: AbstractBaseUser | None
) -> HttpDestination:
    """Create a destination from validated file values (``xshttpdest.destination_values``)."""
    if HttpDestination.objects.filter(package=package, name=name).exists():
        raise DestinationExists(f"A destination {package}:{name} already exists.")
    destination = HttpDestination.objects.create(package=package, name=name, **values)
    audit_record(
        actor=actor,
        action="destination.create",
        target=destination,
        summary=f"Created destination {destination} ({destination.host}:{destination.port})",
    )
    return destination


@transaction.atomic
def destination_update(*, destination: HttpDestination, values: dict, actor: AbstractBaseUser | None) -> list[str]:
    """Apply file values; the runtime settings stay. Returns the names of the fields changed."""
    changed = _changed_fields(destination, values)
    if not changed:
        return []
    for attr in changed:
        setattr(destination, attr, values[attr])
    destination.save()
    audit_record(
        actor=actor, action="destination.change", target=destination,
        summary=f"Changed destination {destination}: {', '.join(changed)}",
    )
    return changed


@transaction.atomic
def destination_set_credentials(
    *, destination: HttpDestination, user: str, password: str | None, actor: AbstractBaseUser | None
) -> None:
    """Set the basic-auth user; ``password`` None keeps the stored one, "" clears it."""
    parts = []
    if user != destination.basic_user:
        destination.basic_user = user
        parts.append(f"user set to '{user}'" if user else "user cleared")
    if password is not None:
        destination.set_password(password)
        parts.append("password replaced" if password else "password cleared")
    if not parts:
        return
    destination.save(update_fields=["basic_user", "basic_password_encrypted", "updated"])
    audit_record(
        actor=actor, action="destination.credentials", target=destination,
        summary=f"Credentials of {destination}: {', '.join(parts)}",
    )


@transaction.atomic
def destination_bind(
    *, destination: HttpDestination, store: TrustStore | None, actor: AbstractBaseUser | None
) -> bool:
    """Bind ``store`` (None unbinds). False when nothing changed."""
    if destination.truststore_id == (store.pk if store else None):
        return False
    previous = destination.truststore
    destination.truststore = store
    destination.save(update_fields=["truststore", "updated"])
    if store is None:
        summary = f"Unbound trust store '{previous}' from {destination}"
    else:
        summary = f"Bound trust store '{store}' to {destination}" + (f" (was '{previous}')" if previous else "")
    audit_record(actor=actor, action="destination.bind", target=destination, summary=summary)
    return True


@transaction.atomic
def destination_delete(*, destination: HttpDestination, actor: AbstractBaseUser | None) -> None:
    audit_record(actor=actor, action="destination.delete", target=destination, summary=f"Deleted destination {destination}")
    destination.delete()


def destination_export(destination: HttpDestination) -> str:
    """The destination as an .xshttpdest file: the file's keys only, never the credentials."""
    return xshttpdest.dump({attr: getattr(destination, attr) for attr in FILE_FIELDS if attr != "use_proxy"})


# --- import ---------------------------------------------------------------


@dataclass
class ImportFile:
    """One file to import: where it came from, its text, and its (package, name)."""

    label: str  # shown in messages: the file name or path
    text: str
    package: str | None
    name: str


@dataclass
class ImportProblem:
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


def _position(parsed: xshttpdest.ParsedFile, attr: str) -> str:
    line, column = parsed.positions.get(attr, (1, 1))
    return f"line {line}, column {column}: "


def check_import_file(item: ImportFile) -> tuple[dict | None, list[ImportProblem], list[ImportProblem]]:
    """Parse and validate one file: (values or None, problems, warnings), each with line and column.

    A host that is a string but no host name (a "<TODO: ...>" placeholder in a real file)
    is a warning: the file imports and the destination page says what to fix.
    """
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    if not item.package:
        problems.append(ImportProblem(item.label, "no package: give one (e.g. debugging.github) or import from a folder path"))
    else:
        message = xshttpdest.validate_package(item.package)
        if message:
            problems.append(ImportProblem(item.label, message))
    message = xshttpdest.validate_name(item.name)
    if message:
        problems.append(ImportProblem(item.label, f"the file name gives the destination's name: {message}"))
    try:
        parsed = xshttpdest.parse(item.text)
    except xshttpdest.XsHttpDestError as error:
        return None, problems + [ImportProblem(item.label, str(error))], warnings
    values = xshttpdest.destination_values(parsed)
    for problem in xshttpdest.validate(values):
        found = ImportProblem(item.label, _position(parsed, problem.attr) + problem.message)
        (warnings if problem.code == "host_syntax" else problems).append(found)
    return (values if not problems else None), problems, warnings


@dataclass
class ImportOutcome:
    created: list[HttpDestination] = field(default_factory=list)
    updated: list[HttpDestination] = field(default_factory=list)
    unchanged: list[HttpDestination] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)


@transaction.atomic
def destinations_import(
    *, files: list[ImportFile], replace: bool, actor: AbstractBaseUser | None
) -> ImportOutcome | list[ImportProblem]:
    """Import every file or none: any problem in any file refuses the whole import.

    An existing (package, name) is refused unless ``replace``; replacing keeps the bound
    store and credentials.
    """
    checked: list[tuple[ImportFile, dict]] = []
    problems: list[ImportProblem] = []
    seen: dict[tuple[str, str], str] = {}
    warnings: list[ImportProblem] = []
    for item in files:
        values, found, cautions = check_import_file(item)
        problems += found
        warnings += cautions
        if values is None:
            continue
        key = (item.package, item.name)
        if key in seen:
            problems.append(ImportProblem(item.label, f"{item.package}:{item.name} also comes from {seen[key]}"))
            continue
        seen[key] = item.label
        if not replace and HttpDestination.objects.filter(package=item.package, name=item.name).exists():
            problems.append(
                ImportProblem(item.label, f"destination {item.package}:{item.name} already exists (choose to replace it)")
            )
            continue
        checked.append((item, values))
    if problems:
        return problems
    outcome = ImportOutcome(warnings=warnings)
    for item, values in checked:
        existing = HttpDestination.objects.filter(package=item.package, name=item.name).first()
        if existing is None:
            outcome.created.append(destination_create(package=item.package, name=item.name, values=values, actor=actor))
        elif destination_update(destination=existing, values=values, actor=actor):
            outcome.updated.append(existing)
        else:
            outcome.unchanged.append(existing)
    return outcome
