import contextlib
import datetime as dt

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from birgemiz.core.models import AuditLog
from birgemiz.core.testing import UnverifiedUserFactory, UserFactory
from birgemiz.core.tests.test_uploads import image_bytes
from birgemiz.core.workdays import add_working_days, is_working_day
from birgemiz.proposals import deadlines, permissions, selectors, services
from birgemiz.proposals.choices import TRANSITIONS, ForwardUp, Status
from birgemiz.proposals.models import Follow, Notification, Proposal, ProposalEvent
from birgemiz.proposals.services import ProposalError
from birgemiz.proposals.tests.factories import make_proposal

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = image_bytes("PNG")


def submit(author, body, **kw):
    data = {
        "title": "Участие НКО в обсуждении проектов",
        "text": "Приглашать НКО на обсуждение городских проектов.",
    }
    return services.proposal_submit(author=author, addressee=body, **(data | kw))


def test_submit_starts_the_clock_and_history(citizen, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = submit(citizen, body)
    p.refresh_from_db()
    assert p.status == Status.RECEIVED
    assert p.region == body.region
    assert p.due_at == add_working_days(p.clock_started_on, 15)
    assert [e.kind for e in p.events.all()] == ["submitted"]
    assert Follow.objects.filter(proposal=p, user=citizen).exists()
    assert p.embedding  # the task ran on commit
    assert AuditLog.objects.filter(action="proposals.submit").exists()


def test_unverified_cannot_submit(body):
    with pytest.raises(ProposalError) as e:
        submit(UnverifiedUserFactory(), body)
    assert e.value.code == "not_verified"


def test_only_members_submit_on_behalf_of_an_ngo(citizen, ngo_leader, ngo, body):
    p = submit(ngo_leader, body, on_behalf_of=ngo)
    assert p.on_behalf_of == ngo
    with pytest.raises(ProposalError) as e:
        submit(citizen, body, on_behalf_of=ngo)
    assert e.value.code == "forbidden"


def test_addressee_must_be_a_state_body(citizen, ngo):
    with pytest.raises(ProposalError) as e:
        submit(citizen, ngo)
    assert e.value.field == "addressee"


def test_attachments_are_checked_by_their_bytes(citizen, body):
    p = submit(
        citizen, body,
        attachments=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
    )  # fmt: skip
    assert sorted(a.content_type for a in p.attachments.all()) == ["application/pdf", "image/png"]
    assert sorted(a.name for a in p.attachments.all()) == ["a.pdf", "b.png"]  # the names people gave
    with pytest.raises(ProposalError):  # PNG's first bytes, then nothing a picture is made of
        submit(citizen, body, attachments=[SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)])
    with pytest.raises(ProposalError):
        submit(citizen, body, attachments=[SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf")])
    with pytest.raises(ProposalError):
        submit(citizen, body, attachments=[SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))])
    with pytest.raises(ProposalError):
        submit(citizen, body, attachments=[SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(4)])


def test_author_edits_only_while_received(citizen, official, body, proposal):
    services.proposal_edit(
        actor=citizen, proposal=proposal, title="Новый заголовок", text="Новый текст предложения"
    )
    services.proposal_change_status(
        actor=official, proposal=proposal, to_status=Status.UNDER_CONSIDERATION, text="Рассматриваем."
    )
    with pytest.raises(ProposalError):
        services.proposal_edit(
            actor=citizen, proposal=proposal, title="Ещё", text="Ещё один текст предложения"
        )


def test_answer_stops_the_clock_and_notifies(
    citizen, official, body, proposal, outsider, django_capture_on_commit_callbacks
):
    services.follow(user=outsider, proposal=proposal)
    Follow.objects.get_or_create(proposal=proposal, user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.ACCEPTED, text="Принято, включим в план.",
            document=SimpleUploadedFile("answer.pdf", PDF),
        )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.due_at is None and proposal.first_answered_at
    assert (event.from_status, event.to_status, event.actor, event.body) == (
        "received",
        "accepted",
        official,
        body,
    )
    assert event.document
    assert set(Notification.objects.values_list("user__email", flat=True)) == {citizen.email, outsider.email}
    assert len(mail.outbox) == 2
    assert "Принято" in mail.outbox[0].body
    assert AuditLog.objects.filter(action="proposals.status").exists()


def test_transition_table_is_enforced(official, proposal):
    with pytest.raises(ProposalError) as e:
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.IMPLEMENTED, text="x"
        )
    assert e.value.code == "transition_not_allowed"
    services.proposal_change_status(actor=official, proposal=proposal, to_status=Status.REJECTED, text="Нет.")
    for to in Status.values:
        with pytest.raises(ProposalError) as e:
            services.proposal_change_status(actor=official, proposal=proposal, to_status=to, text="x")
        assert e.value.code == "transition_not_allowed"


def test_every_allowed_transition_works(official, citizen, body):
    for from_status, targets in TRANSITIONS.items():
        for to in targets:
            if to == Status.FORWARDED:
                continue
            p = make_proposal(author=citizen, addressee=body, status=from_status)
            services.proposal_change_status(actor=official, proposal=p, to_status=to, text="Ответ.")
            p.refresh_from_db()
            assert p.status == to


def test_text_is_required(official, proposal):
    with pytest.raises(ProposalError) as e:
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.ANSWERED, text="  "
        )
    assert e.value.code == "answer_required"


def test_official_of_another_body_cannot_answer(other_official, proposal, other_body):
    with pytest.raises(ProposalError) as e:
        services.proposal_change_status(
            actor=other_official, proposal=proposal, to_status=Status.ANSWERED, text="Ok"
        )
    assert e.value.code == "forbidden"


def test_forwarding_restarts_the_clock_for_the_new_body(
    official, other_official, other_body, citizen, body, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    p = make_proposal(author=citizen, addressee=body, received=dt.date(2026, 3, 2))
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    services.proposal_change_status(
        actor=official,
        proposal=p,
        to_status=Status.FORWARDED,
        text="Передано по компетенции.",
        forward_to=other_body,
    )
    p.refresh_from_db()
    assert p.addressee == other_body and p.clock_started_on == dt.date(2026, 3, 10)
    assert p.due_at == add_working_days(dt.date(2026, 3, 10), 15)
    # now the new body answers, the first cannot
    with pytest.raises(ProposalError):
        services.proposal_change_status(actor=official, proposal=p, to_status=Status.ANSWERED, text="x")
    services.proposal_change_status(
        actor=other_official, proposal=p, to_status=Status.ANSWERED, text="Разъяснение."
    )


def test_forwarding_up_is_for_moderators(official, moderator, proposal):
    with pytest.raises(ProposalError) as e:
        services.proposal_change_status(
            actor=official,
            proposal=proposal,
            to_status=Status.FORWARDED,
            text="x",
            forward_up=ForwardUp.CIVIL_FORUM,
        )
    assert e.value.code == "forbidden"
    services.proposal_change_status(
        actor=moderator, proposal=proposal, to_status=Status.FORWARDED, text="На Гражданский форум.",
        forward_up=ForwardUp.CIVIL_FORUM,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.forwarded_up == ForwardUp.CIVIL_FORUM


def test_extension_once_to_two_months(official, proposal, django_capture_on_commit_callbacks):
    with pytest.raises(ProposalError):
        services.proposal_extend(actor=official, proposal=proposal, text="")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_extend(actor=official, proposal=proposal, text="Нужна проверка на месте.")
    proposal.refresh_from_db()
    assert proposal.extended
    assert proposal.due_at == deadlines.extended_due(proposal.clock_started_on)
    assert proposal.due_at >= proposal.clock_started_on + relativedelta(months=2)
    with pytest.raises(ProposalError):
        services.proposal_extend(actor=official, proposal=proposal, text="Ещё раз.")
    assert len(mail.outbox) == 1


def test_no_extension_once_the_deadline_has_passed(citizen, official, body):
    late = make_proposal(author=citizen, addressee=body, received=dt.date(2026, 1, 5))
    before = (late.due_at, late.extended)
    with time_machine.travel(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC), tick=False):
        assert late.is_overdue() and not permissions.can_extend(official, late)
        with pytest.raises(ProposalError) as error:
            services.proposal_extend(actor=official, proposal=late, text="Нужна проверка на месте.")
    assert error.value.code == "not_allowed"
    assert "уже прошёл" in error.value.messages[0]
    late.refresh_from_db()
    assert (late.due_at, late.extended) == before
    assert not ProposalEvent.objects.filter(proposal=late, kind="extended").exists()


@pytest.mark.parametrize(
    "received, due",
    [
        (dt.date(2026, 1, 21), dt.date(2026, 3, 26)),  # Saturday 21 March: Nauryz until the 25th
        (dt.date(2026, 1, 7), dt.date(2026, 3, 10)),  # Saturday 7 March, then 8 March moved to Monday
        (dt.date(2026, 1, 12), dt.date(2026, 3, 12)),  # a working day stays
    ],
)
def test_extended_deadline_falls_on_a_working_day(citizen, official, body, received, due):
    p = make_proposal(author=citizen, addressee=body, received=received)
    with time_machine.travel(dt.datetime.combine(received + dt.timedelta(days=7), dt.time(10), dt.UTC)):
        services.proposal_extend(actor=official, proposal=p, text="Нужен выезд на место.")
    p.refresh_from_db()
    assert p.due_at == due and is_working_day(p.due_at)


def test_overdue_is_a_cheap_filter(citizen, body, official):
    late = make_proposal(author=citizen, addressee=body, received=dt.date(2025, 1, 6))
    make_proposal(author=citizen, addressee=body)
    assert list(selectors.proposal_list(selectors.ProposalFilters(overdue=True))) == [late]
    services.proposal_change_status(actor=official, proposal=late, to_status=Status.ANSWERED, text="Ответ.")
    assert selectors.overdue_count() == 0


def test_supports_once_withdrawable(citizen, outsider, proposal):
    assert services.support_add(user=citizen, proposal=proposal) == 1
    with pytest.raises(ProposalError) as e:
        services.support_add(user=citizen, proposal=proposal)
    assert e.value.code == "already_supported"
    assert services.support_add(user=outsider, proposal=proposal) == 2
    assert services.support_remove(user=citizen, proposal=proposal) == 1
    with pytest.raises(ProposalError):
        services.support_remove(user=citizen, proposal=proposal)
    with pytest.raises(ProposalError) as e:
        services.support_add(user=UnverifiedUserFactory(), proposal=proposal)
    assert e.value.code == "not_verified"
    assert Proposal.objects.get(pk=proposal.pk).supports == 1


def test_hide_with_reason(moderator, official, proposal, citizen):
    with pytest.raises(ProposalError):
        services.proposal_hide(actor=official, proposal=proposal, reason="x")
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Оскорбления")
    assert not selectors.public().filter(pk=proposal.pk).exists()
    assert ProposalEvent.objects.filter(proposal=proposal, kind="hidden").exists()
    services.proposal_show(actor=moderator, proposal=proposal)
    assert selectors.public().filter(pk=proposal.pk).exists()


def test_similar_proposals_use_embeddings(citizen, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = submit(
            citizen,
            body,
            title="Социальные услуги для пожилых людей",
            text="Расширить социальные услуги пожилым людям на дому.",
        )
        submit(
            citizen, body, title="Велодорожки в центре", text="Построить велодорожки вдоль набережной Иртыша."
        )
    found = selectors.similar_proposals("социальные услуги пожилым")
    assert [p for p, _score in found][:1] == [a]
    assert selectors.likely_duplicates(a) == [] or all(p != a for p, _ in selectors.likely_duplicates(a))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_many_people_support_at_once_and_the_count_is_exact(citizen, body):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    p = make_proposal(author=citizen, addressee=body)
    users = [UserFactory() for _ in range(40)]

    def support(user):
        try:
            services.support_add(user=user, proposal=p)
            with contextlib.suppress(ProposalError):
                services.support_add(user=user, proposal=p)  # a double click
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(support, users))
    p.refresh_from_db()
    assert p.supports == 40 == p.support_rows.count()


def test_outdated_vectors_are_left_out_and_recomputed(
    citizen, body, _fake_similarity, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        a = submit(
            citizen,
            body,
            title="Социальные услуги для пожилых людей",
            text="Социальные услуги пожилым на дому.",
        )
    Proposal.objects.filter(pk=a.pk).update(embedding_version="old-model")
    selectors.similarity_index.invalidate()
    assert selectors.similar_proposals("социальные услуги пожилым") == []
    call_command("embed_proposals", stdout=io.StringIO())
    selectors.similarity_index.invalidate()
    assert [p for p, _ in selectors.similar_proposals("социальные услуги пожилым")] == [a]
