"""Bounded query counts at two sizes: the event page with its registrations, the organisers'
list of registrations, the calendar list, month view and the API list."""

import datetime as dt

import pytest

from birgemiz.core.testing import UserFactory
from birgemiz.events.choices import EventFormat, RegStatus
from birgemiz.events.models import Event, EventOrganiser, Registration, Speaker
from birgemiz.events.tests.factories import SessionFactory, in_days

pytestmark = pytest.mark.django_db

User = UserFactory._meta.model


def _add_registrations(event, n: int, start: int) -> None:
    users = User.objects.bulk_create(
        [User(email=f"bulk{start + i}@example.kz", full_name=f"Делегат {start + i}") for i in range(n)]
    )
    Registration.objects.bulk_create(
        [Registration(event=event, user=u, status=RegStatus.CONFIRMED) for u in users]
    )


def _add_events(n: int, start: int, organiser) -> None:
    events = Event.objects.bulk_create(
        [
            Event(
                slug=f"bulk-{start + i}",
                title_ru=f"Встреча {start + i}",
                starts_at=in_days(1 + i % 25),
                ends_at=in_days(1 + i % 25) + dt.timedelta(hours=3),
                status="published",
                format=EventFormat.HYBRID,
            )
            for i in range(n)
        ]
    )
    EventOrganiser.objects.bulk_create([EventOrganiser(event=e, organisation=organiser) for e in events])


@pytest.mark.parametrize("size", [5, 2000])
def test_event_page_query_count(client, event, ngo_leader, size, django_assert_max_num_queries):
    event.capacity = None
    event.save()
    _add_programme(event, 3 if size < 100 else 20, organiser=event.organisers.get().organisation)
    _add_registrations(event, size, 0)
    with django_assert_max_num_queries(8):
        assert client.get(event.get_absolute_url()).status_code == 200
    client.force_login(ngo_leader)
    with django_assert_max_num_queries(12):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(7):
        html = client.get(f"/ru/events/{event.slug}/registrations/").content.decode()
    assert html.count("<tr>") <= 51


def _add_programme(event, n: int, *, organiser) -> None:
    for i in range(n):
        session = SessionFactory(
            event=event, capacity=50 if i % 2 else None, online_url="https://zoom.us/j/1"
        )
        Speaker.objects.bulk_create(
            [Speaker(session=session, name=f"Спикер {i}{k}", organisation=organiser) for k in range(3)]
        )


@pytest.mark.parametrize("size", [5, 2000])
def test_api_event_detail_query_count(client, event, citizen, size, django_assert_max_num_queries):
    """``GET /api/v1/events/{id}`` with its programme: the same queries for 3 sessions and 5
    registrations as for 20 sessions (60 speakers) and 2,000 registrations."""
    _add_programme(event, 3 if size < 100 else 20, organiser=event.organisers.get().organisation)
    _add_registrations(event, size, 0)
    event.capacity = None
    event.save()
    with django_assert_max_num_queries(4):
        data = client.get(f"/api/v1/events/{event.pk}").json()
    assert data["confirmed"] == size and len(data["programme"]) == (3 if size < 100 else 20)
    assert data["programme"][0]["speakers"][0]["organisation"] == "Гражданский альянс"
    client.force_login(citizen)
    with django_assert_max_num_queries(6):  # + the session and the user
        assert client.get(f"/api/v1/events/{event.pk}").status_code == 200


@pytest.mark.parametrize("size", [5, 10000])
def test_calendar_query_count(client, organiser_org, size, django_assert_max_num_queries):
    _add_events(size, 0, organiser_org)
    with django_assert_max_num_queries(8):
        assert client.get("/ru/events/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/ru/events/?organiser={organiser_org.slug}").status_code == 200
    month = in_days(10).strftime("%Y-%m")
    with django_assert_max_num_queries(8):
        assert client.get(f"/ru/events/calendar/?month={month}").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/events").status_code == 200
