"""`make run`'s demo administrator: created once, holding every role, reused afterwards."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from admin_console.roles import role_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("CONSOLE_ADMIN_PASSWORD", raising=False)
    return tmp_path


def test_creates_superuser_in_every_role_with_generated_password(var_dir, capsys):
    call_command("ensure_demo_admin")
    password = (var_dir / "admin-password").read_text().strip()
    assert f"Created demo administrator — user: admin  password: {password}" in capsys.readouterr().out
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert sorted(admin.groups.values_list("name", flat=True)) == sorted(role_names())
    assert (var_dir / "admin-password").stat().st_mode & 0o777 == 0o600


def test_second_run_reuses_the_user_and_password(var_dir, capsys):
    call_command("ensure_demo_admin")
    password = (var_dir / "admin-password").read_text().strip()
    capsys.readouterr()
    call_command("ensure_demo_admin")
    assert f"Reusing demo administrator — user: admin  password: {password}" in capsys.readouterr().out
    assert User.objects.filter(username="admin").count() == 1
    assert User.objects.get(username="admin").check_password(password)


def test_password_comes_from_the_environment_when_set(var_dir, monkeypatch, capsys):
    monkeypatch.setenv("CONSOLE_ADMIN_PASSWORD", "from-the-env-1")
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert "password: (from CONSOLE_ADMIN_PASSWORD)" in out and "from-the-env-1" not in out
    assert User.objects.get(username="admin").check_password("from-the-env-1")
    assert not (var_dir / "admin-password").exists()
    monkeypatch.setenv("CONSOLE_ADMIN_PASSWORD", "changed-later-2")
    call_command("ensure_demo_admin")
    assert User.objects.get(username="admin").check_password("changed-later-2")
