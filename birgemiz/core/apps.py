from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "birgemiz.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_delete, post_save

        from birgemiz.core.models import CalendarOverride
        from birgemiz.core.signals import copy_admin_action_to_audit_log, invalidate_calendar

        # Staff actions in the Django admin land in the same audit log as the services' own.
        post_save.connect(copy_admin_action_to_audit_log, sender=LogEntry, dispatch_uid="core-admin-audit")
        post_save.connect(invalidate_calendar, sender=CalendarOverride, dispatch_uid="core-calendar-save")
        post_delete.connect(invalidate_calendar, sender=CalendarOverride, dispatch_uid="core-calendar-delete")
