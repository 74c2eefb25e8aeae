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
    for n in range(3):
        session = SessionFactory(event=event)
        Speaker.objects.bulk_create([Speaker(session=session, name=f"Спикер {n}{k}") for k in range(3)])
    _add_registrations(event, size, 0)
    with django_assert_max_num_queries(14):
        assert client.get(event.get_absolute_url()).status_code == 200
    client.force_login(ngo_leader)
    with django_assert_max_num_queries(22):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(22):
        html = client.get(f"/ru/events/{event.slug}/registrations/").content.decode()
    assert html.count("<tr>") <= 51


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
