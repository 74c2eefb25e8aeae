from django.contrib import admin

from birgemiz.core.models import AuditLog, CalendarOverride


class ReadOnlyAdminMixin:
    """What the site's services write (with their rules and the audit log) is only read here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "request_id"]
    list_filter = ["action"]
    search_fields = ["target_repr", "actor__email", "request_id"]
    date_hierarchy = "created_at"


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "date"
