"""Named predicates about proposals: each is a question a page or the API asks."""

from __future__ import annotations

from birgemiz.accounts.permissions import can_participate, is_signed_in
from birgemiz.orgs.choices import OrgKind
from birgemiz.orgs.models import Membership, Organisation
from birgemiz.proposals.choices import Status
from birgemiz.proposals.models import Comment, Proposal


def _memberships(user) -> dict[int, str]:
    """organisation id → kind, for the person's confirmed memberships (cached per request)."""
    if not is_signed_in(user):
        return {}
    cached = user.__dict__.get("_proposal_memberships")
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "organisation__kind")
        )
        user.__dict__["_proposal_memberships"] = cached
    return cached


def is_moderator(user) -> bool:
    return is_signed_in(user) and user.has_perm("proposals.moderate_proposal")


def is_official_of(user, body: Organisation | int | None) -> bool:
    """A person with a confirmed membership in this state body."""
    body_id = getattr(body, "pk", body)
    return body_id is not None and _memberships(user).get(body_id) == OrgKind.STATE_BODY


def is_official(user) -> bool:
    return OrgKind.STATE_BODY in _memberships(user).values()


def can_submit(user) -> bool:
    """Verified citizens submit (anonymous appeals are not considered)."""
    return can_participate(user)


def can_submit_at_panel(user) -> bool:
    """A signed-in delegate at an open panel, even before confirming the e-mail address."""
    return is_signed_in(user)


def can_submit_for(user, org: Organisation | None) -> bool:
    """On behalf of an NGO: only a confirmed member of that NGO."""
    if org is None:
        return can_submit(user)
    return can_submit(user) and org.kind == OrgKind.NGO and org.pk in _memberships(user)


def ngos_of(user) -> list[int]:
    return [pk for pk, kind in _memberships(user).items() if kind == OrgKind.NGO]


def can_edit(user, proposal: Proposal) -> bool:
    """The author, while nobody has acted on it yet."""
    return can_participate(user) and proposal.author_id == user.pk and proposal.status == Status.RECEIVED


def can_answer(user, proposal: Proposal) -> bool:
    """Only officials of the body the proposal is addressed to answer it."""
    return not proposal.is_final and is_official_of(user, proposal.addressee_id)


def can_change_status(user, proposal: Proposal) -> bool:
    """Whether the person takes part in the proposal's workflow at all (officials of the
    addressed body, moderators); which move each may make is decided by the others."""
    return is_official_of(user, proposal.addressee_id) or is_moderator(user)


def can_forward_up(user, proposal: Proposal) -> bool:
    """Sending a proposal to the national Civil Forum or a working group is a moderator's call."""
    return not proposal.is_final and is_moderator(user)


def can_extend(user, proposal: Proposal) -> bool:
    """Once, by the addressed body, while the first answer is not yet overdue."""
    return (
        can_answer(user, proposal)
        and not proposal.extended
        and proposal.due_at is not None
        and not proposal.is_overdue()
    )


def can_view(user, proposal: Proposal) -> bool:
    """Hidden proposals stay visible to their author, the addressed body and moderators."""
    if not proposal.is_hidden:
        return True
    return is_signed_in(user) and (
        proposal.author_id == user.pk or is_moderator(user) or is_official_of(user, proposal.addressee_id)
    )


def can_support(user, proposal: Proposal) -> bool:
    return can_participate(user) and not proposal.is_hidden


def can_comment(user, proposal: Proposal) -> bool:
    return can_participate(user) and not proposal.is_hidden


def can_report(user, comment: Comment) -> bool:
    return can_participate(user) and comment.author_id != user.pk


def can_follow(user) -> bool:
    return is_signed_in(user)


def can_moderate(user) -> bool:
    """Hide a proposal or a comment, take a proposal off the wall, see likely duplicates."""
    return is_moderator(user)
