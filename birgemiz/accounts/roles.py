"""Staff roles: Django groups with permissions.

``editor`` publishes and edits content, ``moderator`` handles people and reports,
``administrator`` may do everything. Modules add their own permissions to a role with
``grant_role_permissions`` (from a data migration or their ``post_migrate`` handler).
Anyone holding a role is staff (may open the Django admin, seeing only what the role allows).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from birgemiz.core.audit import audit

EDITOR = "editor"
MODERATOR = "moderator"
ADMINISTRATOR = "administrator"
ROLES = (EDITOR, MODERATOR, ADMINISTRATOR)
ROLE_LABELS = {EDITOR: _("Editor"), MODERATOR: _("Moderator"), ADMINISTRATOR: _("Administrator")}

#: The baseline each role gets from accounts and core ("app_label.codename"); the
#: administrator gets every permission that exists (see ``grant_all_to_administrators``).
BASE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITOR: ("accounts.view_user",),
    MODERATOR: ("accounts.view_user", "accounts.change_user", "core.view_auditlog"),
    ADMINISTRATOR: (),
}


class UnknownRole(ValueError):
    pass


def _permissions(names: Iterable[str]) -> list[Permission]:
    perms = []
    for name in names:
        app_label, codename = name.split(".", 1)
        perms.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return perms


def grant_role_permissions(role: str, names: Iterable[str]) -> None:
    """Add permissions (``"app_label.codename"``) to a role; idempotent."""
    group, _created = Group.objects.get_or_create(name=role)
    group.permissions.add(*_permissions(names))


def grant_all_to_administrators(app_label: str | None = None) -> None:
    """Give the administrator role every permission (of one app, or of all)."""
    group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    perms = Permission.objects.all()
    if app_label:
        perms = perms.filter(content_type__app_label=app_label)
    group.permissions.add(*perms)


def user_roles(user) -> list[str]:
    if not getattr(user, "pk", None):
        return []
    return sorted(set(user.groups.filter(name__in=ROLES).values_list("name", flat=True)))


def has_role(user, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.groups.filter(name=role).exists()


def _check(role: str) -> Group:
    if role not in ROLES:
        raise UnknownRole(role)
    group, _created = Group.objects.get_or_create(name=role)
    return group


@transaction.atomic
def role_assign(*, actor, user, role: str) -> None:
    """Give ``user`` the ``role`` (and staff status so they can open the admin); audited."""
    group = _check(role)
    if user.groups.filter(pk=group.pk).exists():
        return
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit(actor=actor, action="accounts.role_assign", target=user, role=role)


@transaction.atomic
def role_remove(*, actor, user, role: str) -> None:
    """Take ``role`` away; staff status goes with the last role (superusers keep it); audited."""
    group = _check(role)
    if not user.groups.filter(pk=group.pk).exists():
        return
    user.groups.remove(group)
    if user.is_staff and not user.is_superuser and not user.groups.filter(name__in=ROLES).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit(actor=actor, action="accounts.role_remove", target=user, role=role)
