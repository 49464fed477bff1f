"""The trust-store management commands, as an operator runs them: what they print, what they store."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.core.management.base import CommandError

from admin_console.models import AuditEvent
from tests import factories
from truststores.models import Certificate, TrustStore
from truststores.x509 import colon_hex

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    """Run a command; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str, str]:
    """Run a command expected to raise CommandError; return (error, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=out, stderr=err)
    return info.value, out.getvalue(), err.getvalue()


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def sha256_start(der: bytes) -> str:
    """The fingerprint start the import message shows, e.g. "AB:CD"."""
    return colon_hex(hashlib.sha256(der).digest())[:5]


# --- create_truststore ---------------------------------------------------------------------------


def test_create_truststore_creates_the_store_and_says_so():
    out, _ = run("create_truststore", "github api")

    assert out == "Created trust store 'github api' (anonymous, no certificates).\n"
    store = TrustStore.objects.get()
    assert store.name == "github api"
    assert store.description == ""
    assert store.certificates.count() == 0


def test_create_truststore_writes_an_audit_event():
    run("create_truststore", "github api")

    event = AuditEvent.objects.get(action="truststore.create")
    store = TrustStore.objects.get()
    assert event.summary == "Created trust store 'github api'"
    assert event.object_id == str(store.pk)
    assert event.actor is None
    assert event.actor_name.startswith("command line")


def test_create_truststore_stores_the_description():
    run("create_truststore", "github api", "--description", "Calls to api.github.com")

    assert TrustStore.objects.get().description == "Calls to api.github.com"


def test_create_truststore_refuses_a_name_differing_only_in_case():
    run("create_truststore", "github api")

    error, out, _ = run_failing("create_truststore", "GitHub API")

    assert "A trust store named 'github api' already exists (names are compared ignoring case)." in str(error)
    assert out == ""
    assert list(TrustStore.objects.values_list("name", flat=True)) == ["github api"]


def test_create_truststore_names_every_rule_a_name_breaks():
    error, _, _ = run_failing("create_truststore", "a/" * 40)

    message = str(error)
    assert "The name is 80 characters long; at most 64 are allowed." in message
    assert "may hold only letters" in message
    assert "'/'" in message
    assert not TrustStore.objects.exists()


# --- delete_truststore ---------------------------------------------------------------------------


def test_delete_truststore_deletes_the_store_and_its_certificates():
    store = factories.make_store(with_certificate=True)
    assert Certificate.objects.filter(store=store).count() == 1

    out, _ = run("delete_truststore", "GITHUB API")

    assert out == "Deleted trust store 'github api'.\n"
    assert not TrustStore.objects.exists()
    assert not Certificate.objects.exists()
    assert AuditEvent.objects.get(action="truststore.delete").summary == (
        "Deleted trust store 'github api' with 1 certificate"
    )


def test_delete_truststore_names_the_existing_stores_when_the_name_is_unknown():
    factories.make_store("github api")
    factories.make_store("payments")

    error, _, _ = run_failing("delete_truststore", "x")

    assert str(error) == "No trust store named 'x'. Stores: 'github api', 'payments'."
    assert TrustStore.objects.count() == 2


# --- list_truststores ----------------------------------------------------------------------------


def test_list_truststores_says_when_there_are_none():
    out, _ = run("list_truststores")

    assert out.startswith("No trust stores")


def test_list_truststores_shows_the_certificate_count(tmp_path):
    run("create_truststore", "github api")
    run("create_truststore", "empty one")
    run("import_certificates", "github api", write(tmp_path / "ca.pem", factories.ca_pem()))
    not_after = Certificate.objects.get().not_after

    lines = run("list_truststores")[0].splitlines()

    assert lines[0].split() == ["NAME", "CERTIFICATES", "OWN", "CERTIFICATE", "EARLIEST", "EXPIRY", "DESTINATIONS"]
    rows = {line[:10].strip(): line[10:].split() for line in lines[1:]}
    assert rows == {
        "empty one": ["0", "Anonymous", "-", "0"],
        "github api": ["1", "Anonymous", f"{not_after:%Y-%m-%d}", "0"],
    }


# --- import_certificates -------------------------------------------------------------------------


def test_import_a_der_file(tmp_path):
    store = factories.make_store()
    der = factories.pem_to_der(factories.ca_pem())
    path = write(tmp_path / "ca.cer", der)

    out, err = run("import_certificates", "github api", path)

    assert out == f"{path}: Imported 1 certificate.\n"
    assert err == ""
    certificate = Certificate.objects.get(store=store)
    assert bytes(certificate.der) == der
    assert certificate.source == f"file {path}"
    assert "O=Trust Console Test CA" in certificate.subject  # trustme's CA has no CN
    event = AuditEvent.objects.get(action="certificate.import")
    assert event.summary == f"Imported 1 certificate into 'github api' from file {path}"


# A few roots in certifi's bundle carry a non-positive serial; cryptography warns about each.
@pytest.mark.filterwarnings("ignore:Parsed a serial number which wasn't positive")
def test_import_the_certifi_bundle(tmp_path):
    store = factories.make_store()
    bundle = Path(certifi.where()).read_bytes()
    expected = bundle.count(b"-----BEGIN CERTIFICATE-----")
    assert expected > 100

    out, err = run("import_certificates", "github api", certifi.where())

    assert store.certificates.count() == expected
    assert out.splitlines()[0] == f"{certifi.where()}: Imported {expected} certificates."
    assert err == ""


def test_import_from_standard_input(monkeypatch):
    store = factories.make_store()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": io.BytesIO(factories.ca_pem())})())

    out, _ = run("import_certificates", "github api", "-")

    assert out == "standard input: Imported 1 certificate.\n"
    assert store.certificates.get().source == "standard input"


def test_a_second_import_of_the_same_file_skips_it_and_changes_nothing(tmp_path):
    store = factories.make_store()
    path = write(tmp_path / "ca.pem", factories.ca_pem())
    run("import_certificates", "github api", path)
    store.refresh_from_db()
    version = store.content_version
    events = AuditEvent.objects.count()

    out, _ = run("import_certificates", "github api", path)

    start = sha256_start(factories.pem_to_der(factories.ca_pem()))
    assert out == f"{path}: Imported 0 certificates; skipped 1 already in this store (SHA-256 {start}…).\n"
    assert store.certificates.count() == 1
    store.refresh_from_db()
    assert store.content_version == version
    assert AuditEvent.objects.count() == events


def test_content_version_rises_by_one_per_import_that_adds_something(tmp_path):
    store = factories.make_store()
    first = store.content_version
    one = write(tmp_path / "one.pem", factories.to_pem(factories.self_signed("One CA")))
    two = write(tmp_path / "two.pem", factories.to_pem(factories.self_signed("Two CA")))

    run("import_certificates", "github api", one)
    store.refresh_from_db()
    assert store.content_version == first + 1

    run("import_certificates", "github api", one, two)  # one is skipped, two adds
    store.refresh_from_db()
    assert store.content_version == first + 2


def test_a_refused_private_key_among_good_files(tmp_path):
    store = factories.make_store()
    key_pem = factories.test_ca().issue_cert("x").private_key_pem.bytes()
    key_body = b"".join(line for line in key_pem.splitlines() if not line.startswith(b"-----")).decode()
    good_one = write(tmp_path / "one.pem", factories.to_pem(factories.self_signed("One CA")))
    key = write(tmp_path / "server.key", key_pem)
    good_two = write(tmp_path / "ca.pem", factories.ca_pem())

    error, out, err = run_failing("import_certificates", "github api", good_one, key, good_two)

    assert str(error) == "1 of 3 files refused; the others were imported."
    assert f"{key}: refused:" in err
    assert "a trust store holds public certificates only" in err
    assert out.splitlines() == [f"{good_one}: Imported 1 certificate.", f"{good_two}: Imported 1 certificate."]
    assert sorted(store.certificates.values_list("sha256", flat=True)) == sorted(
        hashlib.sha256(factories.pem_to_der(Path(path).read_bytes())).hexdigest().upper()
        for path in (good_one, good_two)
    )
    # The key is neither echoed, audited nor stored; check a line of it and the whole body.
    fragment = key_body[10:60]
    for text in (out, err, str(error)):
        assert fragment not in text and key_body not in text
    for summary in AuditEvent.objects.values_list("summary", flat=True):
        assert fragment not in summary
    for row in Certificate.objects.values():
        for value in row.values():
            if isinstance(value, (bytes, memoryview)):
                assert key_pem not in bytes(value) and fragment.encode() not in bytes(value)
            else:
                assert fragment not in str(value)


def test_a_missing_file_is_refused_by_name(tmp_path):
    factories.make_store()
    missing = str(tmp_path / "nope.pem")

    error, _, err = run_failing("import_certificates", "github api", missing)

    assert err == f"{missing}: refused: No such file.\n"
    assert str(error) == "The file was refused; nothing was imported."
    assert not Certificate.objects.exists()


def test_five_files_show_a_progress_bar(tmp_path):
    store = factories.make_store()
    paths = [
        write(tmp_path / f"ca{number}.pem", factories.to_pem(factories.self_signed(f"CA {number}")))
        for number in range(5)
    ]

    out, err = run("import_certificates", "github api", *paths)

    assert store.certificates.count() == 5
    assert len(out.splitlines()) == 5
    assert "1/5 files" in err
    assert err.endswith(f"[{'#' * 30}] 5/5 files\n")


def test_four_files_show_no_progress_bar(tmp_path):
    factories.make_store()
    paths = [
        write(tmp_path / f"ca{number}.pem", factories.to_pem(factories.self_signed(f"CA {number}")))
        for number in range(4)
    ]

    _, err = run("import_certificates", "github api", *paths)

    assert err == ""


def test_a_file_over_the_upload_limit_is_refused(tmp_path, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 2048
    factories.make_store()
    bundle = b"".join(factories.to_pem(factories.self_signed(f"CA {number}")) for number in range(6))
    assert len(bundle) > 2048
    path = write(tmp_path / "big.pem", bundle)

    error, out, err = run_failing("import_certificates", "github api", path)

    assert err == f"{path}: refused: Larger than the 2 KiB limit (CONSOLE_UPLOAD_MAX_BYTES).\n"
    assert out == ""
    assert not Certificate.objects.exists()


def test_importing_into_an_unknown_store_imports_nothing(tmp_path):
    path = write(tmp_path / "ca.pem", factories.ca_pem())

    error, _, _ = run_failing("import_certificates", "nosuchstore", path)

    assert str(error) == "No trust store named 'nosuchstore'. Stores: none yet."
    assert not Certificate.objects.exists()


# --- list_certificates ---------------------------------------------------------------------------


def _store_with_expiries(tmp_path) -> TrustStore:
    store = factories.make_store()
    now = dt.datetime.now(dt.timezone.utc)
    expired = factories.self_signed("Expired CA", not_before=now - dt.timedelta(days=400), days=30)
    soon = factories.self_signed("Soon CA", days=10)
    fine = factories.self_signed("Fine CA", days=365)
    paths = [write(tmp_path / f"{n}.pem", factories.to_pem(c)) for n, c in enumerate((expired, soon, fine))]
    run("import_certificates", "github api", *paths)
    return store


def test_list_certificates_lists_every_certificate(tmp_path):
    _store_with_expiries(tmp_path)

    lines = run("list_certificates", "github api")[0].splitlines()

    assert lines[0].startswith("VALID UNTIL")
    assert [line.split()[-2] for line in lines[1:]] == ["Expired", "Soon", "Fine"]  # ordered by expiry


def test_list_certificates_expiring_keeps_expired_and_soon_expiring(tmp_path):
    _store_with_expiries(tmp_path)

    out, _ = run("list_certificates", "github api", "--expiring", "30")

    assert "Expired CA" in out
    assert "Soon CA" in out
    assert "Fine CA" not in out
    assert len(out.splitlines()) == 3


def test_list_certificates_expiring_says_when_none_do():
    factories.make_store(with_certificate=True)  # trustme's CA is valid for years

    out, _ = run("list_certificates", "github api", "--expiring", "30")

    assert out == "No certificate expires within 30 days.\n"


def test_list_certificates_of_an_empty_store():
    factories.make_store()

    assert run("list_certificates", "github api")[0] == "No certificates.\n"


# --- export_truststore ---------------------------------------------------------------------------


def test_export_truststore_writes_a_pem_bundle_to_stdout(tmp_path):
    store = factories.make_store(with_certificate=True)
    other = write(tmp_path / "other.pem", factories.to_pem(factories.self_signed("Other CA")))
    run("import_certificates", "github api", other)

    out, _ = run("export_truststore", "github api")

    exported = x509.load_pem_x509_certificates(out.encode())
    assert len(exported) == store.certificates.count() == 2
    assert sorted(bytes(c.der) for c in store.certificates.all()) == sorted(
        c.public_bytes(serialization.Encoding.DER) for c in exported
    )


def test_export_truststore_to_a_file(tmp_path):
    factories.make_store(with_certificate=True)
    target = tmp_path / "bundle.pem"

    out, err = run("export_truststore", "github api", "-o", str(target))

    assert out == ""
    assert err.startswith("Wrote 1 certificate") and err.endswith(f" to {target}.\n")
    exported = x509.load_pem_x509_certificates(target.read_bytes())
    assert [c.subject.rfc4514_string() for c in exported] == [
        x509.load_pem_x509_certificate(factories.ca_pem()).subject.rfc4514_string()
    ]


# --- exit codes, as a shell sees them ------------------------------------------------------------


def test_an_unknown_store_exits_1_with_one_line_on_stderr(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["CONSOLE_DATA_DIR"] = str(tmp_path)  # a fresh SQLite database, not the test database
    manage = [sys.executable, "manage.py"]
    options = {"cwd": PROJECT_ROOT, "env": env, "capture_output": True, "text": True, "timeout": 60}
    migrated = subprocess.run([*manage, "migrate", "-v", "0"], **options)
    assert migrated.returncode == 0, migrated.stderr

    result = subprocess.run([*manage, "import_certificates", "nosuchstore", "x.pem"], **options)

    assert result.returncode == 1
    assert result.stderr.splitlines() == ["CommandError: No trust store named 'nosuchstore'. Stores: none yet."]
    assert result.stdout == ""


def test_terminal_output_neutralises_control_characters_in_certificate_names(tmp_path):
    store = factories.make_store()
    hostile = factories.self_signed("Evil\x1b[2J CA\nforged line")
    path = write(tmp_path / "evil.pem", factories.to_pem(hostile))

    out, _ = run("import_certificates", "github api", path)
    listing, _ = run("list_certificates", "github api")

    assert store.certificates.count() == 1
    for text in (out, listing):
        assert "\x1b" not in text and "\nforged line" not in text
    assert "Evil?[2J CA?forged line" in listing
