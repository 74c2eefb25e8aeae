"""Rate limits on proposal writes and on the similar-proposals lookup (``core.ratelimit``).

Each action has a limit of its own in ``settings.RATE_LIMITS``. A signed-in person is counted
alone, whatever the address: delegates in a hall share one Wi-Fi address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from birgemiz.core.ratelimit import client_ip, hit

#: action → its limit's name in ``settings.RATE_LIMITS``
LIMITS = {"submit": "proposal_submit", "comment": "proposal_comment", "similar": "proposal_similar"}


def limit_name(action: str) -> str:
    return LIMITS[action]


def allow(action: str, request: HttpRequest) -> bool:
    """Count one ``action`` by the signed-in person (else by address); False once over."""
    user = getattr(request, "user", None)
    who = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else f"ip:{client_ip(request)}"
    return hit(limit_name(action), f"proposals.{action}:{who}")


def retry_after(action: str) -> int:
    """Seconds until the window of ``action``'s limit ends (for the Retry-After header)."""
    return settings.RATE_LIMITS[limit_name(action)][1]
