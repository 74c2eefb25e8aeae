import pytest

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
