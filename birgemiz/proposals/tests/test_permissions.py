"""Every role against every write: the services refuse exactly what the predicates refuse."""

import pytest
from django.contrib.auth.models import AnonymousUser

from birgemiz.core.testing import UnverifiedUserFactory, UserFactory
from birgemiz.proposals import permissions, services
from birgemiz.proposals.choices import ForwardUp, Status
from birgemiz.proposals.services import ProposalError
from birgemiz.proposals.tests.factories import make_proposal

ROLES = [
    "author",
    "ngo_leader",
    "official",
    "other_official",
    "editor",
    "moderator",
    "outsider",
    "unverified",
]

#: write → the roles allowed to do it (on a fresh proposal by ``author`` to ``official``'s body).
ALLOWED = {
    "submit": {"author", "ngo_leader", "official", "other_official", "editor", "moderator", "outsider"},
    "submit_for_ngo": {"ngo_leader"},
    "edit": {"author"},
    "answer": {"official"},
    "forward_to_body": {"official", "moderator"},
    "forward_up": {"moderator"},
    "extend": {"official"},
    "hide": {"moderator"},
    "wall": {"moderator"},
    "support": {"author", "ngo_leader", "official", "other_official", "editor", "moderator", "outsider"},
    "comment": {"author", "ngo_leader", "official", "other_official", "editor", "moderator", "outsider"},
}


@pytest.fixture
def people(citizen, ngo_leader, official, other_official, editor, moderator, outsider, ngo, body, other_body):
    return {
        "author": citizen, "ngo_leader": ngo_leader, "official": official, "other_official": other_official,
        "editor": editor, "moderator": moderator, "outsider": outsider, "unverified": UnverifiedUserFactory(),
    }  # fmt: skip


def attempt(write, user, *, proposal, body, other_body, ngo):
    text = "Текст предложения для проверки прав."
    if write == "submit":
        return services.proposal_submit(author=user, title="Заголовок", text=text, addressee=body)
    if write == "submit_for_ngo":
        return services.proposal_submit(
            author=user, title="Заголовок", text=text, addressee=body, on_behalf_of=ngo
        )
    if write == "edit":
        return services.proposal_edit(actor=user, proposal=proposal, title="Новый", text=text)
    if write == "answer":
        return services.proposal_change_status(
            actor=user, proposal=proposal, to_status=Status.ANSWERED, text="Ответ"
        )
    if write == "forward_to_body":
        return services.proposal_change_status(
            actor=user, proposal=proposal, to_status=Status.FORWARDED, text="Передано", forward_to=other_body
        )
    if write == "forward_up":
        return services.proposal_change_status(
            actor=user,
            proposal=proposal,
            to_status=Status.FORWARDED,
            text="Наверх",
            forward_up=ForwardUp.WORKING_GROUP,
        )
    if write == "extend":
        return services.proposal_extend(actor=user, proposal=proposal, text="Нужно время")
    if write == "hide":
        return services.proposal_hide(actor=user, proposal=proposal, reason="Причина")
    if write == "wall":
        return services.proposal_set_on_wall(actor=user, proposal=proposal, shown=False)
    if write == "support":
        return services.support_add(user=user, proposal=proposal)
    if write == "comment":
        return services.comment_add(author=user, proposal=proposal, text="Комментарий")
    raise AssertionError(write)


@pytest.mark.parametrize("write", sorted(ALLOWED))
def test_every_role_against_every_write(write, people, body, other_body, ngo):
    for role in ROLES:
        proposal = make_proposal(author=people["author"], addressee=body)
        user = people[role]
        kwargs = {"proposal": proposal, "body": body, "other_body": other_body, "ngo": ngo}
        if role in ALLOWED[write]:
            attempt(write, user, **kwargs)
        else:
            with pytest.raises(ProposalError):
                attempt(write, user, **kwargs)


def test_editing_stops_once_the_body_acts(citizen, official, body):
    for status in Status.values:
        p = make_proposal(author=citizen, addressee=body, status=status)
        assert permissions.can_edit(citizen, p) == (status == Status.RECEIVED)


def test_nobody_answers_a_closed_proposal(citizen, official, body):
    for status in (Status.ANSWERED, Status.REJECTED, Status.IMPLEMENTED):
        assert not permissions.can_answer(
            official, make_proposal(author=citizen, addressee=body, status=status)
        )


def test_anonymous_may_only_read(proposal):
    anonymous = AnonymousUser()
    assert permissions.can_view(anonymous, proposal)
    assert not any(
        check(anonymous, proposal)
        for check in (permissions.can_edit, permissions.can_answer, permissions.can_support)
    )
    assert not permissions.can_submit(anonymous)


def test_hidden_proposal_visible_to_author_body_and_moderators(
    citizen, official, moderator, outsider, proposal
):
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Проверка")
    proposal.refresh_from_db()
    people = (citizen, official, moderator, outsider, UserFactory())
    assert [permissions.can_view(u, proposal) for u in people] == [True, True, True, False, False]
