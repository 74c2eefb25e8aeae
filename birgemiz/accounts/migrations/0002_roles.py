"""Create the staff roles (groups) with their baseline permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "editor": [("accounts", "view_user")],
    "moderator": [("accounts", "view_user"), ("accounts", "change_user"), ("core", "view_auditlog")],
    "administrator": None,  # every permission
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        if perms is None:
            group.permissions.add(*Permission.objects.all())
        else:
            for app_label, codename in perms:
                group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
