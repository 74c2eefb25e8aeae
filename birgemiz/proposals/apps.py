from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "birgemiz.proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from birgemiz.core.registry import registry
        from birgemiz.proposals import sections  # noqa: F401  registers sections and the nav item
        from birgemiz.proposals.api import router
        from birgemiz.proposals.demo import load_demo_proposals
        from birgemiz.proposals.roles import grant_proposals_permissions

        registry.add_api_router("/proposals", router)
        registry.add_demo_loader("proposals", load_demo_proposals, order=60)
        post_migrate.connect(grant_proposals_permissions, sender=self, dispatch_uid="proposals-role-perms")
