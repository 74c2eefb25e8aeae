"""Every role against every write: the services refuse exactly what the predicates refuse.

One table (``ALLOWED``): each write, on a fresh proposal by ``author`` addressed to
``official``'s body, and the roles that may do it; every other role must get a
``ProposalError`` and nothing else.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from birgemiz.core.testing import UnverifiedUserFactory, UserFactory
from birgemiz.proposals import permissions, services
from birgemiz.proposals.choices import FINAL, TRANSITIONS, ForwardUp, Status
from birgemiz.proposals.models import Comment, Proposal, Support
from birgemiz.proposals.services import ProposalError
from birgemiz.proposals.tests.factories import make_proposal

ROLES = (
    "guest", "unverified", "citizen", "author", "ngo_leader",
    "official", "other_official", "moderator", "editor",
)  # fmt: skip
SIGNED_IN = set(ROLES) - {"guest"}
VERIFIED = SIGNED_IN - {"unverified"}
OFFICIAL, MODERATOR = {"official"}, {"moderator"}


def _transitions() -> dict[str, set[str]]:
    """Every move of the status table, and a move out of each final status (nobody)."""
    rows = {}
    for from_status, targets in TRANSITIONS.items():
        for to_status in targets:
            rows[f"{from_status}>{to_status}"] = (
                {"official", "moderator"} if to_status == Status.FORWARDED else OFFICIAL
            )
        if Status.FORWARDED in targets:
            rows[f"{from_status}>forwarded_up"] = MODERATOR
    for from_status in FINAL:
        rows[f"{from_status}>{Status.UNDER_CONSIDERATION}"] = set()
    return rows


ALLOWED: dict[str, set[str]] = {
    "submit": VERIFIED,
    "submit_for_ngo": {"ngo_leader"},
    "submit_at_panel": SIGNED_IN,  # a delegate in the hall, even before confirming the address
    "edit": {"author"},
    **_transitions(),
    "extend": OFFICIAL,
    "hide": MODERATOR,
    "show": MODERATOR,
    "wall": MODERATOR,
    "panel_create": MODERATOR,
    "panel_close": MODERATOR,
    "panel_open": MODERATOR,
    "support": VERIFIED,
    "withdraw": SIGNED_IN,  # whoever has a support takes it back
    "follow": SIGNED_IN,
    "unfollow": SIGNED_IN,
    "comment": VERIFIED,
    "report_comment": VERIFIED,  # anyone's but one's own (the comment is a third person's)
    "hide_comment": MODERATOR,
    "show_comment": MODERATOR,
}


@pytest.fixture
def people(citizen, ngo_leader, official, other_official, editor, moderator, outsider, ngo, body, other_body):
    return {
        "guest": AnonymousUser(), "unverified": UnverifiedUserFactory(),
        "citizen": outsider, "author": citizen,
        "ngo_leader": ngo_leader, "official": official, "other_official": other_official,
        "moderator": moderator, "editor": editor,
    }  # fmt: skip


@pytest.fixture
def panel(moderator, body):
    return services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)


def attempt(write, user, *, proposal, body, other_body, ngo, panel, commenter):
    text = "Текст предложения для проверки прав."
    if ">" in write:
        to_status = write.split(">")[1]
        extra = {}
        if to_status == "forwarded_up":
            to_status, extra = Status.FORWARDED, {"forward_up": ForwardUp.WORKING_GROUP}
        elif to_status == Status.FORWARDED:
            extra = {"forward_to": other_body}
        return services.proposal_change_status(
            actor=user, proposal=proposal, to_status=to_status, text="Публичный ответ", **extra
        )
    if write == "submit":
        return services.proposal_submit(author=user, title="Заголовок", text=text, addressee=body)
    if write == "submit_for_ngo":
        return services.proposal_submit(
            author=user, title="Заголовок", text=text, addressee=body, on_behalf_of=ngo
        )
    if write == "submit_at_panel":
        return services.proposal_submit(author=user, title="Идея", text="", addressee=None, panel=panel)
    if write == "edit":
        return services.proposal_edit(actor=user, proposal=proposal, title="Новый", text=text)
    if write == "extend":
        return services.proposal_extend(actor=user, proposal=proposal, text="Нужно время")
    if write == "hide":
        return services.proposal_hide(actor=user, proposal=proposal, reason="Причина")
    if write == "show":
        return services.proposal_show(actor=user, proposal=proposal)
    if write == "wall":
        return services.proposal_set_on_wall(actor=user, proposal=proposal, shown=False)
    if write == "panel_create":
        return services.panel_create(actor=user, title="Ещё одна панель", addressee=body)
    if write in ("panel_close", "panel_open"):
        return services.panel_set_open(actor=user, panel=panel, is_open=write == "panel_open")
    if write == "support":
        return services.support_add(user=user, proposal=proposal)
    if write == "withdraw":
        return services.support_remove(user=user, proposal=proposal)
    if write == "follow":
        return services.follow(user=user, proposal=proposal)
    if write == "unfollow":
        return services.unfollow(user=user, proposal=proposal)
    if write == "comment":
        return services.comment_add(author=user, proposal=proposal, text="Комментарий")
    comment = services.comment_add(author=commenter, proposal=proposal, text="Чужой комментарий")
    if write == "report_comment":
        return services.comment_report(user=user, comment=comment, reason="Оскорбление")
    if write in ("hide_comment", "show_comment"):
        if write == "show_comment":
            Comment.objects.filter(pk=comment.pk).update(hidden=True)
            Proposal.objects.filter(pk=proposal.pk).update(comments_count=0)
        return services.comment_moderate(actor=user, comment=comment, hidden=write == "hide_comment")
    raise AssertionError(write)


def _proposal_for(write, people, body):
    status = write.split(">")[0] if ">" in write else Status.RECEIVED
    proposal = make_proposal(author=people["author"], addressee=body, status=status)
    if write == "show":
        services.proposal_hide(actor=people["moderator"], proposal=proposal, reason="Проверка")
        proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize("write", list(ALLOWED))
def test_every_role_against_every_write(write, people, body, other_body, ngo, panel):
    commenter = UserFactory()
    done = set()
    for role in ROLES:
        user = people[role]
        proposal = _proposal_for(write, people, body)
        if write == "withdraw" and role in SIGNED_IN:
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(supports=1)
        kwargs = {"proposal": proposal, "body": body, "other_body": other_body, "ngo": ngo, "panel": panel}
        try:
            attempt(write, user, commenter=commenter, **kwargs)
        except ProposalError:
            continue
        done.add(role)
    assert done == ALLOWED[write]


def test_the_table_covers_every_transition():
    moves = {f"{a}>{b}" for a, targets in TRANSITIONS.items() for b in targets}
    assert moves <= set(ALLOWED)


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
