"""What the staff roles may do with events (the administrator gets every permission)."""

from __future__ import annotations

from birgemiz.accounts.roles import EDITOR, grant_role_permissions

ROLE_PERMISSIONS = {
    # Editors keep the calendar: create and correct any event, manage its registrations.
    EDITOR: (
        "events.add_event",
        "events.change_event",
        "events.view_event",
        "events.change_registration",
        "events.view_registration",
    ),
}


def grant_events_permissions(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using)
    for role, names in ROLE_PERMISSIONS.items():
        grant_role_permissions(role, names)
