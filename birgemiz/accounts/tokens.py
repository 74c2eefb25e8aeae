"""Signed, expiring e-mail verification links.

The token carries the user's id and a digest of the address it was sent to, so a link stops
working once the address changes; the signature's timestamp makes it expire.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing

SALT = "birgemiz.accounts.verify-email"


def verification_max_age() -> int:
    return getattr(settings, "EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24 * 3)


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def make_verification_token(user) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk, "e": _email_digest(user.email)})


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def read_verification_token(token: str) -> tuple[int, str]:
    """Return ``(user_id, email_digest)``; raise ``TokenExpired`` or ``TokenInvalid``."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=verification_max_age())
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("e"), str):
        raise TokenInvalid
    return data["u"], data["e"]


def email_matches(user, digest: str) -> bool:
    return _email_digest(user.email) == digest
