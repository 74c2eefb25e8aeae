"""Named predicates about people; each is a question a page or an API endpoint asks."""

from __future__ import annotations

from birgemiz.accounts.roles import ADMINISTRATOR, has_role


def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def can_participate(user) -> bool:
    """Verified citizens may submit, support, vote in verified polls and register for events."""
    return is_signed_in(user) and user.is_verified


def can_use_admin(user) -> bool:
    """Staff (anyone holding a role) may open the Django admin."""
    return is_signed_in(user) and user.is_staff


def can_manage_roles(user) -> bool:
    """Only administrators give or take away roles."""
    return is_signed_in(user) and (user.is_superuser or has_role(user, ADMINISTRATOR))


def can_revoke_token(user, token) -> bool:
    """A token is revoked by its owner."""
    return is_signed_in(user) and token.user_id == user.pk


def can_view_audit_log(user) -> bool:
    return is_signed_in(user) and user.has_perm("core.view_auditlog")
