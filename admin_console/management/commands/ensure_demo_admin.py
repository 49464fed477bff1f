"""Create the demo superuser ``admin`` for `make run`, once; later runs reuse it."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from admin_console.audit import audit_record
from admin_console.env import read_or_create_secret
from admin_console.roles import role_names
from admin_console.services import role_grant

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo superuser 'admin' holding every role. Its password is "
        "CONSOLE_ADMIN_PASSWORD, else one generated once into var/admin-password."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        User = get_user_model()
        from_env = os.environ.get("CONSOLE_ADMIN_PASSWORD", "").strip()
        password_file = settings.VAR_DIR / "admin-password"
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            password = from_env or read_or_create_secret(password_file, lambda: secrets.token_urlsafe(12))
            user = User.objects.create_superuser(USERNAME, email="", password=password)
            audit_record(actor=None, action="user.create", target=user, summary="Created demo superuser admin")
            verb = "Created"
        else:
            if from_env and not user.check_password(from_env):
                user.set_password(from_env)
                user.save(update_fields=["password"])
                audit_record(actor=None, action="user.change", target=user, summary="Set admin's password from CONSOLE_ADMIN_PASSWORD")
            verb = "Reusing"
        for role in role_names():
            role_grant(user=user, role=role, actor=None)

        if from_env:
            shown = "(from CONSOLE_ADMIN_PASSWORD)"
        elif password_file.exists():
            shown = password_file.read_text().strip()
        else:
            shown = "(unchanged; set CONSOLE_ADMIN_PASSWORD to replace it)"
        self.stdout.write(f"{verb} demo administrator — user: {USERNAME}  password: {shown}")
