"""Reads of accounts shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from birgemiz.accounts.models import ApiToken, User
from birgemiz.accounts.roles import user_roles
from birgemiz.core.models import AuditLog


def user_tokens(*, user: User) -> QuerySet[ApiToken]:
    """The person's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def user_audit_entries(*, user: User) -> QuerySet[AuditLog]:
    """Audit entries the person made, or about them or their tokens."""
    token_ids = [str(pk) for pk in ApiToken.objects.filter(user=user).values_list("pk", flat=True)]
    about = Q(target_type=User._meta.label_lower, target_id=str(user.pk))
    if token_ids:
        about |= Q(target_type=ApiToken._meta.label_lower, target_id__in=token_ids)
    return AuditLog.objects.filter(Q(actor=user) | about).order_by("created_at", "id")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything Birgemiz holds about the person, as JSON-ready data (no password, no token hashes)."""
    region = user.region
    return {
        "format": "birgemiz-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "region": {"slug": region.slug, "name": region.name_ru} if region else None,
            "preferred_language": user.preferred_language,
            "notify_by_email": user.notify_by_email,
            "email_verified_at": _iso(user.email_verified_at),
            "personal_data_consent_at": _iso(user.personal_data_consent_at),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "roles": user_roles(user),
        },
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in user_tokens(user=user)
        ],
        "audit_log": [
            {
                "time": _iso(e.created_at),
                "action": e.action,
                "by_you": e.actor_id == user.pk,
                "object_type": e.target_type,
                "object": e.target_repr,
                "details": e.details,
            }
            for e in user_audit_entries(user=user)
        ],
    }
