from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    from admin_console.roles import sync_roles

    sync_roles()


class AdminConsoleConfig(AppConfig):
    name = "admin_console"
    verbose_name = "Trust Console"

    def ready(self) -> None:
        # Every app's post_migrate creates its permissions; sync after the last app.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="admin_console.sync_roles")
