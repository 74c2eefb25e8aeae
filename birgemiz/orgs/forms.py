from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from birgemiz.core import uploads
from birgemiz.geo import selectors as geo
from birgemiz.geo.models import City
from birgemiz.orgs import selectors, services
from birgemiz.orgs.choices import MemberRole, OrgKind, OrgStatus
from birgemiz.orgs.models import Organisation

MAX_LOGO_BYTES = 1024 * 1024
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _limit_size(file, limit: int, message):
    if file and file.size > limit:
        raise ValidationError(message, params={"mb": limit // (1024 * 1024)})
    return file


class OrgFilterForm(forms.Form):
    """The directory's search and filters (a GET form; unknown values are reported, not obeyed)."""

    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices]
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    sphere = forms.ChoiceField(label=_("Sphere of activity"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *OrgStatus.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-registered", _("Newest registration")),
            ("registered", _("Oldest registration")),
            ("-added", _("Recently added")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = geo.region_list()
        self.fields["region"].choices = [("", _("All regions"))] + [(r.slug, r.name) for r in regions]
        self.fields["city"].choices = [("", _("All cities"))] + [
            (c.slug, c.name) for r in regions for c in r.cities.all()
        ]
        self.fields["legal_form"].choices = [("", _("All legal forms"))] + [
            (f.code, f.name) for f in selectors.legal_forms()
        ]
        self.fields["sphere"].choices = [("", _("All spheres"))] + [
            (s.code, s.name) for s in selectors.spheres()
        ]

    def filters(self) -> selectors.OrgFilters:
        """The valid part of the query (an invalid field is dropped, its error shown)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
        return selectors.OrgFilters(**{k: v for k, v in data.items() if v})


class SocialLinksField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        links = [line.strip() for line in (value or "").splitlines() if line.strip()]
        validate = URLValidator(schemes=["https", "http"])
        for link in links:
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address (it should start with https://)."),
                    params={"link": link[:80]},
                ) from error
        if len(links) > 10:
            raise ValidationError(_("At most 10 links."))
        return links


class OrgProfileForm(forms.ModelForm):
    """The profile as its editors and staff edit it; the rules are checked by the services."""

    social_links = SocialLinksField(
        label=_("Social networks"), required=False, help_text=_("One link per line.")
    )
    bin = forms.CharField(
        label=_("BIN"), required=False, max_length=20, help_text=_("12 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip

    class Meta:
        model = Organisation
        fields = [
            "kind", "state_body_kind", "name_ru", "name_kk", "short_name_ru", "short_name_kk",
            "legal_form", "parent", "bin", "registered_on", "region", "city", "address", "spheres",
            "status", "status_since", "leader_name", "leader_title", "phone", "email", "website",
            "social_links", "description", "logo", "umbrellas",
        ]  # fmt: skip
        widgets = {
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "spheres": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = (
            Organisation.objects.exclude(pk=self.instance.pk) if self.instance.pk else Organisation.objects
        )
        self.fields["parent"].queryset = others.filter(kind=OrgKind.NGO).select_related("legal_form")
        self.fields["umbrellas"].queryset = others.filter(kind=OrgKind.NGO).select_related("legal_form")
        self.fields["umbrellas"].required = False
        self.fields["city"].queryset = City.objects.select_related("region")

    def clean_logo(self):
        return _limit_size(
            self.cleaned_data.get("logo"), MAX_LOGO_BYTES, _("The logo must be at most %(mb)s MB.")
        )

    def clean_bin(self):
        # Precise reasons come from the services (uniqueness included); here only the shape.
        return self.cleaned_data.get("bin") or None

    def _post_clean(self):
        # The model's own unique check would give a vaguer message for the BIN: the services check.
        bin_value = self.cleaned_data.get("bin")
        self.cleaned_data["bin"] = None
        super()._post_clean()
        self.cleaned_data["bin"] = bin_value

    def apply_errors(self, error: services.OrgError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ClaimForm(forms.Form):
    role = forms.ChoiceField(label=_("Your role in the organisation"), choices=MemberRole.choices)
    note = forms.CharField(
        label=_("Who you are there"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your position, and how the moderator can check it (e.g. the organisation's phone)."),
        error_messages={"required": _("Tell the moderator who you are in the organisation.")},
    )
    document = forms.FileField(
        label=_("Document (optional)"),
        required=False,
        help_text=_(
            "An order of appointment or a letter on the organisation's letterhead: PDF or image, up to 5 MB."
        ),
    )

    def clean_document(self):
        document = _limit_size(
            self.cleaned_data.get("document"),
            MAX_DOCUMENT_BYTES,
            _("The document must be at most %(mb)s MB."),
        )
        if document:
            name = document.name.lower()
            if not name.endswith((".pdf", ".png", ".jpg", ".jpeg")):
                raise ValidationError(_("Attach a PDF, PNG or JPEG file."))
            content_type = uploads.sniff(document)
            if content_type not in ("application/pdf", "image/png", "image/jpeg"):
                raise ValidationError(_("The file is not a PDF or an image."))
            uploads.name_by_content(document, content_type)
        return document


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8) or XLSX, up to 10 MB."))
    dry_run = forms.BooleanField(label=_("Only check, write nothing"), required=False, initial=True)

    def clean_file(self):
        file = _limit_size(
            self.cleaned_data["file"], MAX_IMPORT_BYTES, _("The file must be at most %(mb)s MB.")
        )
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return file
