"""Pages: the event page, registration, ticket (page and PDF), check-in, calendar."""

import pytest
from django.utils import translation
from django.utils.html import escape

from birgemiz.events import services, tickets
from birgemiz.events.choices import EventFormat, RegStatus
from birgemiz.events.models import Registration
from birgemiz.events.tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _ru(message: str) -> str:
    with translation.override("ru"):
        return translation.gettext(message)


def test_event_page_is_public(client, event):
    event.ordinal = 12
    event.title_ru = "областной форум НПО"
    event.save()
    SessionFactory(event=event, title_ru="Диалоговая площадка «Молодёжь»", collects_proposals=True)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "XII областной форум НПО" in html
    assert "Диалоговая площадка «Молодёжь»" in html
    assert "Гражданский альянс" in html


def test_online_link_only_for_confirmed(client, citizen, people):
    event = EventFactory(format=EventFormat.HYBRID, online_url="https://zoom.us/j/123", capacity=1)
    services.registration_create(event=event, user=people[0])
    client.force_login(citizen)
    assert "/join/" not in client.get(event.get_absolute_url()).content.decode()
    client.post(f"/ru/events/{event.slug}/register/", {"participation": "online"})
    registration = Registration.objects.get(user=citizen)
    assert registration.status == RegStatus.WAITLISTED
    assert "/join/" not in client.get(event.get_absolute_url()).content.decode()
    assert client.get(f"/ru/events/{event.slug}/join/").status_code == 403
    client.force_login(people[0])
    assert "/join/" in client.get(event.get_absolute_url()).content.decode()
    response = client.get(f"/ru/events/{event.slug}/join/")
    assert response.status_code == 302 and response["Location"] == "https://zoom.us/j/123"
    assert Registration.objects.get(user=people[0]).joined_online_at is not None


def test_register_ticket_and_pdf(client, citizen, event):
    client.force_login(citizen)
    response = client.post(
        f"/ru/events/{event.slug}/register/", {"organisation_name": "ОО Дом", "role": "член"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=citizen)
    assert registration.status == RegStatus.CONFIRMED and registration.organisation_name == "ОО Дом"
    html = client.get(f"/ru/events/{event.slug}/ticket/").content.decode()
    assert "<svg" in html and tickets.ticket_payload(registration)[:20] in html
    pdf = client.get(f"/ru/events/{event.slug}/ticket.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_check_in_by_code_and_bad_codes(client, ngo_leader, event, people):
    registration = services.registration_create(event=event, user=people[0])
    other = EventFactory()
    other_reg = services.registration_create(event=other, user=people[1])
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/check-in/"
    assert client.get(url).status_code == 200
    forged = _ru("This code is not a Birgemiz ticket: it may be forged or damaged.")
    for code, message in [
        ("garbage", forged),
        (tickets.ticket_payload(registration)[:-3] + "abc", forged),
        (tickets.ticket_payload(other_reg), _ru("This ticket is for another event.")),
    ]:
        response = client.post(url, {"code": code})
        assert response.status_code == 400
        assert escape(message) in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    response = client.post(url, {"code": tickets.ticket_payload(registration)})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_check_in_page_is_for_organisers(client, citizen, event):
    client.force_login(citizen)
    assert client.get(f"/ru/events/{event.slug}/check-in/").status_code == 403


def test_calendar_pages(client, event):
    assert event.full_title in client.get("/ru/events/").content.decode()
    month = event.starts_at.strftime("%Y-%m")
    assert event.full_title in client.get(f"/ru/events/calendar/?month={month}").content.decode()
    ics = client.get(f"/ru/events/{event.slug}/event.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content


def test_public_pages_set_no_cookie(client, event):
    for url in (event.get_absolute_url(), "/ru/events/", "/ru/events/calendar/"):
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies
    assert client.get("/ru/events/no-such-event/").status_code == 404


def test_unverified_person_cannot_register(client, event):
    from birgemiz.core.testing import UnverifiedUserFactory

    person = UnverifiedUserFactory()
    client.force_login(person)
    client.post(f"/ru/events/{event.slug}/register/", {})
    assert not Registration.objects.filter(user=person).exists()


def test_cancel_on_the_page_moves_the_waitlist(client, event, people):
    first = services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    waiting = services.registration_create(event=event, user=people[2])
    client.force_login(people[0])
    assert client.post(f"/ru/events/{event.slug}/cancel/").status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegStatus.CANCELLED and waiting.status == RegStatus.CONFIRMED
    assert client.get(f"/ru/events/{event.slug}/ticket/").status_code == 404


def test_quota_organisation_on_the_form(client, event, people):
    from birgemiz.events.models import Quota
    from birgemiz.orgs.tests.factories import OrganisationFactory

    org = OrganisationFactory(name_ru="Батыр")
    Quota.objects.create(event=event, kind="organisation", organisation=org, places=1)
    client.force_login(people[0])
    assert "Батыр" in client.get(event.get_absolute_url()).content.decode()
    client.post(f"/ru/events/{event.slug}/register/", {"organisation": str(org.pk)})
    assert Registration.objects.get(user=people[0]).organisation == org
    client.force_login(people[1])
    response = client.post(f"/ru/events/{event.slug}/register/", {"organisation": str(org.pk)}, follow=True)
    assert not Registration.objects.filter(user=people[1]).exists()
    with translation.override("ru"):
        message = translation.gettext("The delegate quota of %(subject)s is reached (%(places)d places).")
    assert escape(message % {"subject": org.short_name, "places": 1}) in response.content.decode()


def test_region_is_required_on_the_form_when_regions_have_quotas(client, citizen, event):
    from birgemiz.events.models import Quota
    from birgemiz.geo.models import Region

    pavlodar = Region.objects.get(slug="pavlodar")
    Quota.objects.create(event=event, kind="region", region=pavlodar, places=5)
    citizen.region = pavlodar
    citizen.save()
    client.force_login(citizen)
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<option value="pavlodar" selected' in html  # the profile's region by default
    response = client.post(f"/ru/events/{event.slug}/register/", {"region": ""}, follow=True)
    assert escape(_ru("This field is required.")) in response.content.decode()
    assert not Registration.objects.filter(user=citizen).exists()
    client.post(f"/ru/events/{event.slug}/register/", {"region": "pavlodar"})
    assert Registration.objects.get(user=citizen).region == pavlodar


def test_places_left_per_session_on_the_event_page(client, event, people):
    event.capacity = None
    event.save()
    session = SessionFactory(event=event, capacity=3, title_ru="Площадка «НПО и бизнес»")
    full = SessionFactory(event=event, capacity=1, title_ru="Площадка «Молодёжь»")
    services.registration_create(
        event=event, user=people[0], data=services.RegistrationInput(sessions=[session, full])
    )
    html = client.get(event.get_absolute_url()).content.decode()
    with translation.override("ru"):
        two_left = translation.ngettext("%(counter)s place left", "%(counter)s places left", 2)
        two_left %= {"counter": 2}
        none_left = translation.gettext(
            "No places left in this session: new participants join its waiting list."
        )
    assert two_left in html and escape(none_left) in html


def test_session_links_for_confirmed_participants_when_the_event_has_none(client, citizen, people):
    event = EventFactory(format=EventFormat.HYBRID, online_url="", capacity=1)
    SessionFactory(event=event, title_ru="Площадка в ZOOM", online_url="https://zoom.us/j/777")
    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=citizen)  # waitlisted
    assert "zoom.us/j/777" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(citizen)
    assert "zoom.us/j/777" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(people[0])
    assert "https://zoom.us/j/777" in client.get(event.get_absolute_url()).content.decode()
    assert client.get(f"/ru/events/{event.slug}/join/").status_code == 404  # no event link


def test_confirmation_mail_has_the_online_links_for_online_participants(
    citizen, people, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(format=EventFormat.HYBRID, online_url="https://zoom.us/j/100", capacity=None)
    SessionFactory(event=event, title_ru="Площадка в ZOOM", online_url="https://zoom.us/j/200")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, user=people[0], data=services.RegistrationInput(participation="online")
        )
        services.registration_create(
            event=event, user=people[1], data=services.RegistrationInput(participation="offline")
        )
    online, offline = mailoutbox
    assert "https://zoom.us/j/100" in online.body and "https://zoom.us/j/200" in online.body
    assert "https://zoom.us/j/200" in online.alternatives[0][0]
    assert "zoom.us" not in offline.body and "zoom.us" not in offline.alternatives[0][0]


def test_organiser_filter_is_a_visible_select(client, event, organiser_org):
    from birgemiz.orgs.tests.factories import OrganisationFactory

    OrganisationFactory(name_ru="Без мероприятий", slug="no-events")
    other = EventFactory(title_ru="Чужой форум")
    html = client.get("/ru/events/").content.decode()
    assert '<select name="organiser"' in html and 'type="hidden" name="organiser"' not in html
    assert 'value="civil-alliance"' in html and 'value="no-events"' not in html
    html = client.get("/ru/events/?organiser=civil-alliance").content.decode()
    assert '<option value="civil-alliance" selected' in html
    assert event.full_title in html and other.full_title not in html
    # A new organiser shows up at once (the cached list is dropped).
    new_org = OrganisationFactory(name_ru="Новый организатор", slug="new-org")
    services.organiser_set(actor=None, event=other, organisation=new_org)
    assert 'value="new-org"' in client.get("/ru/events/calendar/").content.decode()
