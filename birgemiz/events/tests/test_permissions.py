"""Who may manage an event: its organisers (explicit people, leaders and editors of an
organising organisation) and staff editors; partners' people and everyone else may not."""

import pytest

from birgemiz.events import permissions
from birgemiz.events.choices import OrganiserRole
from birgemiz.events.models import EventOrganiser
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_manage_event_by_role(event, named_users, people):
    partner = OrganisationFactory()
    EventOrganiser.objects.create(event=event, organisation=partner, role=OrganiserRole.PARTNER)
    member(partner, named_users["official"], MemberRole.LEADER)
    plain_member = people[0]
    member(event.organisers.get(role=OrganiserRole.EXECUTOR).organisation, plain_member, MemberRole.MEMBER)
    event.organiser_users.add(named_users["jury"])
    expected = {
        "citizen": False,
        "ngo_leader": True,  # leader of the executor
        "official": False,  # leader of a partner only
        "editor": True,  # staff
        "moderator": False,
        "jury": True,  # named organiser
        "admin": True,
        "outsider": False,
    }
    assert {key: permissions.can_manage_event(user, event) for key, user in named_users.items()} == expected
    assert permissions.can_manage_event(plain_member, event) is False
    from django.contrib.auth.models import AnonymousUser

    assert permissions.can_manage_event(AnonymousUser(), event) is False


def test_drafts_are_hidden(event, citizen, ngo_leader, client):
    event.status = "draft"
    event.save()
    assert permissions.can_view_event(citizen, event) is False
    assert permissions.can_view_event(ngo_leader, event) is True
    assert client.get(event.get_absolute_url()).status_code == 404


def test_create_event(named_users, organiser_org):
    allowed = {key for key, user in named_users.items() if permissions.can_create_event(user)}
    assert allowed == {"ngo_leader", "editor", "admin"}
