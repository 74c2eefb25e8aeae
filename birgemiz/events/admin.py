from django.contrib import admin

from birgemiz.events.models import (
    Event,
    EventLink,
    EventOrganiser,
    EventPhoto,
    EventSeries,
    Quota,
    Registration,
    RegistrationHistory,
    Session,
    Speaker,
)


class OrganiserInline(admin.TabularInline):
    model = EventOrganiser
    raw_id_fields = ["organisation"]
    extra = 0


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = [
        "kind",
        "title_ru",
        "title_kk",
        "starts_at",
        "ends_at",
        "place",
        "capacity",
        "collects_proposals",
    ]


class QuotaInline(admin.TabularInline):
    model = Quota
    raw_id_fields = ["organisation"]
    extra = 0


class PhotoInline(admin.TabularInline):
    model = EventPhoto
    extra = 0


class LinkInline(admin.TabularInline):
    model = EventLink
    extra = 0


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "slug"]
    prepopulated_fields = {"slug": ["name_ru"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "format", "status", "region", "starts_at"]
    list_filter = ["status", "kind", "format", "region"]
    search_fields = ["title_ru", "title_kk", "theme_ru", "slug"]
    list_select_related = ["series", "region"]
    raw_id_fields = ["organiser_users", "created_by", "city"]
    date_hierarchy = "starts_at"
    inlines = [OrganiserInline, SessionInline, QuotaInline, PhotoInline, LinkInline]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    raw_id_fields = ["organisation", "user"]
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "starts_at", "collects_proposals"]
    list_filter = ["kind", "collects_proposals"]
    raw_id_fields = ["event"]
    inlines = [SpeakerInline]


class HistoryInline(admin.TabularInline):
    model = RegistrationHistory
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "from_status", "to_status", "text"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Status changes go through the services (history, waitlist, mail): read-only here.
    list_display = ["user", "event", "status", "participation", "created_at", "checked_in_at"]
    list_filter = ["status", "participation"]
    search_fields = ["user__email", "user__full_name", "event__title_ru"]
    raw_id_fields = ["event", "user", "organisation", "region", "checked_in_by"]
    readonly_fields = ["status", "status_changed_at", "checked_in_at", "joined_online_at", "reminded_at"]
    list_select_related = ["user", "event"]
    inlines = [HistoryInline]
