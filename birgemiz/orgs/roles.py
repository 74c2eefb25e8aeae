"""What the staff roles may do in the registry (the administrator gets every permission)."""

from __future__ import annotations

from birgemiz.accounts.roles import EDITOR, MODERATOR, grant_role_permissions

ROLE_PERMISSIONS = {
    # Editors keep the registry: add and correct organisations, import files.
    EDITOR: ("orgs.add_organisation", "orgs.change_organisation", "orgs.view_organisation"),
    # Moderators handle people: membership claims and memberships.
    MODERATOR: (
        "orgs.view_organisation",
        "orgs.view_membershipclaim",
        "orgs.change_membershipclaim",
        "orgs.change_membership",
        "orgs.delete_membership",
    ),
}


def grant_orgs_permissions(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using)
    for role, names in ROLE_PERMISSIONS.items():
        grant_role_permissions(role, names)
