"""API authentication: personal bearer tokens, or the browser session (CSRF-checked)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from birgemiz.accounts.models import ApiToken


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > 200:
            return None
        try:
            api_token = ApiToken.objects.select_related("user").get(
                key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True
            )
        except ApiToken.DoesNotExist:
            return None
        now = timezone.now()
        # Write the last-use time at most once a minute per token: cheap on busy clients.
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class OptionalAuth:
    """Lets anonymous callers through to public endpoints (tried last)."""

    def __call__(self, request: HttpRequest):
        return request.user if request.user.is_authenticated else True
