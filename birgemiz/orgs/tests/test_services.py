"""Writes: profiles with their rules, claims and their decisions, members, history and audit."""

import pytest
from django.core import mail
from django.utils import translation

from birgemiz.core.models import AuditLog
from birgemiz.geo.models import City, Region
from birgemiz.orgs import services
from birgemiz.orgs.choices import ClaimStatus, HistoryKind, MemberRole
from birgemiz.orgs.models import LegalForm, Membership, Organisation
from birgemiz.orgs.tests.factories import OrganisationFactory, bin_for, member

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "name_ru": "Новая организация",
        "legal_form": LegalForm.objects.get(code="public_association"),
        **extra,
    }


def test_create_writes_history_audit_slug_and_search_words(editor):
    org = services.org_create(actor=editor, data=_data(bin="9401 4000 0385"))
    assert org.bin == "940140000385"  # spaces people type are dropped
    assert org.slug == "novaya-organizatsiya"
    assert " организация " in org.search_text
    assert org.history.get().kind == HistoryKind.CREATED
    assert AuditLog.objects.filter(action="orgs.create", target_id=str(org.pk)).exists()


def test_bad_bin_is_refused_with_the_reason_and_nothing_is_written(editor):
    with translation.override("ru"), pytest.raises(services.OrgError) as error:
        services.org_create(actor=editor, data=_data(bin="940140000384"))
    assert error.value.message_dict["bin"] == ["Контрольная (последняя) цифра должна быть 5, а не 4."]
    assert not Organisation.objects.exists()


def test_a_bin_belongs_to_one_organisation(editor):
    first = services.org_create(actor=editor, data=_data(bin="940140000385"))
    with translation.override("en"), pytest.raises(services.OrgError) as error:
        services.org_create(actor=editor, data=_data(name_ru="Другая", bin="940140000385"))
    assert error.value.message_dict["bin"] == [f"This BIN already belongs to {first.display_name}."]
    assert Organisation.objects.count() == 1


def test_a_branch_needs_its_head_and_a_branch_bin(editor):
    head = OrganisationFactory()
    branch_form = LegalForm.objects.get(code="branch")
    with pytest.raises(services.OrgError) as error:
        services.org_create(actor=editor, data=_data(legal_form=branch_form, bin=bin_for(5)))
    assert set(error.value.message_dict) == {"parent", "bin"}
    branch = services.org_create(
        actor=editor, data=_data(legal_form=branch_form, parent=head, bin=bin_for(5, unit="1"))
    )
    assert list(head.branches.all()) == [branch]


def test_the_city_must_be_in_the_region(editor):
    city = City.objects.get(slug="temirtau")
    with pytest.raises(services.OrgError) as error:
        services.org_create(actor=editor, data=_data(city=city, region=Region.objects.get(slug="pavlodar")))
    assert "city" in error.value.message_dict
    org = services.org_create(actor=editor, data=_data(city=city))
    assert org.region.slug == "karaganda"  # the region follows the city


def test_a_name_in_one_language_is_enough_but_one_is_needed(editor):
    services.org_create(actor=editor, data=_data(name_ru="", name_kk="Ана Үйі"))
    with pytest.raises(services.OrgError):
        services.org_create(actor=editor, data=_data(name_ru=" ", name_kk=""))


def test_status_change_is_dated_and_in_the_history(editor):
    org = OrganisationFactory()
    changes = services.org_update(actor=editor, org=org, data={"status": "in_liquidation"})
    org.refresh_from_db()
    assert [c.field for c in changes] == ["status"]
    assert org.status_since is not None
    entry = org.history.get(kind=HistoryKind.STATUS)
    assert (entry.from_value, entry.to_value) == ("active", "in_liquidation")
    assert services.org_update(actor=editor, org=org, data={"status": "in_liquidation"}) == []


def test_claim_approve_makes_a_member_and_mails_the_claimant_in_their_language(
    citizen, moderator, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://birgemiz.example"
    citizen.preferred_language = "kk"
    citizen.save()
    org = OrganisationFactory(name_ru="Батыр", name_kk="Батыр")
    claim = services.claim_submit(
        user=citizen, org=org, role=MemberRole.EDITOR, note="Я руководитель пресс-службы"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_decide(moderator=moderator, claim=claim, approve=True)
    assert Membership.objects.get(organisation=org, user=citizen).role == MemberRole.EDITOR
    message = mail.outbox[-1]
    assert message.to == [citizen.email]
    assert "Мүшелігіңіз расталды" in message.subject
    assert "https://birgemiz.example/kk/orgs/" in message.body
    kinds = list(org.history.values_list("kind", flat=True))
    assert HistoryKind.CLAIM_APPROVED in kinds and HistoryKind.CLAIM_SUBMITTED in kinds


def test_claim_reject_needs_a_reason_which_the_claimant_reads(
    citizen, moderator, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    claim = services.claim_submit(user=citizen, org=org, role=MemberRole.LEADER, note="Я председатель")
    with pytest.raises(services.OrgError):
        services.claim_decide(moderator=moderator, claim=claim, approve=False, reason="  ")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_decide(moderator=moderator, claim=claim, approve=False, reason="Нет подтверждения")
    assert not Membership.objects.filter(user=citizen).exists()
    assert "Нет подтверждения" in mail.outbox[-1].body
    with pytest.raises(services.OrgError):  # decided once
        services.claim_decide(moderator=moderator, claim=claim, approve=True)


def test_one_pending_claim_per_person_and_none_for_members(citizen, ngo, ngo_leader):
    org = OrganisationFactory()
    services.claim_submit(user=citizen, org=org, role=MemberRole.MEMBER, note="Волонтёр")
    with pytest.raises(services.OrgError):
        services.claim_submit(user=citizen, org=org, role=MemberRole.MEMBER, note="Ещё раз")
    with pytest.raises(services.OrgError):
        services.claim_submit(user=ngo_leader, org=ngo, role=MemberRole.LEADER, note="Я уже здесь")


def test_an_unverified_person_cannot_claim(db):
    from birgemiz.core.testing import UnverifiedUserFactory

    with pytest.raises(services.OrgError):
        services.claim_submit(
            user=UnverifiedUserFactory(), org=OrganisationFactory(), role="member", note="x"
        )


def test_the_last_leader_cannot_be_removed_or_demoted(ngo, ngo_leader, citizen):
    leadership = Membership.objects.get(organisation=ngo, user=ngo_leader)
    with pytest.raises(services.OrgError):
        services.member_remove(actor=ngo_leader, membership=leadership)
    with pytest.raises(services.OrgError):
        services.member_set_role(actor=ngo_leader, membership=leadership, role=MemberRole.MEMBER)
    deputy = member(ngo, citizen, MemberRole.EDITOR)
    services.member_set_role(actor=ngo_leader, membership=deputy, role=MemberRole.LEADER)
    services.member_remove(actor=citizen, membership=leadership)
    assert list(ngo.memberships.values_list("user", flat=True)) == [citizen.pk]
    assert ngo.history.filter(kind=HistoryKind.MEMBER_REMOVED, subject=ngo_leader).exists()
