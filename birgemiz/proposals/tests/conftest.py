import sys

import pytest

import birgemiz.proposals
from birgemiz.core.testing import UserFactory
from birgemiz.geo.models import Region
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.tests.factories import OrganisationFactory, StateBodyFactory, member
from birgemiz.proposals.tests import fake_similarity


@pytest.fixture(autouse=True)
def _fake_similarity(request, monkeypatch):
    """A fast, deterministic stand-in with the contract of ``proposals.similarity``; the
    model's own tests and the wiring test (``test_similarity*``) use the real module."""
    if request.module.__name__.rsplit(".", 1)[-1].startswith("test_similarity"):
        yield None
        return
    fake = fake_similarity.module()
    monkeypatch.setitem(sys.modules, "birgemiz.proposals.similarity", fake)
    monkeypatch.setattr(birgemiz.proposals, "similarity", fake, raising=False)
    from birgemiz.proposals.selectors import similarity_index

    similarity_index._loaded = None
    yield fake
    similarity_index._loaded = None


@pytest.fixture
def region(db):
    if not Region.objects.filter(slug="pavlodar").exists():
        # A live-server or transactional test before this one flushed the data migrations.
        from birgemiz.geo.loaders import load_regions
        from birgemiz.geo.models import City
        from birgemiz.orgs.loaders import load_reference_data
        from birgemiz.orgs.models import LegalForm, Sphere

        load_regions(Region, City)
        load_reference_data(LegalForm, Sphere)
    return Region.objects.get(slug="pavlodar")


@pytest.fixture
def body(db, official, region):
    """An akimat whose member is the named ``official``."""
    org = StateBodyFactory(name_ru="Акимат города Павлодара", slug="pavlodar-akimat", region=region)
    member(org, official, MemberRole.EDITOR)
    return org


@pytest.fixture
def other_official(db):
    return UserFactory(email="other.official@test.birgemiz.kz", full_name="Другой Чиновник")


@pytest.fixture
def other_body(db, other_official, region):
    org = StateBodyFactory(
        name_ru="Управление координации занятости и социальных программ",
        slug="pavlodar-social",
        region=region,
    )
    member(org, other_official, MemberRole.MEMBER)
    return org


@pytest.fixture
def ngo(db, ngo_leader, region):
    org = OrganisationFactory(name_ru="Общество слепых", slug="blind-society", region=region)
    member(org, ngo_leader, MemberRole.LEADER)
    return org


@pytest.fixture
def proposal(db, citizen, body):
    from birgemiz.proposals.tests.factories import make_proposal

    return make_proposal(author=citizen, addressee=body)
