from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "birgemiz.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from birgemiz.core.registry import registry
        from birgemiz.events import (
            sections,  # noqa: F401  registers sections and the nav item
            signals,
        )
        from birgemiz.events.api import router
        from birgemiz.events.demo import load_demo_events
        from birgemiz.events.roles import grant_events_permissions

        signals.connect()
        registry.add_api_router("/events", router)
        registry.add_demo_loader("events", load_demo_events, order=60)
        post_migrate.connect(grant_events_permissions, sender=self, dispatch_uid="events-role-perms")
