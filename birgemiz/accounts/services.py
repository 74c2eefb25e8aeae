"""Every write to accounts: sign-up, verification, profile, tokens, deletion."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from birgemiz.accounts import tokens
from birgemiz.accounts.emails import send_email_later
from birgemiz.accounts.models import ApiToken, User
from birgemiz.core.audit import audit
from birgemiz.core.models import AuditLog

#: How many unrevoked API tokens one person may hold.
MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "bgz_"  # noqa: S105  (a public marker, not a secret)

PROFILE_FIELDS = ("full_name", "region", "preferred_language", "notify_by_email")


class VerificationFailed(Exception):
    """The verification link is expired (``code == "expired"``) or not valid (``"invalid"``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def absolute_url(url_name: str, *, language: str, kwargs: dict | None = None) -> str:
    """``SITE_URL`` + the URL of ``url_name`` in ``language`` (links in e-mails)."""
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


@transaction.atomic
def user_signup(
    *,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str,
    consent: bool,
    region=None,
) -> User:
    """Create an account, record the consent to personal-data processing, mail the verification link."""
    if not consent:
        raise ValidationError(_("You must agree to the processing of your personal data."), code="consent")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail already exists."), code="email_taken")
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                region=region,
                preferred_language=preferred_language,
                personal_data_consent_at=timezone.now(),
            )
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise ValidationError(_("An account with this e-mail already exists."), code="email_taken") from exc
    audit(actor=user, action="accounts.signup", target=user)
    user_send_verification(user=user)
    return user


def user_send_verification(*, user: User) -> bool:
    """Mail a fresh verification link; False (nothing sent) when already verified."""
    if user.is_verified:
        return False
    url = absolute_url(
        "accounts:verify",
        language=user.preferred_language,
        kwargs={"token": tokens.make_verification_token(user)},
    )
    send_email_later(
        "verify_email",
        to=user.email,
        language=user.preferred_language,
        context={
            "full_name": user.full_name,
            "url": url,
            "valid_days": max(1, tokens.verification_max_age() // 86400),
        },
    )
    return True


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Mark the address in the link as verified; raise ``VerificationFailed`` otherwise."""
    try:
        user_id, digest = tokens.read_verification_token(token)
    except tokens.TokenExpired as exc:
        raise VerificationFailed("expired") from exc
    except tokens.TokenInvalid as exc:
        raise VerificationFailed("invalid") from exc
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not tokens.email_matches(user, digest):
        raise VerificationFailed("invalid")
    if not user.is_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit(actor=user, action="accounts.verify_email", target=user)
    return user


@transaction.atomic
def user_update_profile(*, user: User, **changes) -> list[str]:
    """Change profile fields (``PROFILE_FIELDS`` only); return the names of what changed."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.save(update_fields=changed)
        audit(actor=user, action="accounts.profile_update", target=user, fields=changed)
    return changed


def user_password_changed(*, user: User, how: str) -> None:
    """Record a password change (``how``: "change" or "reset")."""
    audit(actor=user, action=f"accounts.password_{how}", target=user)


def password_reset_send(*, user: User, uid: str, token: str) -> None:
    """Mail a password-reset link (used by the reset form)."""
    url = absolute_url(
        "accounts:password_reset_confirm",
        language=user.preferred_language,
        kwargs={"uidb64": uid, "token": token},
    )
    send_email_later(
        "password_reset",
        to=user.email,
        language=user.preferred_language,
        context={"full_name": user.full_name, "email": user.email, "url": url},
    )


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and everything that cascades from it.

    The audit trail keeps that an account was deleted, not who it was: entries about the
    person lose their name, and entries by them lose the actor (``SET_NULL``).
    """
    pk = user.pk
    AuditLog.objects.filter(target_type=User._meta.label_lower, target_id=str(pk)).update(
        target_repr=f"#{pk}"
    )
    audit(actor=None, action="accounts.delete", target=None, user_id=pk)
    user.delete()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it and its secret (shown once, never stored)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name."), code="required")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have too many active tokens. Revoke one you no longer use."), code="too_many"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:12], key_hash=ApiToken.hash_key(secret)
    )
    audit(actor=user, action="accounts.token_create", target=token, name=name, prefix=token.prefix)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke a token at once; idempotent."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action="accounts.token_revoke", target=token, prefix=token.prefix)


def user_export_data(*, user: User) -> dict:
    """Everything we hold about the person (see ``selectors.user_data_export``); the export is audited."""
    from birgemiz.accounts.selectors import user_data_export

    audit(actor=user, action="accounts.export", target=user)
    return user_data_export(user=user)
