"""Create the four role groups with their derived permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor) -> None:
    from admin_console.roles import sync_roles

    # Permissions are normally made after all migrations (post_migrate); make them now
    # so the groups hold them from this migration on.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor) -> None:
    from admin_console.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin_console", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("truststores", "0001_initial"),
        ("destinations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
