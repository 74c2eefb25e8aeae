import pytest

from birgemiz.core.testing import UserFactory
from birgemiz.events.choices import OrganiserRole
from birgemiz.events.models import EventOrganiser
from birgemiz.events.tests.factories import EventFactory
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.tests.factories import OrganisationFactory, member


@pytest.fixture
def organiser_org(db, ngo_leader):
    """The regional Civil Alliance, led by the named ``ngo_leader``."""
    org = OrganisationFactory(name_ru="Гражданский альянс", slug="civil-alliance")
    member(org, ngo_leader, MemberRole.LEADER)
    return org


@pytest.fixture
def event(db, organiser_org):
    event = EventFactory(capacity=2)
    EventOrganiser.objects.create(event=event, organisation=organiser_org, role=OrganiserRole.EXECUTOR)
    return event


@pytest.fixture
def people(db):
    return [UserFactory(full_name=f"Участник {i}", email=f"p{i}@example.kz") for i in range(6)]
