"""What the staff roles may do with polls (the administrator gets every permission)."""

from __future__ import annotations

from birgemiz.accounts.roles import EDITOR, grant_role_permissions

ROLE_PERMISSIONS = {
    # Editors ask the public: create, open, close and archive polls.
    EDITOR: ("polls.add_poll", "polls.change_poll", "polls.view_poll"),
}


def grant_polls_permissions(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using)
    for role, names in ROLE_PERMISSIONS.items():
        grant_role_permissions(role, names)
