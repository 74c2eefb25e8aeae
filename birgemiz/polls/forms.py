from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from birgemiz.geo.models import Region
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus, ResultsVisibility
from birgemiz.polls.models import Poll


class PollForm(forms.ModelForm):
    answers_ru = forms.CharField(
        label=_("Answers in Russian, one per line"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    answers_kk = forms.CharField(
        label=_("Answers in Kazakh, one per line, in the same order"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(PollStatus.DRAFT, PollStatus.DRAFT.label), (PollStatus.OPEN, PollStatus.OPEN.label)],
    )

    class Meta:
        model = Poll
        fields = [
            "question_ru", "question_kk", "kind", "max_choices", "allow_other", "region", "topic", "mode",
            "region_only", "allow_change", "results_visibility", "opens_at", "closes_at", "status",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("position")
        self.fields["kind"].initial = ChoiceKind.SINGLE
        self.fields["mode"].initial = PollMode.OPEN
        self.fields["results_visibility"].initial = ResultsVisibility.ALWAYS

    def answers(self) -> list[tuple[str, str]]:
        ru = [line.strip() for line in self.cleaned_data.get("answers_ru", "").splitlines() if line.strip()]
        kk = [line.strip() for line in self.cleaned_data.get("answers_kk", "").splitlines() if line.strip()]
        if ru and kk and len(ru) != len(kk):
            self.add_error("answers_kk", _("Give as many Kazakh answers as Russian ones, in the same order."))
            return []
        n = max(len(ru), len(kk))
        ru, kk = ru + [""] * (n - len(ru)), kk + [""] * (n - len(kk))
        return list(zip(ru, kk, strict=True))

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"answers_ru", "answers_kk"}}


class PollEditForm(PollForm):
    """The poll's settings and answers; its status changes through the status buttons."""

    status = None

    class Meta(PollForm.Meta):
        fields = [f for f in PollForm.Meta.fields if f != "status"]

    def __init__(self, *args, instance: Poll, **kwargs):
        answers = list(instance.answers.all())
        initial = {
            "answers_ru": "\n".join(a.text_ru for a in answers),
            "answers_kk": "\n".join(a.text_kk for a in answers),
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, instance=instance, initial=initial, **kwargs)
        self.fields["kind"].initial = instance.kind

    def _kept_to_the_minute(self, name: str):
        # The page shows times to the minute: a time sent back unchanged keeps its seconds.
        value, original = self.cleaned_data.get(name), getattr(self.instance, name)
        if value and original and value == original.replace(second=0, microsecond=0):
            return original
        return value

    def clean_opens_at(self):
        return self._kept_to_the_minute("opens_at")

    def clean_closes_at(self):
        return self._kept_to_the_minute("closes_at")
