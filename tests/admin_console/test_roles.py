"""The four roles, their permissions, and the grant_role / revoke_role commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from admin_console.models import AuditEvent
from admin_console.roles import roles_granting, roles_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_migration_creates_the_four_roles_with_derived_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "TrustStoreViewer",
        "TrustStoreAdministrator",
        "HTTPDestViewer",
        "HTTPDestAdministrator",
    }
    assert _codenames("TrustStoreViewer") == {"view_truststore", "view_certificate", "view_owncertificate", "view_auditevent"}
    assert {"add_truststore", "delete_truststore", "add_certificate", "delete_certificate"} <= _codenames("TrustStoreAdministrator")
    assert "add_httpdestination" not in _codenames("TrustStoreAdministrator")
    assert _codenames("HTTPDestViewer") == {"view_httpdestination", "view_auditevent"}
    assert {"add_httpdestination", "delete_httpdestination"} <= _codenames("HTTPDestAdministrator")


def test_roles_granting_lists_the_viewer_before_the_administrator():
    assert roles_granting("truststores.view_truststore") == ["TrustStoreViewer", "TrustStoreAdministrator"]
    assert roles_granting("destinations.delete_httpdestination") == ["HTTPDestAdministrator"]


def test_superuser_holds_every_role(make_user):
    assert roles_of(make_user("root", superuser=True)) == [
        "TrustStoreViewer",
        "TrustStoreAdministrator",
        "HTTPDestViewer",
        "HTTPDestAdministrator",
    ]


def test_grant_role_adds_the_group_and_audits(make_user, capsys):
    user = make_user("alice")
    call_command("grant_role", "alice", "TrustStoreAdministrator")
    assert "Granted TrustStoreAdministrator to alice." in capsys.readouterr().out
    assert user.has_perm("truststores.add_truststore")
    event = AuditEvent.objects.get(action="role.grant")
    assert event.summary == "Granted role TrustStoreAdministrator to alice"
    assert event.actor_name.startswith("command line")


def test_grant_role_matches_role_names_case_insensitively(make_user):
    user = make_user("alice")
    call_command("grant_role", "alice", "httpdestviewer")
    assert roles_of(user) == ["HTTPDestViewer"]


def test_granting_a_held_role_changes_nothing(make_user, capsys):
    make_user("alice", ["HTTPDestViewer"])
    call_command("grant_role", "alice", "HTTPDestViewer")
    assert "already holds HTTPDestViewer; nothing changed" in capsys.readouterr().out
    assert not AuditEvent.objects.exists()


def test_revoke_role_removes_the_group_and_audits(make_user, capsys):
    user = make_user("alice", ["HTTPDestViewer", "TrustStoreViewer"])
    call_command("revoke_role", "alice", "HTTPDestViewer")
    assert "Revoked HTTPDestViewer from alice." in capsys.readouterr().out
    assert roles_of(user) == ["TrustStoreViewer"]
    assert AuditEvent.objects.get(action="role.revoke").summary == "Revoked role HTTPDestViewer from alice"


def test_revoking_an_unheld_role_changes_nothing(make_user, capsys):
    make_user("alice")
    call_command("revoke_role", "alice", "HTTPDestViewer")
    assert "does not hold HTTPDestViewer; nothing changed" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["grant_role", "revoke_role"])
def test_unknown_user_is_a_clear_error(command, make_user):
    with pytest.raises(CommandError, match=r"^No user named 'ghost'\. Create one with"):
        call_command(command, "ghost", "TrustStoreViewer")


@pytest.mark.parametrize("command", ["grant_role", "revoke_role"])
def test_unknown_role_is_a_clear_error_listing_the_roles(command, make_user):
    make_user("alice")
    with pytest.raises(CommandError, match=r"^Unknown role 'Auditor'\. Roles: TrustStoreViewer, TrustStoreAdministrator"):
        call_command(command, "alice", "Auditor")


def test_unknown_role_exits_non_zero_with_one_line(tmp_path):
    env = {**os.environ, "CONSOLE_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "grant_role", "alice", "Auditor"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: Unknown role 'Auditor'. Roles: TrustStoreViewer, TrustStoreAdministrator, "
        "HTTPDestViewer, HTTPDestAdministrator."
    ]
