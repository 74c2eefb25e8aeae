import datetime as dt

import pytest
from django.utils import timezone

from birgemiz.events import services
from birgemiz.events.choices import RegStatus
from birgemiz.events.models import to_roman
from birgemiz.events.tests.factories import EventFactory


def test_roman_numerals():
    assert [to_roman(n) for n in (1, 4, 9, 12, 30, 1994)] == ["I", "IV", "IX", "XII", "XXX", "MCMXCIV"]


@pytest.mark.django_db
def test_full_title_has_the_ordinal():
    event = EventFactory.build(ordinal=12, title_ru="областной форум НПО")
    assert event.full_title == "XII областной форум НПО"


def test_capacity_then_waitlist_then_moves_up(event, people):
    regs = [services.registration_create(event=event, user=p) for p in people[:4]]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    services.registration_cancel(registration=regs[0], actor=people[0])
    regs = [type(r).objects.get(pk=r.pk) for r in regs]
    assert [r.status for r in regs] == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    assert list(regs[2].history.values_list("from_status", "to_status")) == [
        ("", "waitlisted"),
        ("waitlisted", "confirmed"),
    ]


def test_no_double_registration(event, people):
    services.registration_create(event=event, user=people[0])
    with pytest.raises(services.EventError) as error:
        services.registration_create(event=event, user=people[0])
    assert error.value.code == "already_registered"
    assert event.registrations.count() == 1
    assert event.registrations.get().status == RegStatus.CONFIRMED


# --- bad input: a clear message, nothing changed ------------------------------------------


def _ru(message: str) -> str:
    from django.utils import translation

    with translation.override("ru"):
        return translation.gettext(message)


def test_end_before_start_is_refused(event, ngo_leader):
    before = (event.starts_at, event.ends_at)
    with pytest.raises(services.EventError) as error:
        services.event_update(
            actor=ngo_leader, event=event, data={"ends_at": event.starts_at - dt.timedelta(hours=1)}
        )
    assert error.value.code == "ends_before_start" and error.value.field == "ends_at"
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at) == before


def test_capacity_below_confirmed_is_refused(event, people, ngo_leader):
    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    with pytest.raises(services.EventError) as error:
        services.event_update(actor=ngo_leader, event=event, data={"capacity": 1})
    assert error.value.code == "capacity_below_confirmed"
    event.refresh_from_db()
    assert event.capacity == 2


def test_raising_capacity_moves_the_waitlist_up(event, people, ngo_leader):
    regs = [services.registration_create(event=event, user=p) for p in people[:3]]
    assert regs[2].status == RegStatus.WAITLISTED
    services.event_update(actor=ngo_leader, event=event, data={"capacity": 3})
    regs[2].refresh_from_db()
    assert regs[2].status == RegStatus.CONFIRMED


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.kz/x", "zoom.us/j/1"])
def test_online_link_must_be_http(event, ngo_leader, link):
    with pytest.raises(services.EventError) as error:
        services.event_update(actor=ngo_leader, event=event, data={"format": "hybrid", "online_url": link})
    assert error.value.code == "bad_link"
    event.refresh_from_db()
    assert event.online_url == "" and event.format == "offline"


def test_images_must_be_images_and_not_too_large(event, ngo_leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(services.EventError) as error:
        services.photo_add(event=event, actor=ngo_leader, image=fake, credit="Акимат ВКО")
    assert error.value.code == "not_an_image"
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (services.MAX_IMAGE_BYTES + 1))
    with pytest.raises(services.EventError) as error:
        services.photo_add(event=event, actor=ngo_leader, image=big)
    assert error.value.code == "image_too_large"
    assert event.photos.count() == 0
    good = SimpleUploadedFile("ok.png", _png(), content_type="image/png")
    photo = services.photo_add(
        event=event, actor=ngo_leader, image=good, caption_ru="Открытие", credit="Акимат ВКО"
    )
    assert photo.credit == "Акимат ВКО"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, "PNG")
    return out.getvalue()


def test_news_link_must_be_http(event, ngo_leader):
    with pytest.raises(services.EventError):
        services.link_add(event=event, actor=ngo_leader, url="javascript:x", title="Новость")
    link = services.link_add(event=event, actor=ngo_leader, url="https://kazinform.kz/n/1", title="Новость")
    assert link.pk and event.links.count() == 1


def test_expired_ticket_is_refused(event, people):
    from birgemiz.events import tickets

    registration = services.registration_create(event=event, user=people[0])
    code = tickets.ticket_payload(registration)
    later = event.ends_at + tickets.VALID_AFTER_END + dt.timedelta(minutes=1)
    with pytest.raises(tickets.TicketError) as error:
        tickets.read_ticket(code, event=event, now=later)
    assert str(error.value) == _ru("This ticket has expired.")
    assert tickets.read_ticket(code, event=event) == registration.pk


# --- registration rules ---------------------------------------------------------------------


def test_closed_window_and_draft(event, people):
    event.registration_closes_at = event.starts_at - dt.timedelta(days=20)
    event.save()
    with pytest.raises(services.EventError) as error:
        services.registration_create(event=event, user=people[0])
    assert error.value.code == "closed"
    draft = EventFactory(status="draft")
    with pytest.raises(services.EventError) as error:
        services.registration_create(event=draft, user=people[0])
    assert error.value.code == "closed"


def test_quota_per_region_and_organisation(event, people):
    from birgemiz.events.models import Quota
    from birgemiz.geo.models import Region
    from birgemiz.orgs.tests.factories import OrganisationFactory

    event.capacity = None
    event.save()
    region, other = Region.objects.all()[:2]
    org = OrganisationFactory()
    Quota.objects.create(event=event, kind="region", region=region, places=1)
    Quota.objects.create(event=event, kind="organisation", organisation=org, places=1)
    services.registration_create(event=event, user=people[0], data=services.RegistrationInput(region=region))
    with pytest.raises(services.EventError) as error:
        services.registration_create(
            event=event, user=people[1], data=services.RegistrationInput(region=region)
        )
    assert error.value.code == "quota_reached"
    services.registration_create(
        event=event, user=people[2], data=services.RegistrationInput(organisation=org, region=other)
    )
    with pytest.raises(services.EventError):
        services.registration_create(
            event=event, user=people[3], data=services.RegistrationInput(organisation=org, region=other)
        )
    # Another region and no organisation: no quota is full.
    services.registration_create(event=event, user=people[4], data=services.RegistrationInput(region=other))


def test_approval_reject_with_reason_and_promote(event, people, ngo_leader):
    event.requires_approval = True
    event.capacity = 1
    event.save()
    a, b, c = (services.registration_create(event=event, user=p) for p in people[:3])
    assert {a.status, b.status, c.status} == {RegStatus.PENDING}
    assert services.registration_approve(registration=a, actor=ngo_leader).status == RegStatus.CONFIRMED
    assert services.registration_approve(registration=b, actor=ngo_leader).status == RegStatus.WAITLISTED
    with pytest.raises(services.EventError) as error:
        services.registration_reject(registration=c, actor=ngo_leader, reason=" ")
    assert error.value.code == "no_reason"
    services.registration_reject(registration=c, actor=ngo_leader, reason="Не делегат")
    c.refresh_from_db()
    assert c.status == RegStatus.REJECTED and c.reason == "Не делегат"
    with pytest.raises(services.EventError) as error:
        services.registration_promote(registration=b, actor=ngo_leader)
    assert error.value.code == "full"
    services.registration_reject(registration=a, actor=ngo_leader, reason="Отозван")
    b.refresh_from_db()
    assert b.status == RegStatus.CONFIRMED  # the freed place went to the waiting list


def test_session_capacity_and_its_waitlist(event, people):
    from birgemiz.events.tests.factories import SessionFactory

    event.capacity = None
    event.save()
    session = SessionFactory(event=event, capacity=1)
    regs = [
        services.registration_create(event=event, user=p, data=services.RegistrationInput(sessions=[session]))
        for p in people[:2]
    ]
    seats = [r.seats.get() for r in regs]
    assert [s.status for s in seats] == ["confirmed", "waitlisted"]
    services.registration_cancel(registration=regs[0], actor=people[0])
    seats[1].refresh_from_db()
    assert seats[1].status == "confirmed"


def test_reminders_are_sent_once(event, people, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    services.registration_create(event=event, user=people[2])  # waitlisted: no reminder
    # The day comes (registered earlier: the confirmation mail was not the reminder).
    starts = timezone.now() + dt.timedelta(hours=20)
    type(event).objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    assert len(mailoutbox) == 2
    assert mailoutbox[0].attachments[0][2] == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.enqueue_reminders() == 0
    assert len(mailoutbox) == 2


def test_confirmation_mail_has_the_ticket(event, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=people[0])
    assert len(mailoutbox) == 1
    name, content, mime = mailoutbox[0].attachments[0]
    assert mime == "application/pdf" and content.startswith(b"%PDF")


def test_message_participants_goes_through_a_task(event, people, ngo_leader, mailoutbox,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    services.registration_create(event=event, user=people[0])
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_participants(
            event=event, actor=ngo_leader, subject="Место встречи", body="Вход с ул. Абая"
        )
    assert message.recipients == 1
    assert [m.to for m in mailoutbox] == [[people[0].email]] and "Вход с ул. Абая" in mailoutbox[0].body


def test_ticket_stays_valid_when_the_event_is_postponed(event, people, ngo_leader):
    from birgemiz.events import tickets

    registration = services.registration_create(event=event, user=people[0])
    code = tickets.ticket_payload(registration)
    new_start = event.starts_at + dt.timedelta(days=60)
    event = services.event_set_status(
        actor=ngo_leader, event=event, status="postponed", new_starts_at=new_start
    )
    assert tickets.read_ticket(code, event=event, now=new_start + dt.timedelta(hours=1)) == registration.pk


def test_region_quota_cannot_be_skipped(event, people):
    """With region quotas everyone counts for a region: the named one, else the profile's."""
    from birgemiz.events.models import Quota
    from birgemiz.geo.models import Region

    event.capacity = None
    event.save()
    pavlodar = Region.objects.get(slug="pavlodar")
    Quota.objects.create(event=event, kind="region", region=pavlodar, places=1)
    with pytest.raises(services.EventError) as error:
        services.registration_create(event=event, user=people[0])
    assert error.value.code == "region_required" and error.value.field == "region"
    assert not event.registrations.exists()
    people[0].region = pavlodar
    people[0].save()
    assert services.registration_create(event=event, user=people[0]).region == pavlodar
    people[1].region = pavlodar
    people[1].save()
    with pytest.raises(services.EventError) as error:
        services.registration_create(event=event, user=people[1])
    assert error.value.code == "quota_reached"


def test_only_confirmed_registrations_hold_session_seats(event, people, ngo_leader):
    """Someone on the event's waiting list (or awaiting approval) waits for the session seat
    too, and gets it when confirmed."""
    from birgemiz.events.tests.factories import SessionFactory

    event.capacity = 1
    event.save()
    session = SessionFactory(event=event, capacity=5)
    with_session = services.RegistrationInput(sessions=[session])
    first = services.registration_create(event=event, user=people[0], data=with_session)
    second = services.registration_create(event=event, user=people[1], data=with_session)
    assert second.status == RegStatus.WAITLISTED
    assert [first.seats.get().status, second.seats.get().status] == ["confirmed", "waitlisted"]
    services.registration_cancel(registration=first, actor=people[0])
    second.refresh_from_db()
    assert second.status == RegStatus.CONFIRMED and second.seats.get().status == "confirmed"


def test_pending_registration_gets_its_session_seat_when_approved(event, people, ngo_leader):
    from birgemiz.events.tests.factories import SessionFactory

    event.requires_approval = True
    event.capacity = None
    event.save()
    session = SessionFactory(event=event, capacity=1)
    pending = services.registration_create(
        event=event, user=people[0], data=services.RegistrationInput(sessions=[session])
    )
    assert pending.status == RegStatus.PENDING and pending.seats.get().status == "waitlisted"
    services.registration_approve(registration=pending, actor=ngo_leader)
    assert pending.seats.get().status == "confirmed"


def test_raising_session_capacity_moves_its_waitlist_up(event, people, ngo_leader):
    from birgemiz.events.tests.factories import SessionFactory

    event.capacity = None
    event.save()
    session = SessionFactory(event=event, capacity=1)
    regs = [
        services.registration_create(event=event, user=p, data=services.RegistrationInput(sessions=[session]))
        for p in people[:3]
    ]
    assert [r.seats.get().status for r in regs] == ["confirmed", "waitlisted", "waitlisted"]
    services.session_save(actor=ngo_leader, event=event, session=session, data={"capacity": 2})
    assert [r.seats.get().status for r in regs] == ["confirmed", "confirmed", "waitlisted"]
