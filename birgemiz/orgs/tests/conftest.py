import pytest

from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.tests.factories import OrganisationFactory, StateBodyFactory, member


@pytest.fixture
def ngo(db, ngo_leader):
    """An NGO led by the named ``ngo_leader``."""
    org = OrganisationFactory(name_ru="Женщины – за будущее нации", slug="women-future")
    member(org, ngo_leader, MemberRole.LEADER)
    return org


@pytest.fixture
def state_body(db, official):
    """An akimat whose editor is the named ``official``."""
    org = StateBodyFactory(name_ru="Акимат города Павлодара", slug="pavlodar-akimat")
    member(org, official, MemberRole.EDITOR)
    return org
