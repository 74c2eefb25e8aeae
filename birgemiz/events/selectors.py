"""Every read the event pages, the calendar and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from birgemiz.core.memo import VersionedMemo
from birgemiz.events.choices import ACTIVE_STATUSES, ORGANISING_ROLES, EventStatus, RegStatus
from birgemiz.events.models import Event, EventOrganiser, Registration, Session, Speaker

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.POSTPONED)


@dataclass
class EventFilters:
    region: str = ""
    kind: str = ""
    organiser: str = ""  # organisation slug
    month: str = ""  # "2025-10"
    when: str = "upcoming"  # upcoming | past | all
    q: str = ""

    def month_range(self) -> tuple[dt.datetime, dt.datetime] | None:
        try:
            year, month = (int(x) for x in self.month.split("-"))
            start = dt.datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
        except (ValueError, TypeError):
            return None
        end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=start.tzinfo)
        return start, end

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and not (k == "when" and v == "upcoming")}


def _load_organiser_options() -> list:
    from birgemiz.orgs.models import Organisation

    return list(
        Organisation.objects.filter(event_roles__event__status__in=PUBLIC_STATUSES)
        .select_related("legal_form")
        .distinct()
        .order_by("name_ru", "pk")
    )


#: Organisations that organise or partner public events, for the calendar's organiser filter;
#: kept in each process until an event, its organisers or an organisation changes (signals.py).
organiser_options: VersionedMemo[list] = VersionedMemo("events:organiser-options", _load_organiser_options)


def _organisers_prefetch() -> Prefetch:
    return Prefetch(
        "organisers",
        queryset=EventOrganiser.objects.select_related("organisation", "organisation__legal_form"),
    )


def event_list(filters: EventFilters | None = None, *, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Public events, upcoming first in date order or past latest first."""
    filters = filters or EventFilters()
    now = now or timezone.now()
    qs = Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("region", "city", "series")
    if filters.region:
        qs = qs.filter(region__slug=filters.region)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organiser:
        qs = qs.filter(organisers__organisation__slug=filters.organiser).distinct()
    if filters.q:
        qs = qs.filter(Q(title_ru__icontains=filters.q) | Q(title_kk__icontains=filters.q))
    month = filters.month_range()
    if month:
        qs = qs.filter(starts_at__gte=month[0], starts_at__lt=month[1]).order_by("starts_at", "id")
    elif filters.when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    elif filters.when == "upcoming":
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs


def _confirmed_subquery() -> Subquery:
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=RegStatus.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(confirmed), 0)


def event_get(slug: str) -> Event:
    """An event for its page: organisers, photos, news links and the confirmed count."""
    return (
        Event.objects.select_related("region", "city", "series", "created_by")
        .annotate(confirmed_total=_confirmed_subquery())
        .prefetch_related(_organisers_prefetch(), "photos", "links")
        .get(slug=slug)
    )


def event_get_for_manage(slug: str) -> Event:
    """An event for the organisers' pages: no gallery, links or counts they do not show."""
    return Event.objects.select_related("region", "city", "series").get(slug=slug)


def event_get_by_pk(pk: int) -> Event | None:
    """An event for the API: its organisers and the confirmed count (no gallery)."""
    return (
        Event.objects.select_related("region", "city", "series")
        .annotate(confirmed_total=_confirmed_subquery())
        .prefetch_related(_organisers_prefetch())
        .filter(pk=pk)
        .first()
    )


def event_programme(event: Event) -> list[Session]:
    """The sessions with their speakers and, for sessions with their own capacity,
    ``places_left`` (confirmed seats counted in the same query)."""
    speakers = Speaker.objects.select_related("organisation", "organisation__legal_form")
    sessions = list(
        event.sessions.annotate(
            seats_taken=Count("seats", filter=Q(seats__status=RegStatus.CONFIRMED))
        ).prefetch_related(Prefetch("speakers", queryset=speakers))
    )
    for session in sessions:
        session.places_left = (
            None if session.capacity is None else max(session.capacity - session.seats_taken, 0)
        )
    return sessions


def my_registration(user, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # The live one (at most one, by constraint), else the latest cancelled or rejected: one query.
    live_first = Case(When(status__in=ACTIVE_STATUSES, then=Value(0)), default=Value(1))
    return (
        Registration.objects.filter(event=event, user=user)
        .select_related("event")
        .order_by(live_first, "-created_at", "-id")
        .first()
    )


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegStatus.WAITLISTED,
            created_at__lte=registration.created_at,
        )
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
        .count()
    )


def confirmed_count(event: Event) -> int:
    """Counted with the event when it was read by ``event_get`` (no query), else now."""
    if getattr(event, "confirmed_total", None) is not None:
        return event.confirmed_total
    return event.registrations.filter(status=RegStatus.CONFIRMED).count()


def registration_list(event: Event, *, status: str = "", q: str = "") -> QuerySet[Registration]:
    qs = event.registrations.select_related("user", "organisation", "organisation__legal_form", "region")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(user__full_name__icontains=q) | Q(user__email__icontains=q) | Q(organisation_name__icontains=q)
        )
    return qs.order_by("created_at", "id")


def upcoming_in_region(region, *, limit: int = 5) -> list[Event]:
    return list(event_list(EventFilters(region=region.slug))[:limit])


def upcoming(*, limit: int = 4) -> list[Event]:
    return list(event_list(EventFilters())[:limit])


def org_events(organisation, *, limit: int = 10) -> list[EventOrganiser]:
    """The organisation's parts in public events, latest first."""
    return list(
        EventOrganiser.objects.filter(organisation=organisation, event__status__in=PUBLIC_STATUSES)
        .select_related("event", "event__city", "event__series")
        .order_by("-event__starts_at")[:limit]
    )


def org_attended(organisation, *, limit: int = 10) -> list[Event]:
    """Past public events where the organisation's people took part without it organising
    them: confirmed delegates who are its members (naming an organisation on a registration
    is only the person's word) and speakers the organisers named; latest first."""
    from birgemiz.orgs.models import Membership

    members = Membership.objects.filter(organisation=organisation).values("user")
    delegates = Registration.objects.filter(
        event=OuterRef("pk"), organisation=organisation, status=RegStatus.CONFIRMED, user__in=members
    )
    speakers = Speaker.objects.filter(session__event=OuterRef("pk"), organisation=organisation)
    return list(
        Event.objects.filter(Exists(delegates) | Exists(speakers))
        .filter(status=EventStatus.PUBLISHED, ends_at__lt=timezone.now())
        .exclude(organisers__organisation=organisation)
        .select_related("city", "series")
        .order_by("-starts_at")[:limit]
    )


def organising(event: Event) -> tuple[list[EventOrganiser], list[EventOrganiser]]:
    """(organisers, partners) of an event from the prefetched links."""
    links = list(event.organisers.all())
    main = [link for link in links if link.role in ORGANISING_ROLES]
    return main, [link for link in links if link.role not in ORGANISING_ROLES]


def managed_events(user) -> QuerySet[Event]:
    from birgemiz.orgs.models import Membership

    orgs = Membership.objects.filter(user=user, role__in=("leader", "editor")).values("organisation")
    return (
        Event.objects.filter(
            Q(organiser_users=user)
            | Q(organisers__organisation__in=orgs, organisers__role__in=ORGANISING_ROLES)
        )
        .distinct()
        .order_by("-starts_at")
    )
