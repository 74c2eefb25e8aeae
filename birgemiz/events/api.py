"""GET /api/v1/events, GET /api/v1/events/{id} with its programme,
POST/DELETE /api/v1/events/{id}/registrations for the signed-in person.

Registration refusals carry a code: ``closed``, ``already_registered``, ``quota_reached``,
``region_required`` (the event keeps places per region and the person named none);
when every place is taken the person is put on the waiting list and the answer is 202 with
the code ``full_waitlisted`` and the registration.
"""
# No "from __future__ import annotations" here: django-ninja reads the annotations at import.

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from birgemiz.core.api_errors import ApiError
from birgemiz.events import permissions, selectors, services
from birgemiz.events.choices import EventFormat, EventKind, EventStatus, Participation, RegStatus
from birgemiz.events.models import Event, Registration
from birgemiz.geo.selectors import region_find
from birgemiz.orgs.models import Organisation

router = Router(tags=["events"])

ERROR_STATUS = {"closed": 409, "already_registered": 409, "quota_reached": 409, "region_required": 400}


class OrganiserOut(Schema):
    id: int
    name: str
    role: str

    @staticmethod
    def resolve_id(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_name(obj):
        return obj.organisation.display_name


class EventOut(Schema):
    id: int
    slug: str
    kind: EventKind
    format: EventFormat
    status: EventStatus
    title: str
    title_ru: str
    title_kk: str
    theme_ru: str
    theme_kk: str
    ordinal: int | None
    region: str | None
    city: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    address: str
    capacity: int | None
    url: str

    @staticmethod
    def resolve_title(obj):
        return obj.full_title

    @staticmethod
    def resolve_region(obj):
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class SpeakerOut(Schema):
    role: str
    name: str
    title: str
    organisation: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_label


class SessionOut(Schema):
    id: int
    kind: str
    title_ru: str
    title_kk: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    capacity: int | None
    places_left: int | None = None
    collects_proposals: bool
    speakers: list[SpeakerOut]

    @staticmethod
    def resolve_speakers(obj):
        return list(obj.speakers.all())


class EventDetailOut(EventOut):
    description_ru: str
    description_kk: str
    organisers: list[OrganiserOut]
    programme: list[SessionOut]
    confirmed: int

    @staticmethod
    def resolve_organisers(obj):
        return list(obj.organisers.all())


class Filters(Schema):
    region: str = ""
    kind: str = ""
    organiser: str = ""
    month: str = ""
    when: str = "upcoming"


class RegistrationIn(Schema):
    participation: Participation = Participation.OFFLINE
    organisation_name: str = ""
    role: str = ""
    region: str = Field("", description="Region slug; required when the event keeps places per region")
    organisation: int | None = Field(None, description="Registry organisation id (its quota counts)")


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: RegStatus
    participation: Participation
    created_at: dt.datetime


class RegisteredOut(Schema):
    detail: str
    code: str
    registration: RegistrationOut


def _visible(request: HttpRequest, event_id: int) -> Event:
    event = selectors.event_get_by_pk(event_id)
    if event is None or not permissions.can_view_event(request.user, event):
        raise ApiError(404, "not_found", "No such event.")
    return event


def _signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise ApiError(401, "not_authenticated", "Sign in or send a token.")


@router.get("", response=list[EventOut], summary="The calendar: filters by region, kind, organiser, month")
@paginate(PageNumberPagination, page_size=50)
def list_events(request: HttpRequest, filters: Query[Filters]):
    return selectors.event_list(selectors.EventFilters(**filters.dict()))


@router.get("/{int:event_id}", response=EventDetailOut, summary="One event with its programme")
def get_event(request: HttpRequest, event_id: int):
    event = _visible(request, event_id)
    event.programme = selectors.event_programme(event)
    event.confirmed = selectors.confirmed_count(event)
    return event


@router.post(
    "/{int:event_id}/registrations",
    response={201: RegisteredOut, 202: RegisteredOut},
    summary="Register the signed-in person",
)
def register(request: HttpRequest, event_id: int, payload: RegistrationIn):
    _signed_in(request)
    event = _visible(request, event_id)
    if not permissions.can_register(request.user, event):
        if event.status not in (EventStatus.PUBLISHED, EventStatus.POSTPONED):
            raise ApiError(409, "closed", "Registration is closed.")
        raise ApiError(403, "forbidden", "Confirm your e-mail address to register for events.")
    region = None
    if payload.region:
        region = region_find(payload.region)
        if region is None:
            raise ApiError(400, "bad_region", "No region with this slug.")
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise ApiError(400, "bad_organisation", "No organisation with this id in the registry.")
    try:
        registration = services.registration_create(
            event=event,
            user=request.user,
            data=services.RegistrationInput(
                participation=payload.participation,
                organisation=organisation,
                organisation_name=payload.organisation_name,
                role=payload.role,
                region=region,
            ),
        )
    except services.EventError as error:
        raise ApiError(ERROR_STATUS.get(error.code, 400), error.code, error.message) from error
    if registration.status == RegStatus.WAITLISTED:
        return Status(
            202,
            {
                "detail": "Every place is taken: you are on the waiting list.",
                "code": "full_waitlisted",
                "registration": registration,
            },
        )
    return Status(201, {"detail": "Registered.", "code": registration.status, "registration": registration})


@router.delete("/{int:event_id}/registrations", response={204: None}, summary="Cancel my registration")
def cancel(request: HttpRequest, event_id: int):
    _signed_in(request)
    event = _visible(request, event_id)
    registration = Registration.objects.filter(
        event=event,
        user=request.user,
        status__in=[RegStatus.CONFIRMED, RegStatus.WAITLISTED, RegStatus.PENDING],
    ).first()
    if registration is None:
        raise ApiError(404, "not_registered", "You are not registered for this event.")
    services.registration_cancel(registration=registration, actor=request.user)
    return Status(204, None)
