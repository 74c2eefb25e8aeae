"""Who is voting: a signed-in account, or a browser known by a signed, http-only cookie."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
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


def refuse_foreign_request(request, *, json_body: bool) -> None:
    """Refuse a vote that another website makes a visitor's browser send (PollError).

    Anonymous votes in open polls carry no session, so CSRF tokens do not guard them; what
    does is the browser's word on where the request comes from: ``Sec-Fetch-Site: cross-site``,
    or an ``Origin`` whose host is not this request's (nor a trusted origin). A JSON body must
    say so (``application/json``): a page elsewhere can post ``text/plain`` without asking the
    browser's permission first, not JSON. The one check for the API, the lean path and the
    plain form post."""
    meta = request.META
    if meta.get("HTTP_SEC_FETCH_SITE") == "cross-site" or not _same_origin(request, meta.get("HTTP_ORIGIN")):
        raise PollError(_("Votes are accepted only from this site's own pages."), "cross_site")
    if json_body and request.content_type != "application/json":
        raise PollError(
            _("Send the vote as JSON (Content-Type: application/json)."), "unsupported_media_type"
        )


def _same_origin(request, origin: str | None) -> bool:
    if origin is None:  # not sent by a browser (a script, an old browser): nothing to check
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    host = urlsplit(origin).netloc.lower() if origin != "null" else ""
    try:
        return bool(host) and host == request.get_host().lower()
    except DisallowedHost:
        return False
