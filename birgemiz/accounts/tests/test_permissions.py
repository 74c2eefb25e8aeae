import pytest
from django.contrib.auth.models import AnonymousUser, Group

from birgemiz.accounts import permissions, roles
from birgemiz.core.models import AuditLog
from birgemiz.core.testing import NAMED_USERS, UnverifiedUserFactory, make_api_token

pytestmark = pytest.mark.django_db

EXPECTED = {
    # key: (can_participate, can_use_admin, can_manage_roles, can_view_audit_log)
    "citizen": (True, False, False, False),
    "ngo_leader": (True, False, False, False),
    "official": (True, False, False, False),
    "editor": (True, True, False, False),
    "moderator": (True, True, False, True),
    "jury": (True, False, False, False),
    "admin": (True, True, True, True),
    "outsider": (True, False, False, False),
}


@pytest.mark.parametrize("key", list(NAMED_USERS))
def test_predicates_for_every_named_user(named_users, key):
    user = named_users[key]
    got = (
        permissions.can_participate(user),
        permissions.can_use_admin(user),
        permissions.can_manage_roles(user),
        permissions.can_view_audit_log(user),
    )
    assert got == EXPECTED[key]


def test_guest_and_unverified_cannot_participate():
    assert not permissions.can_participate(AnonymousUser())
    assert not permissions.can_use_admin(AnonymousUser())
    assert not permissions.can_participate(UnverifiedUserFactory())


def test_inactive_user_can_do_nothing(admin):
    admin.is_active = False
    assert not permissions.can_use_admin(admin)
    assert not permissions.can_manage_roles(admin)


def test_only_the_owner_revokes_a_token(citizen, outsider, admin):
    token, _ = make_api_token(citizen)
    assert permissions.can_revoke_token(citizen, token)
    assert not permissions.can_revoke_token(outsider, token)
    assert not permissions.can_revoke_token(admin, token)
    assert not permissions.can_revoke_token(AnonymousUser(), token)


def test_roles_exist_with_their_permissions():
    perms = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
        for g in Group.objects.filter(name__in=roles.ROLES).prefetch_related("permissions__content_type")
    }
    assert perms["editor"] >= {"accounts.view_user"}
    assert "accounts.change_user" not in perms["editor"]
    assert perms["moderator"] >= {"accounts.view_user", "accounts.change_user", "core.view_auditlog"}
    assert "accounts.delete_user" not in perms["moderator"]
    # the administrator has every permission of every installed app, axes' included
    assert {"accounts.delete_user", "auth.change_group", "axes.view_accessattempt"} <= perms["administrator"]


def test_role_assign_and_remove_are_audited_and_drive_staff_status(citizen, admin):
    roles.role_assign(actor=admin, user=citizen, role=roles.EDITOR)
    citizen.refresh_from_db()
    assert citizen.is_staff and roles.user_roles(citizen) == ["editor"]
    assert citizen.has_perm("accounts.view_user")
    roles.role_assign(actor=admin, user=citizen, role=roles.EDITOR)  # idempotent
    roles.role_assign(actor=admin, user=citizen, role=roles.MODERATOR)
    roles.role_remove(actor=admin, user=citizen, role=roles.EDITOR)
    citizen.refresh_from_db()
    assert citizen.is_staff
    roles.role_remove(actor=admin, user=citizen, role=roles.MODERATOR)
    citizen.refresh_from_db()
    assert not citizen.is_staff and roles.user_roles(citizen) == []
    actions = list(AuditLog.objects.filter(actor=admin).values_list("action", "details__role"))
    assert sorted(actions) == sorted(
        [
            ("accounts.role_assign", "editor"),
            ("accounts.role_assign", "moderator"),
            ("accounts.role_remove", "editor"),
            ("accounts.role_remove", "moderator"),
        ]
    )


def test_unknown_role_is_refused(citizen, admin):
    with pytest.raises(roles.UnknownRole):
        roles.role_assign(actor=admin, user=citizen, role="king")


def test_superuser_keeps_staff_when_losing_roles(admin):
    roles.role_remove(actor=admin, user=admin, role=roles.ADMINISTRATOR)
    admin.refresh_from_db()
    assert admin.is_staff


def test_grant_role_permissions_is_idempotent():
    roles.grant_role_permissions(roles.EDITOR, ["core.view_auditlog"])
    roles.grant_role_permissions(roles.EDITOR, ["core.view_auditlog"])
    assert Group.objects.get(name="editor").permissions.filter(codename="view_auditlog").count() == 1
