from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "birgemiz.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from birgemiz.events import sections  # noqa: F401  registers sections and the nav item
