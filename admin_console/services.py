"""Writes on users' roles. Each is atomic and audited."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from admin_console.audit import audit_record


@transaction.atomic
def role_grant(*, user: AbstractBaseUser, role: str, actor: AbstractBaseUser | None) -> bool:
    """Add ``user`` to ``role``; False when they already held it (nothing recorded)."""
    group = Group.objects.get(name=role)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    record_role_change(actor=actor, user=user, role=role, granted=True)
    return True


@transaction.atomic
def role_revoke(*, user: AbstractBaseUser, role: str, actor: AbstractBaseUser | None) -> bool:
    """Remove ``user`` from ``role``; False when they did not hold it."""
    group = Group.objects.get(name=role)
    if not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    record_role_change(actor=actor, user=user, role=role, granted=False)
    return True


def record_role_change(*, actor: AbstractBaseUser | None, user: AbstractBaseUser, role: str, granted: bool) -> None:
    """Audit a grant or revocation, made here or by the admin site's user form."""
    name = user.get_username()
    if granted:
        audit_record(actor=actor, action="role.grant", target=user, summary=f"Granted role {role} to {name}")
    else:
        audit_record(actor=actor, action="role.revoke", target=user, summary=f"Revoked role {role} from {name}")
