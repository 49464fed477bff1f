"""Superusers manage users and role membership in Django's admin site; changes are audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from admin_console.models import AuditEvent

pytestmark = pytest.mark.django_db


def _change_form_data(user: User, groups: list[Group]) -> dict:
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }


def test_admin_site_is_mounted_for_superusers(client_for):
    response = client_for(superuser=True).get("/django-admin/auth/user/")
    assert response.status_code == 200


def test_role_holder_who_is_not_staff_is_sent_to_the_admin_login(client_for):
    response = client_for("TrustStoreAdministrator").get("/django-admin/auth/user/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]


def test_role_changes_in_the_admin_are_audited_with_the_actor(client_for, make_user):
    client = client_for(superuser=True)
    bob = make_user("bob", ["HTTPDestViewer"])
    trust_admin = Group.objects.get(name="TrustStoreAdministrator")
    response = client.post(f"/django-admin/auth/user/{bob.pk}/change/", _change_form_data(bob, [trust_admin]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(bob.groups.values_list("name", flat=True)) == ["TrustStoreAdministrator"]
    summaries = set(AuditEvent.objects.filter(action__startswith="role.").values_list("actor_name", "summary"))
    assert summaries == {
        ("root", "Granted role TrustStoreAdministrator to bob"),
        ("root", "Revoked role HTTPDestViewer from bob"),
    }
    assert AuditEvent.objects.filter(action="user.change", object_repr="bob").exists()


def test_user_deletion_in_the_admin_is_audited(client_for, make_user):
    client = client_for(superuser=True)
    bob = make_user("bob")
    response = client.post(f"/django-admin/auth/user/{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="user.delete").summary == "Deleted user bob"
