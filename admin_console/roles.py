"""The console's four roles and what each may do.

A role is a Django auth group. Its permissions are derived, not listed by
hand: a role holds the named actions on every model of the named apps, so a
model added later joins its roles as soon as it is migrated. Superusers hold
every role.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

VIEW = ("view",)
MANAGE = ("view", "add", "change", "delete")

# role -> {app label: actions on each of its models}
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "TrustStoreViewer": {"truststores": VIEW, "admin_console": VIEW},
    "TrustStoreAdministrator": {"truststores": MANAGE, "admin_console": VIEW},
    "HTTPDestViewer": {"destinations": VIEW, "admin_console": VIEW},
    "HTTPDestAdministrator": {"destinations": MANAGE, "admin_console": VIEW},
}

ROLE_DESCRIPTIONS = {
    "TrustStoreViewer": "see trust stores, certificates and own certificates; export public material",
    "TrustStoreAdministrator": "create and delete trust stores, import and remove certificates, manage own key pairs",
    "HTTPDestViewer": "see HTTP destinations and the trust stores bound to them",
    "HTTPDestAdministrator": "create, edit, import and delete destinations, bind stores, set credentials, test connections",
}


def role_names() -> list[str]:
    return list(ROLES)


def find_role(name: str) -> str | None:
    """The role's canonical name, matched case-insensitively, or None."""
    for role in ROLES:
        if role.lower() == name.strip().lower():
            return role
    return None


def roles_granting(permission: str) -> list[str]:
    """Roles holding ``app_label.action_model``, weakest first (viewer before administrator)."""
    app_label, _, codename = permission.partition(".")
    action = codename.split("_", 1)[0]
    granting = [role for role, grants in ROLES.items() if action in grants.get(app_label, ())]
    return sorted(granting, key=lambda role: len(ROLES[role].get(app_label, ())))


def roles_of(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The console roles a user holds, in the order of ``ROLES``."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return role_names()
    held = {group.name for group in user.groups.all()}
    return [role for role in ROLES if role in held]


def _permissions(apps, role: str) -> Iterable:
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, actions in ROLES[role].items():
        content_types = ContentType.objects.filter(app_label=app_label)
        codenames = [
            f"{action}_{model}" for model in content_types.values_list("model", flat=True) for action in actions
        ]
        yield from Permission.objects.filter(content_type__in=content_types, codename__in=codenames)


def sync_roles(apps=global_apps) -> None:
    """Create the role groups and give each exactly its derived permissions.

    Runs from the data migration and after every ``migrate`` (post_migrate),
    so permissions of models added later reach their roles.
    """
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(list(_permissions(apps, role)))
