"""Rate limits on proposal writes and on the similar-proposals lookup (``core.ratelimit``).

Each action has a limit of its own in ``settings.RATE_LIMITS``; until one is defined there,
the action borrows the figures of an existing limit. The cache keys carry the action's name,
so a borrowed limit never shares its counter with the owner's (writing comments does not
eat into sign-in attempts). A signed-in person is counted alone, whatever the address:
delegates in a hall share one Wi-Fi address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from birgemiz.core.ratelimit import client_ip, hit

#: action → (its own limit's name, the existing limit it borrows until that one is defined)
LIMITS = {
    "submit": ("proposal_submit", "signup"),  # 10 an hour
    "comment": ("proposal_comment", "login"),  # 20 a minute
    # Runs the embedding model; the form asks at most every 400 ms while someone types.
    "similar": ("proposal_similar", "poll_vote"),  # 120 a minute
}


def limit_name(action: str) -> str:
    own, borrowed = LIMITS[action]
    return own if own in settings.RATE_LIMITS else borrowed


def allow(action: str, request: HttpRequest) -> bool:
    """Count one ``action`` by the signed-in person (else by address); False once over."""
    user = getattr(request, "user", None)
    who = f"user:{user.pk}" if getattr(user, "is_authenticated", False) else f"ip:{client_ip(request)}"
    return hit(limit_name(action), f"proposals.{action}:{who}")


def retry_after(action: str) -> int:
    """Seconds until the window of ``action``'s limit ends (for the Retry-After header)."""
    return settings.RATE_LIMITS[limit_name(action)][1]
