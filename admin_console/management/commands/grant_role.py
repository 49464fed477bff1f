from django.core.management.base import BaseCommand, CommandParser

from admin_console.management.commands._roles import add_user_role_arguments, resolve_user_role
from admin_console.services import role_grant


class Command(BaseCommand):
    help = "Grant a console role to a user."

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_role_arguments(parser)

    def handle(self, *args, user: str, role: str, **options) -> None:
        account, role = resolve_user_role(user, role)
        if role_grant(user=account, role=role, actor=None):
            self.stdout.write(f"Granted {role} to {account.get_username()}.")
        else:
            self.stdout.write(f"{account.get_username()} already holds {role}; nothing changed.")
