"""What the staff roles may do with proposals (the administrator gets every permission)."""

from __future__ import annotations

from birgemiz.accounts.roles import MODERATOR, grant_role_permissions

ROLE_PERMISSIONS = {
    MODERATOR: ("proposals.moderate_proposal", "proposals.view_proposal", "proposals.change_comment"),
}


def grant_proposals_permissions(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using)
    for role, names in ROLE_PERMISSIONS.items():
        grant_role_permissions(role, names)
