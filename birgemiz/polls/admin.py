from django.contrib import admin

from birgemiz.core.admin import ReadOnlyAdminMixin
from birgemiz.polls.models import Answer, Poll


class AnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Poll)
class PollAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: polls are created, edited and opened or closed on the site's own pages, through
    the services that check the rules (allowed transitions, no rewording after votes) and keep the
    audit log; an edit here would skip all of that."""

    list_display = ("question_ru", "status", "mode", "region", "opens_at", "closes_at")
    list_filter = ("status", "mode", "region")
    search_fields = ("question_ru", "question_kk", "topic")
    inlines = [AnswerInline]
