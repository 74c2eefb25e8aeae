"""Forms of the proposal pages (the services do the real checks)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from birgemiz.geo.models import Region
from birgemiz.orgs import selectors as orgs
from birgemiz.orgs.choices import OrgKind
from birgemiz.orgs.models import Organisation, Sphere
from birgemiz.proposals import permissions
from birgemiz.proposals.choices import TRANSITIONS, ForwardUp, Language, Sort, Status
from birgemiz.proposals.selectors import ProposalFilters


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def state_bodies():
    return (
        Organisation.objects.filter(kind=OrgKind.STATE_BODY).select_related("legal_form").order_by("name_ru")
    )


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class SphereChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj.name)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What do you propose?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    addressee = BodyChoiceField(label=_("State body"), queryset=state_bodies())
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False,
        help_text=_("Leave empty to use the body's region."),
    )  # fmt: skip
    sphere = SphereChoiceField(label=_("Sphere"), queryset=Sphere.objects.all(), required=False)
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("Up to 3 files: PDF, PNG or JPEG, 5 MB each.")
    )

    def __init__(self, *args, user=None, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        ngos = permissions.ngos_of(user) if user is not None else []
        if ngos:
            self.fields["on_behalf_of"].queryset = Organisation.objects.filter(pk__in=ngos)
            self.fields["on_behalf_of"].empty_label = _("Myself")
        else:
            del self.fields["on_behalf_of"]
        # While the person types a title, show proposals that already say the same (htmx).
        self.fields["title"].widget.attrs.update({
            "autocomplete": "off", "hx-get": reverse("proposals:similar"), "hx-target": "#similar",
            "hx-trigger": "keyup changed delay:400ms", "hx-sync": "this:replace",
        })  # fmt: skip
        if edit:
            for name in ("addressee", "region", "attachments", "on_behalf_of"):
                self.fields.pop(name, None)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    text = forms.CharField(
        label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    forward_to = BodyChoiceField(label=_("Forward to"), queryset=state_bodies(), required=False)
    forward_up = forms.ChoiceField(
        label=_("Or forward up to"), choices=[("", "—"), *ForwardUp.choices], required=False
    )
    document = forms.FileField(label=_("Document"), required=False)

    def __init__(self, *args, proposal=None, moderator=False, **kwargs):
        super().__init__(*args, **kwargs)
        targets = TRANSITIONS.get(proposal.status, ()) if proposal else Status.values
        self.fields["to_status"].choices = [(s, Status(s).label) for s in targets]
        if proposal is not None:
            self.fields["forward_to"].queryset = state_bodies().exclude(pk=proposal.addressee_id)
        if not moderator:
            del self.fields["forward_up"]


class ReasonForm(forms.Form):
    text = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + list(Status.choices), required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    body = forms.ChoiceField(label=_("State body"), required=False)
    sphere = forms.ChoiceField(label=_("Sphere"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=Sort.choices, required=False)
    author_org = forms.SlugField(required=False, widget=forms.HiddenInput)
    panel = forms.SlugField(required=False, widget=forms.HiddenInput)
    event = forms.IntegerField(required=False, widget=forms.HiddenInput)
    session = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from birgemiz.geo import selectors as geo

        self.fields["region"].choices = [("", _("Any"))] + [(r.slug, r.name) for r in geo.region_list()]
        self.fields["body"].choices = [("", _("Any"))] + [
            (o.slug, o.short_name) for o in orgs.state_body_options()
        ]
        self.fields["sphere"].choices = [("", _("Any"))] + [(s.code, s.name) for s in orgs.spheres()]

    def filters(self, **extra) -> ProposalFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return ProposalFilters(
            status=data.get("status") or "", region=data.get("region") or "", body=data.get("body") or "",
            sphere=data.get("sphere") or "", overdue=bool(data.get("overdue")),
            author_org=data.get("author_org") or "", panel=data.get("panel") or "",
            event=data.get("event"), session=data.get("session"),
            sort=data.get("sort") or Sort.NEWEST, **extra,
        )  # fmt: skip


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(
        label=_("Group by"), choices=[("body", _("State body")), ("region", _("Region"))], required=False
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from birgemiz.geo import selectors as geo

        self.fields["region"].choices = [("", _("Any"))] + [(r.slug, r.name) for r in geo.region_list()]

    def period(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or (end - dt.timedelta(days=365))
        if start > end:
            start, end = end, start
        return {
            "start": start,
            "end": end,
            "by": data.get("by") or "body",
            "region": data.get("region") or "",
        }


class PanelForm(forms.Form):
    """The phone form of an interactive panel; a newcomer registers in the same step."""

    title = forms.CharField(label=_("Your proposal in one line"), max_length=200)
    text = forms.CharField(
        label=_("Details"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    sphere = SphereChoiceField(label=_("Sphere"), queryset=Sphere.objects.all(), required=False)
    full_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False, help_text=_("At least 10 characters; you will sign in with it later."),
    )  # fmt: skip
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.newcomer = not getattr(user, "is_authenticated", False)
        if not self.newcomer:
            for name in ("full_name", "email", "password", "consent"):
                del self.fields[name]
        else:
            for name in ("full_name", "email", "password", "consent"):
                self.fields[name].required = True

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data.get("password")
        if password:
            validate_password(password)
        return password
