import factory

from birgemiz.orgs.bin import make_bin
from birgemiz.orgs.choices import MemberRole, OrgKind, OrgStatus
from birgemiz.orgs.models import LegalForm, Membership, Organisation
from birgemiz.orgs.search import index_text


def bin_for(n: int, *, unit: str = "0") -> str:
    serial = n
    while True:
        try:
            return make_bin(f"1501{4}{unit}{serial:05d}")
        except ValueError:
            serial += 1


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrgKind.NGO
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_kk = ""
    slug = factory.Sequence(lambda n: f"org-{n}")
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(code="public_association"))
    bin = factory.Sequence(lambda n: bin_for(10 + n * 3))
    status = OrgStatus.ACTIVE
    search_text = factory.LazyAttribute(lambda o: index_text(o.name_ru, o.name_kk, o.bin or ""))


class StateBodyFactory(OrganisationFactory):
    kind = OrgKind.STATE_BODY
    state_body_kind = "akimat"
    legal_form = None
    name_ru = factory.Sequence(lambda n: f"Акимат {n}")


def member(org, user, role=MemberRole.LEADER) -> Membership:
    return Membership.objects.create(organisation=org, user=user, role=role)
