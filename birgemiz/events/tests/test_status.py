"""Organisers cancel (with a public reason) or postpone (new start and end) an event from the
site: refusals are translated and change nothing, participants are told by e-mail, tickets
stay valid and everyone is reminded again before the new date."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from birgemiz.events import services, tickets
from birgemiz.events.choices import EventStatus, RegStatus
from birgemiz.events.models import Event
from birgemiz.events.tests.helpers import local_input, ru_html

pytestmark = pytest.mark.django_db




def _state(event):
    event = Event.objects.get(pk=event.pk)
    return event.status, event.starts_at, event.ends_at, event.status_note


def test_only_organisers_reach_the_status_page(client, event, named_users):
    url = f"/ru/events/{event.slug}/status/"
    allowed = {"ngo_leader", "editor", "admin"}
    for key, user in named_users.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if key in allowed else 403), key
        if key not in allowed:
            response = client.post(url, {"status": "cancelled", "note": "Нет зала"})
            assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED


def test_bad_input_is_refused_and_nothing_changes(client, event, ngo_leader):
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/status/"
    before = _state(event)
    response = client.post(url, {"status": "cancelled", "note": " "})
    assert response.status_code == 400 and ru_html("This field is required.") in response.content.decode()
    start = event.starts_at + dt.timedelta(days=30)
    response = client.post(
        url,
        {
            "status": "postponed",
            "new_starts_at": local_input(start),
            "new_ends_at": local_input(start - dt.timedelta(hours=2)),
        },
    )
    assert response.status_code == 400
    assert ru_html("The new end must be after the new start.") in response.content.decode()
    response = client.post(url, {"status": "postponed", "new_starts_at": "завтра", "new_ends_at": ""})
    assert response.status_code == 400 and ru_html("Enter a valid date/time.") in response.content.decode()
    assert _state(event) == before


def test_postpone_tells_people_resets_reminders_and_keeps_tickets(
    client, event, ngo_leader, people, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed = services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    waiting = services.registration_create(event=event, user=people[2])
    cancelled = services.registration_create(event=event, user=people[3])
    services.registration_cancel(registration=cancelled, actor=people[3])  # people[2] moves up
    assert [r.status for r in (confirmed, waiting)] == [RegStatus.CONFIRMED, RegStatus.WAITLISTED]
    services.registration_create(event=event, user=people[4])  # waitlisted
    event.registrations.update(reminded_at=timezone.now())
    code = tickets.ticket_payload(confirmed)
    mailoutbox.clear()
    client.force_login(ngo_leader)
    old = event.starts_at
    start = old + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/events/{event.slug}/status/",
            {
                "status": "postponed",
                "new_starts_at": local_input(start),
                "new_ends_at": local_input(start + dt.timedelta(hours=3)),
                "note": "Зал на ремонте",
            },
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.starts_at, event.postponed_from) == ("postponed", start, old)
    assert event.ends_at == start + dt.timedelta(hours=3) and event.status_note == "Зал на ремонте"
    assert not event.registrations.filter(reminded_at__isnull=False).exists()
    recipients = sorted(m.to[0] for m in mailoutbox)
    live = event.registrations.filter(status__in=["confirmed", "waitlisted"])
    assert recipients == sorted(r.user.email for r in live) and people[3].email not in recipients
    with translation.override("ru"):
        assert all(
            translation.gettext("Reason:") in m.body and "Зал на ремонте" in m.body for m in mailoutbox
        )
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert mailoutbox[0].subject == f"Перенесено: {event.full_title}"
    assert tickets.read_ticket(code, event=event, now=start + dt.timedelta(hours=2)) == confirmed.pk
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Зал на ремонте" in html


def test_cancel_with_a_public_reason(client, event, ngo_leader, people, mailoutbox,
                                     django_capture_on_commit_callbacks):  # fmt: skip
    services.registration_create(event=event, user=people[0])
    mailoutbox.clear()
    client.force_login(ngo_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/events/{event.slug}/status/", {"status": "cancelled", "note": "Карантин в области"}
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled" and event.status_note == "Карантин в области"
    assert len(mailoutbox) == 1 and "Карантин в области" in mailoutbox[0].body
    assert "Карантин в области" in client.get(event.get_absolute_url()).content.decode()
    # Final: a cancelled event is not published again.
    with pytest.raises(services.EventError) as error:
        services.event_set_status(actor=ngo_leader, event=event, status="published")
    assert error.value.code == "bad_status"
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_cancel_needs_a_reason_in_the_service(event, ngo_leader):
    with pytest.raises(services.EventError) as error:
        services.event_set_status(actor=ngo_leader, event=event, status="cancelled", note="")
    assert error.value.code == "no_reason"
    assert Event.objects.get(pk=event.pk).status == "published"
