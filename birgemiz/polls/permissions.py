"""Named predicates about polls."""

from __future__ import annotations

from birgemiz.accounts.permissions import is_signed_in
from birgemiz.orgs.choices import MemberRole, OrgKind
from birgemiz.orgs.models import Membership
from birgemiz.polls.models import Poll


def is_state_official(user) -> bool:
    """A leader or editor of a state body speaks for it (and may ask the public)."""
    return (
        is_signed_in(user)
        and Membership.objects.filter(
            user=user, organisation__kind=OrgKind.STATE_BODY, role__in=[MemberRole.LEADER, MemberRole.EDITOR]
        ).exists()
    )


def can_create_poll(user) -> bool:
    """Editors (staff) and officials of state bodies, with a verified e-mail address."""
    if not (is_signed_in(user) and user.is_verified):
        return False
    return user.has_perm("polls.add_poll") or is_state_official(user)


def can_manage_poll(user, poll: Poll) -> bool:
    """The author, or staff who may change polls: open, close, archive, export."""
    return is_signed_in(user) and (poll.author_id == user.pk or user.has_perm("polls.change_poll"))


def can_see_other_answers(user, poll: Poll) -> bool:
    """Answers in the voters' own words are read by the poll's author and editors, never shown
    to the public (a voter may write anything, their name included)."""
    return can_manage_poll(user, poll)


def can_see_results(user, poll: Poll, *, has_voted: bool, now=None) -> bool:
    from birgemiz.polls.choices import ResultsVisibility

    if poll.results_visibility == ResultsVisibility.ALWAYS or can_manage_poll(user, poll):
        return True
    if poll.results_visibility == ResultsVisibility.AFTER_VOTE:
        return has_voted or poll.is_over(now)
    return poll.is_over(now)
