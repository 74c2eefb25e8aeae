"""The last place is never given twice: people registering at once (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection, connections

from birgemiz.core.testing import UserFactory
from birgemiz.events import services
from birgemiz.events.choices import RegStatus
from birgemiz.events.models import Registration
from birgemiz.events.tests.factories import EventFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as error:  # noqa: BLE001  collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_last_places_are_never_given_twice():
    event = EventFactory(capacity=3)
    people = [UserFactory() for _ in range(12)]
    errors = _race(lambda user: services.registration_create(event=event, user=user), [(p,) for p in people])
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegStatus.CONFIRMED) == 3
    assert statuses.count(RegStatus.WAITLISTED) == 9


@pytest.mark.django_db(transaction=True)
def test_one_person_twice_at_once_gets_one_registration():
    event = EventFactory(capacity=10)
    person = UserFactory()
    errors = _race(lambda user: services.registration_create(event=event, user=user), [(person,)] * 6)
    assert Registration.objects.filter(event=event, user=person).count() == 1
    assert len(errors) == 5 and all(getattr(e, "code", "") == "already_registered" for e in errors)


@pytest.mark.django_db(transaction=True)
def test_cancellations_at_once_promote_each_waiting_person_once():
    event = EventFactory(capacity=2)
    people = [UserFactory() for _ in range(5)]
    regs = [services.registration_create(event=event, user=p) for p in people]
    _race(lambda reg: services.registration_cancel(registration=reg, actor=None), [(regs[0],), (regs[1],)])
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert [statuses[p.pk] for p in people] == [
        "cancelled",
        "cancelled",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
