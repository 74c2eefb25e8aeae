from django.contrib import admin

from birgemiz.polls.models import Answer, Poll


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ("question_ru", "status", "mode", "region", "opens_at", "closes_at")
    list_filter = ("status", "mode", "region")
    search_fields = ("question_ru", "question_kk", "topic")
    raw_id_fields = ("author",)
    inlines = [AnswerInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from birgemiz.polls.selectors import forget_poll
        from birgemiz.polls.services import ensure_shards

        ensure_shards(form.instance)  # answers added here get their counters
        forget_poll(form.instance)
