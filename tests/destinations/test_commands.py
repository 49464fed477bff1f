"""import_xshttpdest, export_xshttpdest, list_destinations, bind_truststore."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from admin_console.models import AuditEvent
from destinations.models import HttpDestination
from tests.factories import make_destination, make_store

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent / "corpus"
GENUINE = sorted(
    path for path in CORPUS.glob("*.xshttpdest")
    if not path.name.startswith("SAP-archive__xsk") and "CDL_DESTINATION_PAS" not in path.name
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_path_gives_package_and_name(tmp_path, monkeypatch):
    folder = tmp_path / "debugging" / "github"
    folder.mkdir(parents=True)
    (folder / "github.xshttpdest").write_text('host = "api.github.com";\nport = 443;\nuseSSL = true;')
    monkeypatch.chdir(tmp_path)
    out, _ = run("import_xshttpdest", "debugging/github/github.xshttpdest")
    assert out == "created  debugging.github:github  (api.github.com:443)\n"
    assert AuditEvent.objects.get(action="destination.create")


def test_a_directory_of_the_whole_corpus_imports_every_genuine_file(tmp_path):
    root = tmp_path / "repo"
    for number, path in enumerate(GENUINE):
        target = root / "corpus" / f"p{number}" / path.name.replace("-", "_").replace(".", "_", path.name.count(".") - 1)
        target.parent.mkdir(parents=True)
        shutil.copyfile(path, target)
    out, _ = run("import_xshttpdest", str(root))
    assert HttpDestination.objects.count() == len(GENUINE) >= 40
    assert set(HttpDestination.objects.values_list("package", flat=True)) == {f"corpus.p{n}" for n in range(len(GENUINE))}
    assert out.count("created") == len(GENUINE)


def test_refusals_import_nothing_and_name_line_and_column(tmp_path):
    good = tmp_path / "good.xshttpdest"
    good.write_text('host = "api.github.com";\nport = 443;\n')
    xsk = CORPUS / "SAP-archive__xsk__samples__api-net__demo__service.xshttpdest"
    bad = tmp_path / "xsk.xshttpdest"
    shutil.copyfile(xsk, bad)
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^Nothing imported: 1 problem in 2 files\.$"):
        call_command("import_xshttpdest", str(good), str(bad), "--package", "debugging.github", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{bad}: line 1, column 6: host takes a quoted string")
    assert not HttpDestination.objects.exists()


def test_a_file_without_folders_or_package_is_refused(tmp_path, monkeypatch):
    (tmp_path / "github.xshttpdest").write_text('host = "api.github.com";\nport = 443;\n')
    monkeypatch.chdir(tmp_path)  # the path holds no folders to derive a package from
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_xshttpdest", "github.xshttpdest", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("github.xshttpdest: no package: give one (e.g. debugging.github)")
    assert not HttpDestination.objects.exists()


def test_export_and_reimport_round_trip(tmp_path):
    make_destination(path_prefix="/pictures/search/?fo=json&q=", timeout=30000, saml_name_id=["email"])
    target = tmp_path / "github.xshttpdest"
    run("export_xshttpdest", "debugging.github", "github", "-o", str(target))
    HttpDestination.objects.all().delete()
    run("import_xshttpdest", str(target), "--package", "debugging.github")
    destination = HttpDestination.objects.get()
    assert (destination.path_prefix, destination.timeout, destination.saml_name_id) == ("/pictures/search/?fo=json&q=", 30000, ["email"])


def test_export_of_unknown_destination_is_a_clear_error():
    with pytest.raises(CommandError, match=r"^No destination a\.b:c\. List them with"):
        call_command("export_xshttpdest", "a.b", "c")


def test_list_destinations_shows_binding():
    make_destination(truststore=make_store())
    out, _ = run("list_destinations")
    assert out.splitlines()[1].split() == ["debugging.github:github", "api.github.com:443", "https", "github", "api"]


def test_bind_and_unbind(capsys):
    destination = make_destination()
    make_store("GitHub API")
    out, _ = run("bind_truststore", "debugging.github", "github", "github api")
    destination.refresh_from_db()
    assert destination.truststore.name == "GitHub API" and out == "Bound 'GitHub API' to debugging.github:github.\n"
    run("bind_truststore", "debugging.github", "github", "--none")
    destination.refresh_from_db()
    assert destination.truststore is None
    with pytest.raises(CommandError, match="Give either a STORE name or --none"):
        call_command("bind_truststore", "debugging.github", "github")
    with pytest.raises(CommandError, match=r"^No trust store named 'nope'"):
        call_command("bind_truststore", "debugging.github", "github", "nope")
