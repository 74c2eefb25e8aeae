from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "birgemiz.orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from birgemiz.core.registry import registry
        from birgemiz.orgs import sections  # noqa: F401  registers sections and the nav item
        from birgemiz.orgs.api import router
        from birgemiz.orgs.demo import load_demo_orgs
        from birgemiz.orgs.models import Organisation, Sphere
        from birgemiz.orgs.roles import grant_orgs_permissions
        from birgemiz.orgs.selectors import invalidate_lists

        registry.add_api_router("/orgs", router)
        registry.add_demo_loader("orgs", load_demo_orgs, order=40)
        post_migrate.connect(grant_orgs_permissions, sender=self, dispatch_uid="orgs-role-perms")
        for model in (Organisation, Sphere):  # the memoised lists of state bodies and spheres
            uid = f"orgs-lists-{model.__name__}"
            post_save.connect(invalidate_lists, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(invalidate_lists, sender=model, dispatch_uid=f"{uid}-delete")
