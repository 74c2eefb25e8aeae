"""Named predicates about the registry: each is a question a page or the API asks."""

from __future__ import annotations

from birgemiz.accounts.permissions import can_participate, is_signed_in
from birgemiz.orgs.choices import ClaimStatus, MemberRole
from birgemiz.orgs.models import Membership, MembershipClaim, Organisation

EDITING_ROLES = (MemberRole.LEADER, MemberRole.EDITOR)


def member_role(user, org: Organisation) -> str | None:
    """The person's confirmed role in ``org`` (cached on the user for the request)."""
    if not is_signed_in(user):
        return None
    cache = user.__dict__.setdefault("_org_roles", {})
    if org.pk not in cache:
        cache[org.pk] = (
            Membership.objects.filter(organisation=org, user=user).values_list("role", flat=True).first()
        )
    return cache[org.pk]


def can_add_org(user) -> bool:
    """Editors and administrators add organisations (one by one, by import, through the API)."""
    return is_signed_in(user) and user.has_perm("orgs.add_organisation")


def can_edit_org(user, org: Organisation) -> bool:
    """The organisation's confirmed leaders and editors, and staff who keep the registry."""
    if not is_signed_in(user):
        return False
    return user.has_perm("orgs.change_organisation") or member_role(user, org) in EDITING_ROLES


def can_manage_members(user, org: Organisation) -> bool:
    """Leaders and editors manage their members; moderators any organisation's."""
    if not is_signed_in(user):
        return False
    return user.has_perm("orgs.change_membership") or member_role(user, org) in EDITING_ROLES


def can_claim(user, org: Organisation) -> bool:
    """A verified person who is not a member yet, with no claim waiting, may say "this is my
    organisation"."""
    return (
        can_participate(user)
        and member_role(user, org) is None
        and not MembershipClaim.objects.filter(
            organisation=org, user=user, status=ClaimStatus.PENDING
        ).exists()
    )


def can_decide_claims(user) -> bool:
    """Moderators (and administrators) approve or reject membership claims."""
    return is_signed_in(user) and user.has_perm("orgs.change_membershipclaim")


def can_import_orgs(user) -> bool:
    return can_add_org(user) and user.has_perm("orgs.change_organisation")
