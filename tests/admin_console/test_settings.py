"""Settings from the environment: typed readers, start-up errors naming the variable, --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from admin_console.env import env_bool, env_int, env_list, validate_fernet_keys

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "console.example.test",
    "CONSOLE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def _manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "CONSOLE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_reads_common_spellings(monkeypatch):
    for value, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("DEBUG", value)
        assert env_bool("DEBUG", default=not expected) is expected
    monkeypatch.setenv("DEBUG", "")
    assert env_bool("DEBUG", default=True) is True


def test_env_bool_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"^DEBUG must be a boolean .*got 'maybe'"):
        env_bool("DEBUG", default=True)


def test_env_int_checks_type_and_range(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="PORT must be a whole number; got 'eighty'"):
        env_int("PORT", 8000, minimum=1, maximum=65535)
    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="PORT must be between 1 and 65535; got 70000"):
        env_int("PORT", 8000, minimum=1, maximum=65535)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example,, ")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_fernet_keys_are_checked_one_by_one():
    good = Fernet.generate_key().decode()
    assert validate_fernet_keys("CONSOLE_ENCRYPTION_KEY", f"{good}, {good}") == [good, good]
    with pytest.raises(ImproperlyConfigured, match=r"CONSOLE_ENCRYPTION_KEY: key 2 is not a Fernet key"):
        validate_fernet_keys("CONSOLE_ENCRYPTION_KEY", f"{good},short")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "Configuration error: DEBUG must be a boolean"),
        ({"PORT": "99999"}, "Configuration error: PORT must be between 1 and 65535; got 99999."),
        ({"DATABASE_URL": "nosuchdb://x"}, "Configuration error: DATABASE_URL is not a database URL"),
        ({"CONSOLE_ENCRYPTION_KEY": "not-a-key"}, "Configuration error: CONSOLE_ENCRYPTION_KEY: key 1 is not a Fernet key"),
        ({"CONSOLE_OUTBOUND_DENY_NETWORKS": "169.254.0.0/16,bogus"}, "Configuration error: CONSOLE_OUTBOUND_DENY_NETWORKS: "),
        ({**PRODUCTION_ENV, "SECRET_KEY": ""}, "Configuration error: SECRET_KEY must be set when DEBUG=0"),
        ({**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}, "Configuration error: ALLOWED_HOSTS must be set when DEBUG=0"),
        ({**PRODUCTION_ENV, "CONSOLE_ENCRYPTION_KEY": ""}, "Configuration error: CONSOLE_ENCRYPTION_KEY must be set when DEBUG=0"),
    ],
    ids=["debug", "port", "database-url", "encryption-key", "deny-networks", "prod-secret", "prod-hosts", "prod-encryption"],
)
def test_bad_setting_stops_start_up_naming_the_variable(env, message, tmp_path):
    result = _manage("check", tmp_path=tmp_path, **env)
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_development_needs_no_variables_and_keeps_its_generated_secrets(tmp_path):
    env = {"DATABASE_URL": "", "CONSOLE_ENCRYPTION_KEY": "", "PORT": ""}
    assert _manage("check", tmp_path=tmp_path, **env).returncode == 0
    secret = (tmp_path / "secret_key").read_text()
    key = (tmp_path / "encryption.key").read_text()
    assert _manage("check", tmp_path=tmp_path, **env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret and (tmp_path / "encryption.key").read_text() == key


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
