from django.core.management.base import BaseCommand, CommandParser

from admin_console.management.commands._roles import add_user_role_arguments, resolve_user_role
from admin_console.services import role_revoke


class Command(BaseCommand):
    help = "Revoke a console role from a user."

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_role_arguments(parser)

    def handle(self, *args, user: str, role: str, **options) -> None:
        account, role = resolve_user_role(user, role)
        if role_revoke(user=account, role=role, actor=None):
            self.stdout.write(f"Revoked {role} from {account.get_username()}.")
        else:
            note = " (a superuser holds every role all the same)" if account.is_superuser else ""
            self.stdout.write(f"{account.get_username()} does not hold {role}; nothing changed{note}.")
