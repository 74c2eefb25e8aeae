"""Background jobs of events: registration mail with the ticket, reminders, organisers' messages."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from birgemiz.accounts.emails import render_email
from birgemiz.events.choices import ACTIVE_STATUSES, EventStatus, Participation, RegStatus
from birgemiz.events.models import Event, EventMessage, Registration

log = logging.getLogger(__name__)


def _online_links(registration: Registration) -> dict:
    """The event's and its sessions' online links, for a confirmed online participant only."""
    event = registration.event
    if registration.status != RegStatus.CONFIRMED or registration.participation != Participation.ONLINE:
        return {}
    sessions = [
        {"title": s.title, "starts": s.starts_at, "url": s.online_url}
        for s in event.sessions.exclude(online_url="").order_by("starts_at", "position", "id")
    ]
    return {"online_url": event.online_url, "session_links": sessions}


def _context(registration: Registration, *, links: bool = False) -> dict:
    event = registration.event
    site = settings.SITE_URL.rstrip("/")
    return {
        **(_online_links(registration) if links else {}),
        "full_name": registration.user.full_name,
        "event": event.full_title,
        "status": registration.get_status_display(),
        "confirmed": registration.status == RegStatus.CONFIRMED,
        "starts": event.starts_at,
        "place": ", ".join(x for x in (event.venue, event.address) if x),
        "url": site + event.get_absolute_url(),
        "ticket_url": site + reverse("events:ticket", kwargs={"slug": event.slug}),
        "reason": registration.reason,
    }


def _send(
    name: str, registration: Registration, *, attach_ticket: bool = False, links: bool = False, **extra
) -> None:
    language = registration.user.preferred_language
    with translation.override(language):
        context = {**_context(registration, links=links), **extra}
        message = render_email(name, to=registration.user.email, language=language, context=context)
        if attach_ticket:
            from birgemiz.events.tickets import ticket_pdf

            message.attach(f"ticket-{registration.pk}.pdf", ticket_pdf(registration), "application/pdf")
    message.send()


@task()
def send_registration_email(*, registration_id: int, status: str) -> None:
    """Tell the participant their status; a confirmed one gets the ticket as a PDF."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or registration.status != status:
        return  # changed again since: the later mail says what holds
    confirmed = status == RegStatus.CONFIRMED
    _send("event_registration", registration, attach_ticket=confirmed, links=confirmed)
    log.info("sent registration e-mail %s (%s)", registration_id, status)


@task()
def send_reminder(*, registration_id: int) -> None:
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or registration.status != RegStatus.CONFIRMED:
        return
    _send("event_reminder", registration, attach_ticket=True, links=True)


@task()
def send_event_message(*, message_id: int) -> None:
    message = EventMessage.objects.select_related("event").get(pk=message_id)
    statuses = ACTIVE_STATUSES if message.audience == "all" else (message.audience,)
    registrations = message.event.registrations.filter(status__in=statuses).select_related("event", "user")
    for registration in registrations.iterator(chunk_size=200):
        _send("event_message", registration, subject=message.subject, body=message.body)


@task()
def send_event_status_email(*, event_id: int, status: str, starts_at: str) -> None:
    """Tell the confirmed and waitlisted participants that the event is cancelled or postponed
    (their tickets stay valid after a postponement)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status != status or event.starts_at != dt.datetime.fromisoformat(starts_at):
        return  # changed again since: the later mail says what holds
    registrations = event.registrations.filter(
        status__in=(RegStatus.CONFIRMED, RegStatus.WAITLISTED)
    ).select_related("event", "user")
    cancelled = status == EventStatus.CANCELLED
    for registration in registrations.iterator(chunk_size=200):
        _send(
            "event_status",
            registration,
            cancelled=cancelled,
            postponed=not cancelled,
            note=event.status_note,
            ends=event.ends_at,
            postponed_from=event.postponed_from,
        )


@task()
def remind_event(*, event_id: int, starts_at: str) -> None:
    """Queued a day before ``starts_at``: remind the event's confirmed participants, unless the
    event is cancelled, has moved to another time since, or they are already reminded."""
    from birgemiz.events.services import remind_event_participants

    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status not in (EventStatus.PUBLISHED, EventStatus.POSTPONED):
        return
    count = remind_event_participants(event=event, starts_at=dt.datetime.fromisoformat(starts_at))
    log.info("event %s: %s reminders queued", event_id, count)
