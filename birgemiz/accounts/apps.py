from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "birgemiz.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from birgemiz.accounts.api import router
        from birgemiz.accounts.demo import load_demo_users
        from birgemiz.core.registry import registry

        registry.add_api_router("/me", router)
        registry.add_demo_loader("accounts", load_demo_users, order=20)
        post_migrate.connect(_administrators_get_every_permission, dispatch_uid="accounts-admin-perms")


def _administrators_get_every_permission(sender, app_config=None, using="default", **kwargs) -> None:
    """Each app's permissions, once created, are given to the administrator role."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from birgemiz.accounts.roles import ADMINISTRATOR

    if app_config is None or app_config.models_module is None:
        return
    # This receiver may run before auth's own for the same app: create them first (idempotent).
    create_permissions(app_config, verbosity=0, using=using)
    group = Group.objects.using(using).filter(name=ADMINISTRATOR).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label=app_config.label)
        )
