"""GET/POST /api/v1/proposals, GET /api/v1/proposals/{id}, POST/DELETE .../support,
POST .../status (officials of the addressed body; moderators forward up)."""
# No "from __future__ import annotations" here: django-ninja reads the annotations at import.

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from birgemiz.core.api_errors import ApiError
from birgemiz.geo import selectors as geo
from birgemiz.orgs.models import Organisation, Sphere
from birgemiz.proposals import limits, permissions, selectors, services
from birgemiz.proposals.choices import ForwardUp, Language, Sort, Status
from birgemiz.proposals.models import Proposal

router = Router(tags=["proposals"])

#: The service's error codes and the HTTP status each one answers with.
STATUS_OF = {
    "not_verified": 403,
    "forbidden": 403,
    "already_supported": 409,
    "not_supported": 409,
    "transition_not_allowed": 409,
    "not_allowed": 409,
    "answer_required": 422,
    "invalid": 422,
    "invalid_file": 422,
    "not_authenticated": 401,
}


class ProposalOut(Schema):
    id: int
    title: str
    status: Status
    addressee: str
    addressee_name: str
    region: str
    sphere: str | None
    on_behalf_of: str | None
    language: str
    origin: str
    event: str | None
    session: int | None
    supports: int
    created_at: dt.datetime
    due_at: dt.date | None
    overdue: bool
    first_answered_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_addressee(obj):
        return obj.addressee.slug

    @staticmethod
    def resolve_addressee_name(obj):
        return obj.addressee.short_name

    @staticmethod
    def resolve_region(obj):
        return obj.region.slug

    @staticmethod
    def resolve_sphere(obj):
        return obj.sphere.code if obj.sphere_id else None

    @staticmethod
    def resolve_on_behalf_of(obj):
        return obj.on_behalf_of.slug if obj.on_behalf_of_id else None

    @staticmethod
    def resolve_event(obj):
        return obj.origin_event.slug if obj.origin_event_id else None

    @staticmethod
    def resolve_session(obj):
        return obj.origin_session_id

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class EventOut(Schema):
    kind: str
    created_at: dt.datetime
    from_status: str
    to_status: str
    body: str | None
    forwarded_to: str | None
    forwarded_up: str
    text: str
    document: str | None
    due_at: dt.date | None

    @staticmethod
    def resolve_body(obj):
        return obj.body.slug if obj.body_id else None

    @staticmethod
    def resolve_forwarded_to(obj):
        return obj.forwarded_to.slug if obj.forwarded_to_id else None

    @staticmethod
    def resolve_document(obj):
        return reverse("proposals:document", args=[obj.pk]) if obj.document else None


class ProposalDetailOut(ProposalOut):
    text: str
    extended: bool
    forwarded_up: str
    timeline: list[EventOut]

    @staticmethod
    def resolve_timeline(obj):
        return list(obj.events.all())


class ProposalIn(Schema):
    title: str = Field(..., max_length=200)
    text: str = Field(..., max_length=5000)
    addressee: str = Field(..., description="The state body's slug")
    region: str | None = None
    sphere: str | None = None
    on_behalf_of: str | None = Field(None, description="An NGO's slug; you must be its member")
    language: Language = Language.RU


class StatusIn(Schema):
    to_status: Status
    text: str = Field("", max_length=5000)
    forward_to: str | None = Field(None, description="Another state body's slug (for 'forwarded')")
    forward_up: ForwardUp | None = None


class SupportOut(Schema):
    supports: int
    supported: bool


class Filters(Schema):
    status: Status | None = None
    region: str = ""
    body: str = ""
    sphere: str = ""
    event: int | None = None
    session: int | None = None
    overdue: bool = False
    q: str = Field("", max_length=100)
    sort: Sort = Sort.NEWEST


def _raise(error: services.ProposalError):
    code = error.code or "invalid"
    extra = {"errors": [{"field": error.field, "reason": error.messages[0]}]} if error.field else {}
    raise ApiError(STATUS_OF.get(code, 400), code, error.messages[0], **extra)


def _signed_in(request: HttpRequest):
    if not request.user.is_authenticated:
        raise ApiError(401, "not_authenticated", "Sign in or send a token.")
    return request.user


def _visible(request: HttpRequest, proposal_id: int) -> Proposal:
    try:
        proposal = selectors.proposal_get(proposal_id)
    except Proposal.DoesNotExist as error:
        raise ApiError(404, "not_found", "No such proposal.") from error
    if not permissions.can_view(request.user, proposal):
        raise ApiError(404, "not_found", "No such proposal.")
    return proposal


def _org(slug: str | None, field: str) -> Organisation | None:
    if not slug:
        return None
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise ApiError(
            422, "invalid", f"Unknown organisation {slug!r}.", errors=[{"field": field, "reason": "unknown"}]
        )
    return org


def _list_filters(filters: Filters) -> selectors.ProposalFilters:
    f = filters.dict()
    f["status"] = str(f["status"].value) if f["status"] else ""
    f["sort"] = str(f["sort"].value if hasattr(f["sort"], "value") else f["sort"])
    return selectors.ProposalFilters(**f)


class ProposalPagination(PageNumberPagination):
    """Pages as the list page reads them: no joined table (names from the process memos, the
    events of a page in one query) and the exact count from the cache (``list_count``)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        from birgemiz.events.models import Event

        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        items = selectors.with_reference_objects(list(queryset[offset : offset + size]))
        event_ids = {p.origin_event_id for p in items if p.origin_event_id}
        events = Event.objects.only("slug").in_bulk(event_ids) if event_ids else {}
        for p in items:
            p.origin_event = events.get(p.origin_event_id)
        count = selectors.list_count(_list_filters(params["filters"]), None)
        return {self.items_attribute: items, "count": count}


@router.get("", response=list[ProposalOut], summary="Proposals: filters, sorting, pages")
@paginate(ProposalPagination, page_size=50)
def list_proposals(request: HttpRequest, filters: Query[Filters]):
    return selectors.proposal_list(_list_filters(filters), related=selectors.PAGE_RELATED)


@router.get("/{int:proposal_id}", response=ProposalDetailOut, summary="One proposal with its timeline")
def get_proposal(request: HttpRequest, proposal_id: int):
    return _visible(request, proposal_id)


@router.post("", response={201: ProposalDetailOut}, summary="Submit a proposal (verified people)")
def submit(request: HttpRequest, payload: ProposalIn):
    user = _signed_in(request)
    if not limits.allow("submit", request):
        raise ApiError(
            429,
            "rate_limited",
            _("You have sent many proposals in a short while. Please wait a little and try again."),
        )
    region = geo.region_find(payload.region) if payload.region else None
    if payload.region and region is None:
        raise ApiError(422, "invalid", f"Unknown region {payload.region!r}.")
    sphere = Sphere.objects.filter(code=payload.sphere).first() if payload.sphere else None
    try:
        proposal = services.proposal_submit(
            author=user, title=payload.title, text=payload.text,
            addressee=_org(payload.addressee, "addressee"),
            region=region, sphere=sphere, on_behalf_of=_org(payload.on_behalf_of, "on_behalf_of"),
            language=str(payload.language.value),
        )  # fmt: skip
    except services.ProposalError as error:
        _raise(error)
    return HttpStatus(201, selectors.proposal_get(proposal.pk))


@router.post("/{int:proposal_id}/support", response=SupportOut, summary="Support a proposal (once)")
def support(request: HttpRequest, proposal_id: int):
    user = _signed_in(request)
    proposal = _visible(request, proposal_id)
    try:
        count = services.support_add(user=user, proposal=proposal)
    except services.ProposalError as error:
        _raise(error)
    return SupportOut(supports=count, supported=True)


@router.delete("/{int:proposal_id}/support", response=SupportOut, summary="Withdraw your support")
def unsupport(request: HttpRequest, proposal_id: int):
    user = _signed_in(request)
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    try:
        count = services.support_remove(user=user, proposal=proposal)
    except services.ProposalError as error:
        _raise(error)
    return SupportOut(supports=count, supported=False)


@router.post(
    "/{int:proposal_id}/status",
    response=ProposalDetailOut,
    summary="Change the status with a public text (officials of the addressed body; moderators forward up)",
)
def change_status(request: HttpRequest, proposal_id: int, payload: StatusIn):
    user = _signed_in(request)
    proposal = _visible(request, proposal_id)
    if not permissions.can_change_status(user, proposal):
        raise ApiError(403, "forbidden", _("Only officials of the addressed body may do this."))
    try:
        services.proposal_change_status(
            actor=user, proposal=proposal, to_status=str(payload.to_status.value), text=payload.text,
            forward_to=_org(payload.forward_to, "forward_to"),
            forward_up=str(payload.forward_up.value) if payload.forward_up else "",
        )  # fmt: skip
    except services.ProposalError as error:
        _raise(error)
    return selectors.proposal_get(proposal.pk)
