"""Named predicates about events: each is a question a page or the API asks."""

from __future__ import annotations

from django.db.models import Exists, Q

from birgemiz.accounts.permissions import can_participate, is_signed_in
from birgemiz.events.choices import ORGANISING_ROLES, EventStatus, RegStatus
from birgemiz.events.models import Event, Registration
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.models import Membership

EDITING_ROLES = (MemberRole.LEADER, MemberRole.EDITOR)


def is_staff_organiser(user) -> bool:
    """Editors and administrators (who may change any event)."""
    # Staff roles make people staff (accounts.roles): others skip the two permission queries.
    if not is_signed_in(user) or not (user.is_staff or user.is_superuser):
        return False
    return user.has_perm("events.change_event")


def can_create_event(user) -> bool:
    """Staff, and leaders or editors of any organisation (they organise under its name)."""
    if not is_signed_in(user):
        return False
    if is_staff_organiser(user):
        return True
    return Membership.objects.filter(user=user, role__in=EDITING_ROLES).exists()


def is_organiser(user, event: Event) -> bool:
    """An explicit organiser of the event, or a leader/editor of an organising organisation."""
    if not is_signed_in(user) or event is None or not event.pk:
        return False
    cache = user.__dict__.setdefault("_event_organiser", {})
    if event.pk not in cache:
        # One query: a named organiser, or a leader/editor of an organising organisation.
        organising = Membership.objects.filter(
            user=user,
            role__in=EDITING_ROLES,
            organisation__event_roles__event=event,
            organisation__event_roles__role__in=ORGANISING_ROLES,
        )
        cache[event.pk] = Event.objects.filter(
            Q(pk=event.pk),
            Q(organiser_users=user) | Q(Exists(organising)),
        ).exists()
    return cache[event.pk]


def can_link_organisation(user, organisation, role: str) -> bool:
    """Naming an organisation customer, executor or organiser puts its name on the event and
    gives its leaders and editors control of it: only they, or staff, may do that. Any
    organiser may list a partner."""
    if role not in ORGANISING_ROLES or is_staff_organiser(user):
        return True
    return is_signed_in(user) and Membership.objects.filter(
        user=user, organisation=organisation, role__in=EDITING_ROLES
    ).exists()


def can_manage_event(user, event: Event) -> bool:
    """Edit the event and its programme, manage registrations, message, see figures, export."""
    return is_staff_organiser(user) or is_organiser(user, event)


def can_view_event(user, event: Event) -> bool:
    """Drafts are seen only by their organisers and staff."""
    return event.status != EventStatus.DRAFT or can_manage_event(user, event)


def can_register(user, event: Event) -> bool:
    """Verified people register for a published event (the service checks the window)."""
    return can_participate(user) and event.status in (EventStatus.PUBLISHED, EventStatus.POSTPONED)


def can_see_online_link(user, event: Event, registration: Registration | None) -> bool:
    """The online links, the event's and each session's, are for confirmed participants (and
    the organisers); a session may have a link when the event has none."""
    if (
        registration is not None
        and registration.event_id == event.pk
        and registration.status == RegStatus.CONFIRMED
    ):
        return True
    return can_manage_event(user, event)


def can_view_ticket(user, registration: Registration) -> bool:
    return (
        is_signed_in(user) and registration.user_id == user.pk and registration.status == RegStatus.CONFIRMED
    )
