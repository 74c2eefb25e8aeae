"""Reminders a day before, without cron: publishing or postponing queues a deferred task for
start − 24 h; the task does nothing for a cancelled or moved event or people already reminded.
The management command stays as a catch-up."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from birgemiz.events import services, tasks
from birgemiz.events.choices import EventStatus
from birgemiz.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued_reminders():
    from django_tasks_db.models import DBTaskResult

    return [
        (
            r.run_after,
            r.args_kwargs["kwargs"]["event_id"],
            dt.datetime.fromisoformat(r.args_kwargs["kwargs"]["starts_at"]),
        )
        for r in DBTaskResult.objects.filter(task_path__endswith=".remind_event").order_by("enqueued_at")
    ]


def test_publish_and_postpone_queue_the_reminder_a_day_before(
    settings, ngo_leader, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    event = EventFactory(status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(actor=ngo_leader, event=event, status=EventStatus.PUBLISHED)
    first = event.starts_at
    assert _queued_reminders() == [(first - dt.timedelta(hours=24), event.pk, first)]
    new = first + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(
            actor=ngo_leader, event=event, status=EventStatus.POSTPONED, new_starts_at=new,
            new_ends_at=new + dt.timedelta(hours=2),
        )  # fmt: skip
    assert _queued_reminders()[1] == (new - dt.timedelta(hours=24), event.pk, new)


def test_the_reminder_task_sends_once_and_only_for_the_date_it_was_queued_for(
    event, people, ngo_leader, mailoutbox, django_capture_on_commit_callbacks
):
    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    services.registration_create(event=event, user=people[2])  # waitlisted: not reminded
    mailoutbox.clear()
    old = event.starts_at.isoformat()
    with time_machine.travel(event.starts_at - dt.timedelta(hours=23), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.remind_event.call(event_id=event.pk, starts_at=old)
        assert sorted(m.to[0] for m in mailoutbox) == [people[0].email, people[1].email]
        with django_capture_on_commit_callbacks(execute=True):
            tasks.remind_event.call(event_id=event.pk, starts_at=old)  # already reminded
        assert len(mailoutbox) == 2
    new = event.starts_at + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_set_status(
            actor=ngo_leader, event=event, status=EventStatus.POSTPONED, new_starts_at=new,
            new_ends_at=new + dt.timedelta(hours=2),
        )  # fmt: skip
    mailoutbox.clear()
    with time_machine.travel(new - dt.timedelta(hours=23), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.remind_event.call(event_id=event.pk, starts_at=old)  # queued for the old date
        assert mailoutbox == []
        with django_capture_on_commit_callbacks(execute=True):
            tasks.remind_event.call(event_id=event.pk, starts_at=new.isoformat())
        assert len(mailoutbox) == 2  # reminded again, of the new date


def test_the_reminder_task_does_nothing_for_a_cancelled_event(
    event, people, ngo_leader, mailoutbox, django_capture_on_commit_callbacks
):
    services.registration_create(event=event, user=people[0])
    services.event_set_status(actor=ngo_leader, event=event, status="cancelled", note="Нет зала")
    mailoutbox.clear()
    day_before = time_machine.travel(event.starts_at - dt.timedelta(hours=23), tick=False)
    with day_before, django_capture_on_commit_callbacks(execute=True):
        tasks.remind_event.call(event_id=event.pk, starts_at=event.starts_at.isoformat())
    assert mailoutbox == []


def test_immediate_backend_reminds_at_once_when_publishing_within_a_day(
    ngo_leader, people, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(hours=20), capacity=None)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    services.registration_create(event=event, user=people[0])
    services.event_set_status(actor=ngo_leader, event=event, status="postponed", note="")
    event.registrations.update(reminded_at=None)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(actor=ngo_leader, event=event, status=EventStatus.PUBLISHED)
    assert [m.to[0] for m in mailoutbox] == [people[0].email]


def test_confirmed_within_the_last_day_is_not_reminded_twice(
    people, ngo_leader, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    event = EventFactory(starts_at=timezone.now() + dt.timedelta(hours=10), capacity=1)
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    first = services.registration_create(event=event, user=people[0])
    second = services.registration_create(event=event, user=people[1])  # waitlisted
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, actor=people[0])  # people[1] moves up
    second.refresh_from_db()
    assert second.status == "confirmed" and second.reminded_at is not None
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    assert mailoutbox == []  # the confirmation mail (date, place, ticket) stood for it
