"""Organisers' pages: create and edit with every refusal shown (nothing changed), programme,
registrations (approve, reject, move), messages, outcomes and gallery, export; and the
sections on the region, organisation and home pages."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from birgemiz.events import services
from birgemiz.events.choices import RegStatus
from birgemiz.events.models import Event, Registration
from birgemiz.events.tests.factories import EventFactory
from birgemiz.events.tests.helpers import local_input, ru_html
from birgemiz.geo.models import Region

pytestmark = pytest.mark.django_db




def _form(start, **extra) -> dict:
    data = {
        "kind": "forum",
        "title_ru": "Форум НПО",
        "starts_at": local_input(start),
        "ends_at": local_input(start + dt.timedelta(hours=5)),
        "format": "offline",
        "ask_organisation": "on",
        "registration_open": "on",
    }
    data.update(extra)
    return data


def test_create_refusals_then_success(client, ngo_leader, organiser_org):
    client.force_login(ngo_leader)
    start = timezone.now() + dt.timedelta(days=5)
    cases = [
        (
            _form(start, ends_at=local_input(start - dt.timedelta(hours=1))),
            "The event cannot end before it starts.",
        ),
        (
            _form(start, format="hybrid", online_url="javascript:alert(1)"),
            "Enter a link that starts with http:// or https://.",
        ),
        (
            {
                **_form(start),
                "cover": SimpleUploadedFile("cover.png", b"<svg></svg>", content_type="image/png"),
            },
            "This file is not an image (PNG, JPEG or WebP).",
        ),
    ]
    for data, message in cases:
        response = client.post("/ru/events/new/", data)
        assert response.status_code == 400
        assert ru_html(message) in response.content.decode()
    assert Event.objects.count() == 0
    response = client.post(
        "/ru/events/new/", {**_form(start), "organisation": organiser_org.pk, "publish": "1"}
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.status == "published"
    assert list(event.organisers.values_list("organisation", flat=True)) == [organiser_org.pk]


def test_citizen_cannot_create_or_edit(client, citizen, event):
    client.force_login(citizen)
    assert client.get("/ru/events/new/").status_code == 403
    assert client.get(f"/ru/events/{event.slug}/edit/").status_code == 403
    assert client.get(f"/ru/events/{event.slug}/registrations/").status_code == 403
    assert client.get(f"/ru/events/{event.slug}/export.csv").status_code == 403


def test_edit_capacity_below_confirmed(client, ngo_leader, event, people):
    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    client.force_login(ngo_leader)
    data = _form(event.starts_at, title_ru=event.title_ru, capacity="1")
    response = client.post(f"/ru/events/{event.slug}/edit/", data)
    assert response.status_code == 400
    with translation.override("ru"):
        expected = translation.gettext(
            "There are already %(count)d confirmed participants: the places cannot be fewer."
        ) % {"count": 2}
    assert escape(expected) in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2


def test_programme_and_speakers(client, ngo_leader, event):
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/programme/"
    response = client.post(
        url,
        {
            "add_session": "1",
            "kind": "platform",
            "title_ru": "Площадка",
            "starts_at": local_input(event.starts_at),
            "collects_proposals": "on",
        },
    )
    assert response.status_code == 302
    session = event.sessions.get()
    assert session.collects_proposals
    response = client.post(
        f"{url}{session.pk}/",
        {
            "add_speaker": "1",
            "role": "moderator",
            "name": "Бану Нургазиева",
            "title": "президент",
            "organisation_name": "Гражданский альянс",
        },
    )
    assert response.status_code == 302 and session.speakers.get().role == "moderator"
    bad = client.post(
        url,
        {
            "add_session": "1",
            "kind": "platform",
            "title_ru": "X",
            "starts_at": local_input(event.starts_at),
            "ends_at": local_input(event.starts_at - dt.timedelta(hours=1)),
        },
    )
    assert bad.status_code == 400
    assert ru_html("The session cannot end before it starts.") in bad.content.decode()
    assert event.sessions.count() == 1


def test_registration_actions(client, ngo_leader, event, people):
    event.requires_approval = True
    event.save()
    a, b = (services.registration_create(event=event, user=p) for p in people[:2])
    client.force_login(ngo_leader)
    base = f"/ru/events/{event.slug}/registrations/"
    assert client.post(f"{base}{a.pk}/approve/").status_code == 302
    response = client.post(f"{base}{b.pk}/reject/", {"reason": ""}, follow=True)
    assert ru_html("Give the reason for the rejection.") in response.content.decode()
    client.post(f"{base}{b.pk}/reject/", {"reason": "Квота исчерпана"})
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {a.pk: RegStatus.CONFIRMED, b.pk: RegStatus.REJECTED}
    html = client.get(f"{base}?status=rejected").content.decode()
    assert "Квота исчерпана" in html


def test_message_page(client, ngo_leader, event, people, mailoutbox, django_capture_on_commit_callbacks):
    services.registration_create(event=event, user=people[0])
    client.force_login(ngo_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ru/events/{event.slug}/message/",
            {"audience": "confirmed", "subject": "Вход", "body": "С 9:00"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [people[0].email]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), "navy").save(out, "PNG")
    return out.getvalue()


def test_outcomes_gallery_and_links(client, ngo_leader, event):
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/outcomes/"
    client.post(
        url, {"save_outcomes": "1", "resolution_ru": "Принята резолюция форума", "recommendations_ru": "1. …"}
    )
    bad = client.post(
        url, {"add_photo": "1", "image": SimpleUploadedFile("x.jpg", b"nope"), "credit": "Акимат ВКО"}
    )
    assert (
        bad.status_code == 400
        and ru_html("This file is not an image (PNG, JPEG or WebP).") in bad.content.decode()
    )
    client.post(
        url,
        {
            "add_photo": "1",
            "image": SimpleUploadedFile("x.png", _png()),
            "caption_ru": "Пленарное",
            "credit": "Акимат ВКО",
        },
    )
    bad = client.post(url, {"add_link": "1", "title": "Новость", "url": "ftp://x"})
    assert bad.status_code == 400
    client.post(url, {"add_link": "1", "title": "Форум в Усть-Каменогорске", "url": "https://ustinka.kz/n/1"})
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Принята резолюция форума" in html and "Акимат ВКО" in html and "Форум в Усть-Каменогорске" in html


def test_export_csv_and_xlsx(client, ngo_leader, event, people):
    services.registration_create(
        event=event, user=people[0], data=services.RegistrationInput(organisation_name="ОО «Батыр»")
    )
    client.force_login(ngo_leader)
    csv_text = client.get(f"/ru/events/{event.slug}/export.csv").content.decode("utf-8-sig")
    assert "ОО «Батыр»" in csv_text and people[0].email in csv_text
    book = load_workbook(io.BytesIO(client.get(f"/ru/events/{event.slug}/export.xlsx").content))
    rows = list(book.active.values)
    assert len(rows) == 2 and rows[1][2] == people[0].email


def test_export_quotes_text_a_spreadsheet_would_run_as_a_formula(client, ngo_leader, event, people):
    services.registration_create(
        event=event,
        user=people[0],
        data=services.RegistrationInput(
            organisation_name='=HYPERLINK("http://evil.example","x")', role="+7 701"
        ),
    )
    client.force_login(ngo_leader)
    csv_text = client.get(f"/ru/events/{event.slug}/export.csv").content.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"",""x"")"' in csv_text and "'+7 701" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(f"/ru/events/{event.slug}/export.xlsx").content)).active
    cell = sheet.cell(row=2, column=6)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_postpone_with_a_new_date(client, ngo_leader, event):
    client.force_login(ngo_leader)
    old = event.starts_at
    new = old + dt.timedelta(days=30)
    client.post(
        f"/ru/events/{event.slug}/status/",
        {
            "status": "postponed",
            "new_starts_at": local_input(new),
            "new_ends_at": local_input(new + dt.timedelta(hours=6)),
        },
    )
    event.refresh_from_db()
    assert event.status == "postponed" and event.postponed_from == old and event.starts_at == new


def test_sections_on_region_org_and_home(client, event, organiser_org):
    region = Region.objects.get(slug="north-kazakhstan")
    event.region = region
    event.save()
    past = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=10), region=region, title_ru="Прошлый форум"
    )
    past.ends_at = past.starts_at
    past.save()
    html = client.get(region.get_absolute_url()).content.decode()
    assert event.full_title in html and "Прошлый форум" not in html
    assert event.full_title in client.get(organiser_org.get_absolute_url()).content.decode()
    assert "/ru/events/upcoming-fragment/" in client.get("/ru/").content.decode()
    assert event.full_title in client.get("/ru/events/upcoming-fragment/").content.decode()
    feed = client.get(f"/ru/events/feed/{region.slug}.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 2


def test_organisers_and_partners_from_the_registry(client, ngo_leader, official, editor, event):
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import OrganisationFactory, StateBodyFactory, member

    uvp = StateBodyFactory(name_ru="Управление внутренней политики СКО")
    member(uvp, official, MemberRole.EDITOR)
    OrganisationFactory(name_ru="Молодёжный ресурсный центр")
    OrganisationFactory(name_ru="Молодёжный клуб")
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/programme/"
    # The NGO may not name the state body its customer (that would give the body's people
    # control and put its name on the event); it may list it as a partner.
    refused = client.post(url, {"add_organiser": "1", "organisation": uvp.bin, "role": "customer"})
    assert refused.status_code == 400
    reason = ru_html(
        "Only the organisation's leaders and editors (or the platform's editors) may name it "
        "customer, executor or organiser of an event; add it as a partner instead."
    )
    assert reason in refused.content.decode()
    assert not event.organisers.filter(organisation=uvp).exists()
    partner = client.post(url, {"add_organiser": "1", "organisation": uvp.bin, "role": "partner"})
    assert partner.status_code == 302
    event.organisers.filter(organisation=uvp).delete()
    # The body's own people may (here through the service) and so may the platform's editors.
    from birgemiz.events import permissions

    assert permissions.can_link_organisation(official, uvp, "customer")
    assert not permissions.can_link_organisation(ngo_leader, uvp, "executor")
    client.force_login(editor)
    assert (
        client.post(url, {"add_organiser": "1", "organisation": uvp.bin, "role": "customer"}).status_code
        == 302
    )
    client.force_login(ngo_leader)
    bad = client.post(url, {"add_organiser": "1", "organisation": "Молодёжный", "role": "partner"})
    assert bad.status_code == 400 and "Молодёжный клуб" in bad.content.decode()
    bad = client.post(url, {"add_organiser": "1", "organisation": "Несуществующая", "role": "partner"})
    assert bad.status_code == 400
    assert ru_html("No organisation of the registry matches.") in bad.content.decode()
    assert dict(event.organisers.values_list("organisation__slug", "role"))[uvp.slug] == "customer"
    link = event.organisers.get(organisation=uvp)
    client.post(url, {"remove_organiser": str(link.pk)})
    assert not event.organisers.filter(organisation=uvp).exists()


def test_delegate_quotas(client, ngo_leader, event):
    client.force_login(ngo_leader)
    url = f"/ru/events/{event.slug}/programme/"
    assert client.post(url, {"set_quota": "1", "region": "pavlodar", "places": "5"}).status_code == 302
    assert event.quotas.get().places == 5
    bad = client.post(url, {"set_quota": "1", "places": "5"})
    assert bad.status_code == 400 and ru_html("Choose a region or an organisation.") in bad.content.decode()
    client.post(url, {"set_quota": "1", "region": "pavlodar", "places": "0"})
    assert not event.quotas.exists()


@pytest.mark.parametrize(
    "back", ["/\\evil.com", "//evil.com/x", "https://evil.com/", "\\\\evil.com", "javascript:alert(1)"]
)
def test_next_cannot_leave_the_site(client, ngo_leader, event, people, back):
    registration = services.registration_create(event=event, user=people[0])
    client.force_login(ngo_leader)
    response = client.post(
        f"/ru/events/{event.slug}/registrations/{registration.pk}/check-in/", {"next": back}
    )
    assert response.status_code == 302 and response["Location"] == f"/ru/events/{event.slug}/registrations/"


def test_next_within_the_site_is_followed(client, ngo_leader, event, people):
    registration = services.registration_create(event=event, user=people[0])
    client.force_login(ngo_leader)
    back = f"/ru/events/{event.slug}/check-in/?q=p0"
    response = client.post(
        f"/ru/events/{event.slug}/registrations/{registration.pk}/check-in/", {"next": back}
    )
    assert response["Location"] == back


def test_organisation_profile_lists_events_its_people_took_part_in(
    client, people, django_assert_max_num_queries
):
    from birgemiz.events.models import Speaker
    from birgemiz.events.tests.factories import SessionFactory
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import OrganisationFactory, member

    ngo = OrganisationFactory(name_ru="ОФ «Ана Үйі»", slug="ana-uyi")
    member(ngo, people[0], MemberRole.MEMBER)
    now = timezone.now()
    past = {"starts_at": now - dt.timedelta(days=30), "ends_at": now - dt.timedelta(days=29)}
    conference = EventFactory(title_ru="Конференция с делегатом", **past)
    confirmed = {"organisation": ngo, "status": RegStatus.CONFIRMED}
    Registration.objects.create(event=conference, user=people[0], **confirmed)
    # Someone who is not its member names it on a registration: that is only their word.
    claimed = EventFactory(title_ru="Конференция без членов", **past)
    Registration.objects.create(event=claimed, user=people[1], **confirmed)
    forum = EventFactory(title_ru="Форум с докладом", **past)
    Speaker.objects.create(session=SessionFactory(event=forum), name="Спикер", organisation=ngo)
    upcoming = EventFactory(title_ru="Будущий форум")
    Speaker.objects.create(session=SessionFactory(event=upcoming), name="Спикер", organisation=ngo)
    client.get(ngo.get_absolute_url())
    with django_assert_max_num_queries(10):
        html = client.get(ngo.get_absolute_url()).content.decode()
    assert "Её делегаты и спикеры участвовали" in html
    assert "Конференция с делегатом" in html and "Форум с докладом" in html
    assert "Конференция без членов" not in html and "Будущий форум" not in html
    # A waitlisted delegate does not count.
    Registration.objects.filter(event=conference).update(status=RegStatus.WAITLISTED)
    assert "Конференция с делегатом" not in client.get(ngo.get_absolute_url()).content.decode()
