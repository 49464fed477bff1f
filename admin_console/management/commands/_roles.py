"""What grant_role and revoke_role share: finding the user and the role, with one-line errors."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from admin_console.roles import find_role, role_names


def add_user_role_arguments(parser: CommandParser) -> None:
    parser.add_argument("user", help="user name")
    parser.add_argument("role", help=f"one of: {', '.join(role_names())}")


def resolve_user_role(username: str, role_name: str):
    role = find_role(role_name)
    if role is None:
        raise CommandError(f"Unknown role {role_name!r}. Roles: {', '.join(role_names())}.")
    User = get_user_model()
    try:
        user = User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise CommandError(
            f"No user named {username!r}. Create one with 'manage.py createsuperuser' or in /django-admin/."
        ) from None
    return user, role
