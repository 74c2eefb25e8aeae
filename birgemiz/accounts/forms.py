"""Forms of accounts: parse and validate; the services do the writing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from birgemiz.accounts import services
from birgemiz.accounts.models import User
from birgemiz.geo.models import Region


def _attrs(autocomplete: str, **extra) -> dict:
    return {"autocomplete": autocomplete, **extra}


def _current_language() -> str:
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return lang if lang in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


def _region_field() -> RegionChoiceField:
    return RegionChoiceField(
        queryset=Region.objects.all(),
        required=False,
        label=_("Region"),
        empty_label=_("Not chosen"),
        help_text=_("We show news, events and proposals of your region first."),
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=settings.LANGUAGES,
        label=_("Language"),
        help_text=_("Pages and e-mails will be in this language."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
        widget=forms.Select(attrs=_attrs("language")),
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("You will sign in with it; we will send a confirmation link there."),
        error_messages={"required": _("Enter your e-mail."), "invalid": _("Enter a valid e-mail address.")},
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email", spellcheck="false")),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs=_attrs("name")),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not a common word and not only digits."),
        error_messages={"required": _("Enter a password.")},
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        error_messages={"required": _("Enter the password again.")},
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        help_text=_("Required to create an account. You can download or delete your data at any time."),
        error_messages={"required": _("You must agree to the processing of your personal data.")},
    )

    field_order = ["email", "full_name", "password1", "password2", "region", "preferred_language", "consent"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field()
        self.fields["preferred_language"] = _language_field()
        self.fields["preferred_language"].initial = _current_language()
        self.order_fields(self.field_order)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Sign in or reset your password."),
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2", forms.ValidationError(_("The two passwords differ."), code="mismatch")
            )
        elif p1:
            probe = User(email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class SignInForm(auth_forms.AuthenticationForm):
    """Sign-in by e-mail (any case). ``authenticate`` gets the request, as django-axes needs."""

    error_messages = {
        "invalid_login": _("The e-mail or password is wrong."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget = forms.EmailInput(
            attrs=_attrs("username", inputmode="email", spellcheck="false", autofocus=True, maxlength=254)
        )
        self.fields["username"].error_messages["required"] = _("Enter your e-mail.")
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password.")

    def clean_username(self) -> str:
        # One spelling of the address for authentication and for axes' failure counter.
        return (self.cleaned_data.get("username") or "").strip().lower()


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"required": _("Enter your e-mail."), "invalid": _("Enter a valid e-mail address.")},
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email", spellcheck="false")),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its e-mail sent by our task in the person's language."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"required": _("Enter your e-mail."), "invalid": _("Enter a valid e-mail address.")},
        widget=forms.EmailInput(attrs=_attrs("email", inputmode="email", spellcheck="false")),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        services.password_reset_send(user=context["user"], uid=context["uid"], token=context["token"])


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        self.error_messages = {**self.error_messages, "password_mismatch": _("The two passwords differ.")}


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two passwords differ."),
            "password_incorrect": _("Your current password is wrong. Enter it again."),
        }


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs=_attrs("name")),
    )
    notify_by_email = forms.BooleanField(
        label=_("Send me notifications by e-mail"),
        required=False,
    )

    field_order = ["full_name", "region", "preferred_language", "notify_by_email"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = _region_field()
        self.fields["preferred_language"] = _language_field()
        self.order_fields(self.field_order)

    @classmethod
    def for_user(cls, user: User, data=None) -> ProfileForm:
        initial = {name: getattr(user, name) for name in services.PROFILE_FIELDS}
        return cls(data=data, initial=initial)


class PasswordConfirmForm(forms.Form):
    """Asks for the current password before something that cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs=_attrs("current-password")),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."), code="password_incorrect")
        return password


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What it is for, e.g. “region dashboard script”."),
        error_messages={
            "required": _("Give the token a name."),
            "max_length": _("The name is too long (at most 80 characters)."),
        },
        widget=forms.TextInput(attrs=_attrs("off")),
    )
