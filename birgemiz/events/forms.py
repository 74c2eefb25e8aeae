from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from birgemiz.events.choices import (
    EventFormat,
    EventKind,
    OrganiserRole,
    Participation,
    QuotaKind,
    SessionKind,
    SpeakerRole,
)
from birgemiz.events.models import Event, Session
from birgemiz.geo import selectors as geo


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ServiceErrorsMixin:
    def apply_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class RegistrationForm(ServiceErrorsMixin, forms.Form):
    participation = forms.ChoiceField(
        label=_("How will you take part?"), choices=Participation.choices, widget=forms.RadioSelect
    )
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=300)
    role = forms.CharField(label=_("Position or role"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, event: Event, sessions=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        quotas = list(event.quotas.all())
        self.registry_orgs = self._registry_orgs(quotas, user)
        if self.registry_orgs and event.ask_organisation:
            # Delegates of an organisation with a quota (or of the person's own organisations)
            # pick it from the registry, so that the quota counts them.
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Organisation from the registry"),
                required=False,
                choices=[("", "—")] + [(str(o.pk), o.display_name) for o in self.registry_orgs.values()],
            )
        regions = geo.region_list()
        self.fields["region"].choices = [("", "—")] + [(r.slug, r.name) for r in regions]
        if any(q.kind == QuotaKind.REGION for q in quotas):
            # Delegate places are kept per region: everyone says which one they come from.
            self.fields["region"].required = True
            self.fields["region"].help_text = _("The event keeps delegate places for regions.")
            own = getattr(user, "region_id", None)
            self.fields["region"].initial = next((r.slug for r in regions if r.pk == own), "")
        else:
            del self.fields["region"]
        if event.format != EventFormat.HYBRID:
            del self.fields["participation"]
        if not event.ask_organisation:
            del self.fields["organisation_name"]
        if not event.ask_role:
            del self.fields["role"]
        for index, question in enumerate(event.questions):
            self.fields[f"q{index}"] = forms.CharField(label=question, required=False, max_length=1000)
        limited = [s for s in sessions if s.capacity]
        if limited:
            self.fields["sessions"] = forms.MultipleChoiceField(
                label=_("Sessions with limited places"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(s.pk), self._session_label(s)) for s in limited],
            )
        self.sessions = {str(s.pk): s for s in limited}

    @staticmethod
    def _session_label(session) -> str:
        left = getattr(session, "places_left", None)
        if left is None:
            return session.title
        places = ngettext("%(counter)s place left", "%(counter)s places left", left) % {"counter": left}
        return f"{session.title} ({places})"

    @staticmethod
    def _registry_orgs(quotas, user) -> dict:
        from birgemiz.orgs.models import Membership, Organisation

        # One query: organisations with a quota and the person's own organisations.
        wanted = Q(pk__in={q.organisation_id for q in quotas if q.kind == QuotaKind.ORGANISATION})
        if user is not None and getattr(user, "is_authenticated", False):
            wanted |= Q(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
        orgs = Organisation.objects.filter(wanted).select_related("legal_form").order_by("name_ru", "pk")
        return {str(o.pk): o for o in orgs}

    def registration_input(self):
        from birgemiz.events.services import RegistrationInput

        data = self.cleaned_data
        region = None
        if data.get("region"):
            region = next((r for r in geo.region_list() if r.slug == data["region"]), None)
        return RegistrationInput(
            participation=data.get("participation") or Participation.OFFLINE,
            organisation=self.registry_orgs.get(data.get("organisation") or ""),
            organisation_name=data.get("organisation_name", ""),
            role=data.get("role", ""),
            region=region,
            answers={q: data.get(f"q{i}", "") for i, q in enumerate(self.event.questions)},
            sessions=[self.sessions[pk] for pk in data.get("sessions", []) if pk in self.sessions],
        )


class EventForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "series", "ordinal", "title_ru", "title_kk", "theme_ru", "theme_kk", "description_ru",
            "description_kk", "region", "city", "starts_at", "ends_at", "format", "venue", "address",
            "online_url", "cover", "cover_credit", "registration_open", "registration_opens_at",
            "registration_closes_at", "capacity", "requires_approval", "ask_organisation", "ask_role",
            "extra_questions",
        ]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_kk": forms.Textarea(attrs={"rows": 5}),
            "extra_questions": forms.Textarea(attrs={"rows": 3}),
            "online_url": forms.URLInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EventKind.choices
        self.fields["format"].choices = EventFormat.choices
        self.fields["city"].queryset = self.fields["city"].queryset.select_related("region")
        # The services check the rules (ends before start, capacity, link, image) and say why.
        self.fields["online_url"].validators = []
        cover = self.fields["cover"]
        self.fields["cover"] = forms.FileField(
            label=cover.label, required=False, help_text=_("PNG, JPEG or WebP, at most 5 MB.")
        )

    def _post_clean(self):
        # Keep the model's validation for the services (one place for the rules).
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name in self.cleaned_data}


class OutcomesForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["resolution_ru", "resolution_kk", "recommendations_ru", "recommendations_kk"]


class SessionForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "kind", "title_ru", "title_kk", "description_ru", "description_kk", "starts_at", "ends_at",
            "place", "online_url", "capacity", "collects_proposals",
        ]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
            "description_kk": forms.Textarea(attrs={"rows": 3}),
            "online_url": forms.URLInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SessionKind.choices
        self.fields["online_url"].validators = []

    def _post_clean(self):
        pass


class SpeakerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SpeakerRole.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)


class OrganiserForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation (name or BIN)"),
        max_length=300,
        help_text=_("From the registry of organisations."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=OrganiserRole.choices)


class QuotaForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    organisation = forms.CharField(label=_("or organisation (name or BIN)"), max_length=300, required=False)
    places = forms.IntegerField(
        label=_("Delegate places"), min_value=0, max_value=100000, help_text=_("0 removes the quota.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [(r.slug, r.name) for r in geo.region_list()]


class CancelEventForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the event's page and sent to the participants."),
    )


class PostponeEventForm(ServiceErrorsMixin, forms.Form):
    new_starts_at = forms.DateTimeField(label=_("New start"), widget=DateTimeInput())
    new_ends_at = forms.DateTimeField(label=_("New end"), widget=DateTimeInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the event's page and sent to the participants."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("To"),
        choices=[
            ("confirmed", _("Confirmed participants")),
            ("waitlisted", _("The waiting list")),
            ("pending", _("Waiting for approval")),
            ("all", _("Everyone registered")),
        ],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption_ru = forms.CharField(label=_("Caption (Russian)"), max_length=300, required=False)
    caption_kk = forms.CharField(label=_("Caption (Kazakh)"), max_length=300, required=False)
    credit = forms.CharField(
        label=_("Credit"), max_length=150, required=False, help_text=_("For example: Акимат ВКО")
    )


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Title of the news"), max_length=300)
    url = forms.CharField(label=_("Link"), max_length=500)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"), max_length=1000, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class EventFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    month = forms.CharField(
        label=_("Month"), required=False, max_length=7, widget=forms.DateInput(attrs={"type": "month"})
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, r.name) for r in geo.region_list()
        ]
        from birgemiz.events.selectors import organiser_options

        self.fields["organiser"].choices = [("", _("All organisers"))] + [
            (o.slug, o.display_name) for o in organiser_options.get()
        ]

    def filters(self):
        from birgemiz.events.selectors import EventFilters

        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
        return EventFilters(**{k: v for k, v in data.items() if v})
