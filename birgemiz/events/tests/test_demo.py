import pytest

from birgemiz.events.demo import load_demo_events
from birgemiz.events.models import Event
from birgemiz.orgs.demo import load_demo_orgs

pytestmark = pytest.mark.django_db


def test_demo_events_with_orgs_and_twice():
    load_demo_orgs()
    load_demo_events()
    load_demo_events()  # idempotent
    assert Event.objects.count() == 6
    sko = Event.objects.get(slug="sko-forum-xii")
    assert sko.full_title.startswith("XII областной форум")
    karaganda = Event.objects.get(slug="karaganda-ngo-conference-2021")
    assert karaganda.sessions.filter(kind="awards").exists()
    roles = dict(karaganda.organisers.values_list("organisation__slug", "role"))
    assert roles == {"karaganda-uvp": "customer", "karaganda-alliance": "executor"}


def test_demo_events_without_the_orgs_demo(client):
    load_demo_events()
    assert Event.objects.count() == 6
    assert client.get("/ru/events/vko-civil-forum-2025/").status_code == 200
