"""Pages of accounts: thin views that parse, check, call a service and render."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from birgemiz.accounts import forms, permissions, selectors, services
from birgemiz.accounts.models import ApiToken, User
from birgemiz.core.ratelimit import hit_request


def _posted(request: HttpRequest):
    """The submitted data, or None on GET (an empty POST must still bind the form)."""
    return request.POST if request.method == "POST" else None


def rate_limited(request: HttpRequest, name: str) -> HttpResponse:
    response = render(request, "accounts/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.RATE_LIMITS[name][1])
    return response


def profile_url(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:profile")


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# --- Sign-up and e-mail verification ---------------------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = forms.SignupForm(_posted(request))
    if request.method == "POST":
        if not hit_request("signup", request):
            return rate_limited(request, "signup")
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.user_signup(
                    email=data["email"],
                    full_name=data["full_name"],
                    password=data["password1"],
                    region=data["region"],
                    preferred_language=data["preferred_language"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                form.add_error("email" if getattr(exc, "code", "") == "email_taken" else None, exc)
            else:
                return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.user_verify_email(token=token)
    except services.VerificationFailed as exc:
        return render(request, "accounts/verify_failed.html", {"reason": exc.code}, status=400)
    messages.success(request, gettext("Thank you, your e-mail is confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:profile")
    if request.user.is_authenticated:
        return redirect("core:home")
    return redirect("accounts:login")


@never_cache
@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.is_verified:
        messages.info(request, gettext("Your e-mail is already confirmed."))
        return redirect("accounts:profile")
    form = forms.ResendVerificationForm(_posted(request)) if user is None else None
    if request.method == "POST":
        email = user.email if user is not None else request.POST.get("email", "")[:254]
        if not hit_request("resend_verification", request, email):
            return rate_limited(request, "resend_verification")
        if user is None and form.is_valid():
            found = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
            if found is not None:
                services.user_send_verification(user=found)
            # The same answer whether or not the address has an account.
            messages.info(
                request, gettext("If an unconfirmed account uses this address, we have sent a new link.")
            )
            return redirect("accounts:login")
        if user is not None:
            services.user_send_verification(user=user)
            messages.info(
                request, gettext("We have sent a new confirmation link to %(email)s.") % {"email": user.email}
            )
            return redirect("accounts:profile")
    return render(request, "accounts/resend.html", {"form": form})


# --- Sign-in, sign-out, passwords ------------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not hit_request("login", request, request.POST.get("username", "")[:254]):
            return rate_limited(request, "login")
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return profile_url(self.request.user.preferred_language)

    def form_valid(self, form):
        user = form.get_user()
        response = super().form_valid(form)
        set_language_cookie(response, user.preferred_language)
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not hit_request("password_reset", request, request.POST.get("email", "")[:254]):
            return rate_limited(request, "password_reset")
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, how="change")
        messages.success(self.request, gettext("Your password has been changed."))
        return response


# --- Profile, data, deletion -----------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.ProfileForm.for_user(user, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        changed = services.user_update_profile(user=user, **form.cleaned_data)
        language = user.preferred_language
        with translation.override(language):
            messages.success(request, gettext("Your profile has been saved."))
        response = redirect(profile_url(language))
        if "preferred_language" in changed:
            set_language_cookie(response, language)
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "can_use_admin": permissions.can_use_admin(user)},
    )


@login_required
@require_POST
def export_data(request: HttpRequest) -> HttpResponse:
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    filename = f"birgemiz-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordConfirmForm(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, gettext("Your account and your personal data have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


# --- Personal API tokens ---------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = forms.TokenCreateForm(_posted(request))
    context = {"form": form, "new_secret": None, "new_token": None}
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            # Shown on this response only: the secret is not stored anywhere.
            context.update(new_secret=secret, new_token=token, form=forms.TokenCreateForm())
    context["tokens"] = list(selectors.user_tokens(user=request.user))
    return render(request, "accounts/tokens.html", context)  # never_cache: no copy of the secret anywhere


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    if not permissions.can_revoke_token(request.user, token):
        raise Http404  # someone else's token: as if it did not exist
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, gettext("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
