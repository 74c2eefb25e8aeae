"""Every write of the registry, for every role."""

import pytest

from birgemiz.orgs import permissions as p

pytestmark = pytest.mark.django_db

# role: (add, edit ngo, manage ngo members, claim ngo, decide claims, import)
EXPECTED = {
    "citizen": (False, False, False, True, False, False),
    "ngo_leader": (False, True, True, False, False, False),
    "official": (False, False, False, True, False, False),
    "editor": (True, True, False, True, False, True),
    "moderator": (False, False, True, True, True, False),
    "admin": (True, True, True, True, True, True),
    "outsider": (False, False, False, True, False, False),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_against_each_write(role, named_users, ngo, state_body):
    user = named_users[role]
    got = (
        p.can_add_org(user),
        p.can_edit_org(user, ngo),
        p.can_manage_members(user, ngo),
        p.can_claim(user, ngo),
        p.can_decide_claims(user),
        p.can_import_orgs(user),
    )
    assert got == EXPECTED[role]


def test_the_official_edits_their_state_body_only(official, ngo, state_body):
    assert p.can_edit_org(official, state_body)
    assert not p.can_edit_org(official, ngo)


def test_guests_can_do_nothing(ngo):
    from django.contrib.auth.models import AnonymousUser

    guest = AnonymousUser()
    assert not any(
        [
            p.can_add_org(guest),
            p.can_edit_org(guest, ngo),
            p.can_claim(guest, ngo),
            p.can_decide_claims(guest),
        ]
    )
