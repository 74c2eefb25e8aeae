"""GET /api/v1/polls, GET /api/v1/polls/{id}, POST /api/v1/polls/{id}/vote."""
# No "from __future__ import annotations" here: django-ninja reads the annotations at import.

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import SessionAuth
from pydantic import Field

from birgemiz.accounts.api_auth import BearerTokenAuth, OptionalAuth
from birgemiz.core.api_errors import ApiError
from birgemiz.core.ratelimit import hit_request
from birgemiz.polls import permissions, selectors, services
from birgemiz.polls.choices import PollMode
from birgemiz.polls.models import Poll
from birgemiz.polls.voters import known_voter_key, refuse_foreign_request, remember_voter, voter_key_for_vote

router = Router(tags=["polls"])


class SessionAuthWhenSignedIn(SessionAuth):
    """The session, CSRF-checked, only when the caller sends a session cookie. An anonymous vote
    in an open poll carries no session that a forged request could borrow (the voter cookie is
    SameSite=Lax, so a cross-site post arrives as a new browser, which the per-address rate limit
    covers); a signed-in browser's vote is CSRF-checked as everywhere else."""

    def __call__(self, request: HttpRequest):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)


class AnswerOut(Schema):
    id: int
    text_ru: str
    text_kk: str


class PollOut(Schema):
    id: int
    question_ru: str
    question_kk: str
    kind: str
    max_choices: int
    allow_other: bool
    mode: str
    region: str | None
    topic: str
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    results_visibility: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_region(obj):
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_status(obj):
        return obj.effective_status  # by the clock: past its closing time an open poll is closed

    @staticmethod
    def resolve_max_choices(obj):
        return obj.choice_limit

    @staticmethod
    def resolve_answers(obj):
        return list(obj.answers.all())


class ResultOut(Schema):
    answer_id: int
    votes: int
    percent: int


class RegionAnswerOut(Schema):
    answer_id: int
    votes: int


class RegionResultOut(Schema):
    region: str | None = Field(description="the region's slug; null for voters without a region")
    name: str
    voters: int | None = Field(description="null when hidden")
    results: list[RegionAnswerOut] | None = Field(description="null when hidden")
    hidden: str | None = Field(
        description="fewer_than_5: too few voters to show; withheld: hidden so that a smaller region's "
        "figures cannot be worked out from the totals; null: shown"
    )


class PollDetailOut(PollOut):
    results: list[ResultOut] | None
    voters: int | None
    by_region: list[RegionResultOut] | None = Field(
        description="verified polls whose results are visible: results by the voters' region"
    )

    @staticmethod
    def resolve_by_region(obj):
        return getattr(obj, "visible_by_region", None)

    @staticmethod
    def resolve_results(obj):
        return getattr(obj, "visible_results", None)

    @staticmethod
    def resolve_voters(obj):
        return getattr(obj, "visible_voters", None)


class Filters(Schema):
    region: str = Field("", max_length=60)
    status: str = Field("", max_length=20)


class VoteIn(Schema):
    choices: list[int] = Field(default_factory=list, max_length=50)
    other: str = Field("", max_length=300)


class VoteOut(Schema):
    vote_id: int
    changed: bool


def _poll(poll_id: int, *, cached: bool = False) -> Poll:
    try:
        poll = selectors.poll_for_vote(poll_id) if cached else selectors.poll_get(poll_id)
    except Poll.DoesNotExist:
        raise ApiError(404, "not_found", "No such poll.") from None
    if poll.status == "draft":
        raise ApiError(404, "not_found", "No such poll.")
    return poll


@router.get("", response=list[PollOut], summary="Public polls, newest first")
@paginate(PageNumberPagination, page_size=50)
def list_polls(request: HttpRequest, filters: Query[Filters]):
    return selectors.poll_list(region=filters.region, status=filters.status)


@router.get("/{int:poll_id}", response=PollDetailOut, summary="One poll, with results when they are visible")
def get_poll(request: HttpRequest, poll_id: int):
    poll = _poll(poll_id)
    voted = services.has_voted(poll, known_voter_key(request))
    if permissions.can_see_results(request.user, poll, has_voted=voted):
        results = selectors.results(poll)
        poll.visible_results = [
            {"answer_id": r.answer.pk, "votes": r.count, "percent": r.percent} for r in results.rows
        ]
        poll.visible_voters = results.voters
        if poll.mode == PollMode.VERIFIED:
            answer_ids = [r.answer.pk for r in results.rows]
            poll.visible_by_region = [
                {
                    "region": row.slug,
                    "name": row.name,
                    "voters": row.voters,
                    "results": None
                    if row.hidden
                    else [{"answer_id": a, "votes": n} for a, n in zip(answer_ids, row.counts, strict=True)],
                    "hidden": {"fewer": f"fewer_than_{selectors.MIN_GROUP}", "withheld": "withheld"}.get(
                        row.hidden
                    ),
                }
                for row in selectors.results_by_region(poll)
            ]
    return poll


@router.post(
    "/{int:poll_id}/vote",
    response={201: VoteOut, 200: VoteOut},
    auth=[BearerTokenAuth(), SessionAuthWhenSignedIn(), OptionalAuth()],
    summary="Vote: {choices: [answer ids]} as application/json; codes closed, not_open_yet, already_voted "
    "(409), too_many_choices, empty_choices, unknown_choice, wrong_region, not_verified, bad_cookie, "
    "cross_site (403), unsupported_media_type (415)",
)
def vote(request: HttpRequest, poll_id: int, payload: VoteIn, response: HttpResponse):
    try:
        refuse_foreign_request(request, json_body=True)
    except services.PollError as error:
        raise ApiError(error.status, error.code, error.messages[0]) from None
    poll = _poll(poll_id, cached=True)
    status, body, token = cast_vote_for_request(request, poll, payload.choices, payload.other)
    if status >= 400:
        raise ApiError(status, body["code"], body["detail"])
    remember_voter(response, token)
    return Status(status, VoteOut(**body))


def cast_vote_for_request(request: HttpRequest, poll: Poll, choices: list[int], other: str):
    """The vote of whoever sends ``request``: (status, body, new voter cookie or None).

    Shared by the API endpoint and the lean path in ``polls/fastpath.py``, so both apply the
    same rules: the per-address limit of open polls, the voter cookie, the vote service."""
    try:
        if poll.mode == PollMode.OPEN and not hit_request("poll_vote", request):
            raise services.PollError(
                _("Too many votes from your network address. Try again in a minute."), "rate_limited"
            )
        key, token = voter_key_for_vote(request)
        result = services.vote_cast(
            poll=poll, voter_key=key, user=request.user, answer_ids=choices, other_text=other
        )
    except services.PollError as error:
        return error.status, {"detail": error.messages[0], "code": error.code}, None
    return (200 if result.changed else 201), {"vote_id": result.vote_id, "changed": result.changed}, token
