from django.contrib import admin

from birgemiz.orgs import services
from birgemiz.orgs.models import LegalForm, Membership, MembershipClaim, Organisation, OrgHistory


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "bin", "region", "city", "status"]
    list_filter = ["kind", "status", "legal_form", "region"]
    search_fields = ["name_ru", "name_kk", "short_name_ru", "bin"]
    list_select_related = ["legal_form", "region", "city"]
    raw_id_fields = ["parent", "umbrellas"]
    filter_horizontal = ["spheres"]
    readonly_fields = ["slug"]

    def save_model(self, request, obj, form, change):
        # The admin writes the row itself; keep the search words in step (audited by core).
        services.reindex(obj)
        super().save_model(request, obj, form, change)


@admin.register(MembershipClaim)
class MembershipClaimAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "role", "status", "created_at", "decided_by"]
    list_filter = ["status", "role"]
    raw_id_fields = ["organisation", "user", "decided_by"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "role", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["organisation", "user"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ["code", "abbr_ru", "name_ru", "is_branch"]


@admin.register(OrgHistory)
class OrgHistoryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "kind", "actor", "subject"]
    list_filter = ["kind"]
    raw_id_fields = ["organisation", "actor", "subject"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
