from django.contrib import admin

from birgemiz.proposals.models import Panel, Proposal, ProposalEvent


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "text")
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the proposal page (the service keeps the history)."""

    list_display = ("title", "status", "addressee", "region", "created_at", "due_at", "supports")
    list_filter = ("status", "region")
    search_fields = ("title",)
    raw_id_fields = ("author", "addressee", "on_behalf_of", "hidden_by", "panel")
    readonly_fields = (
        "status",
        "supports",
        "comments_count",
        "due_at",
        "first_answered_at",
        "clock_started_on",
    )
    inlines = [EventInline]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "addressee", "is_open", "created_at")
    raw_id_fields = ("addressee",)
