from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "birgemiz.polls"
    verbose_name = _("Polls")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from birgemiz.core.registry import registry
        from birgemiz.polls import sections  # noqa: F401  registers sections and the nav item
        from birgemiz.polls.api import router
        from birgemiz.polls.demo import load_demo_polls
        from birgemiz.polls.roles import grant_polls_permissions

        registry.add_api_router("/polls", router)
        registry.add_demo_loader("polls", load_demo_polls, order=80)
        post_migrate.connect(grant_polls_permissions, sender=self, dispatch_uid="polls-role-perms")
