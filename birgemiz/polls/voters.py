"""Who is voting: a signed-in account, or a browser known by a signed, http-only cookie."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.signing import BadSignature
from django.utils.translation import gettext_lazy as _

from birgemiz.polls.services import PollError

COOKIE = "birgemiz_voter"
SALT = "birgemiz.polls.voter"
MAX_AGE = 2 * 365 * 24 * 3600


def known_voter_key(request) -> str | None:
    """The key of whoever asks, if we can tell without issuing a cookie (None otherwise)."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}"
    try:
        return f"c:{request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE)}"
    except (KeyError, BadSignature):
        return None


def voter_key_for_vote(request) -> tuple[str, str | None]:
    """(key, new cookie token to set or None). A cookie that fails its signature is refused:
    someone edited it, and a fresh one would give them a second vote."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}", None
    if COOKIE in request.COOKIES:
        try:
            return f"c:{request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE)}", None
        except BadSignature:
            raise PollError(
                _("Your browser sent a damaged voting cookie. Delete it and try again."), "bad_cookie"
            ) from None
    token = secrets.token_urlsafe(18)
    return f"c:{token}", token


def remember_voter(response, token: str | None) -> None:
    if token:
        response.set_signed_cookie(
            COOKIE,
            token,
            salt=SALT,
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
