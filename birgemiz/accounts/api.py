"""``/api/v1/me``: the signed-in person (by personal token or browser session)."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.security import SessionAuth

from birgemiz.accounts.api_auth import BearerTokenAuth
from birgemiz.accounts.roles import user_roles

router = Router(tags=["me"])


class RegionOut(Schema):
    slug: str
    name: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    region: RegionOut | None
    preferred_language: str
    notify_by_email: bool
    is_verified: bool
    email_verified_at: datetime | None
    date_joined: datetime
    roles: list[str]


@router.get("", response=MeOut, auth=[BearerTokenAuth(), SessionAuth()], summary="The authenticated user")
def me(request):
    user = request.auth
    region = user.region
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        region=RegionOut(slug=region.slug, name=region.name) if region else None,
        preferred_language=user.preferred_language,
        notify_by_email=user.notify_by_email,
        is_verified=user.is_verified,
        email_verified_at=user.email_verified_at,
        date_joined=user.date_joined,
        roles=user_roles(user),
    )
