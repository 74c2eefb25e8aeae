"""The API: list with filters, one event with its programme, register and cancel with codes."""

import pytest

from birgemiz.core.testing import UnverifiedUserFactory
from birgemiz.events import services
from birgemiz.events.tests.factories import EventFactory, SessionFactory, in_days

pytestmark = pytest.mark.django_db


def test_list_and_filters(client, event):
    past = EventFactory(starts_at=in_days(-30), kind="conference")
    past.ends_at = past.starts_at
    past.save()
    EventFactory(status="draft")
    data = client.get("/api/v1/events").json()
    assert [e["id"] for e in data["items"]] == [event.pk]
    data = client.get("/api/v1/events?when=past&kind=conference").json()
    assert [e["id"] for e in data["items"]] == [past.pk]
    assert client.get("/api/v1/events?organiser=civil-alliance").json()["count"] == 1


def test_detail_with_programme(client, event):
    SessionFactory(event=event, collects_proposals=True)
    data = client.get(f"/api/v1/events/{event.pk}").json()
    assert data["programme"][0]["collects_proposals"] is True
    assert data["organisers"][0]["role"] == "executor"
    draft = EventFactory(status="draft")
    assert client.get(f"/api/v1/events/{draft.pk}").json()["code"] == "not_found"


def test_register_codes_and_cancel(client, event, people):
    url = f"/api/v1/events/{event.pk}/registrations"
    assert client.post(url, {}, content_type="application/json").status_code == 401
    services.registration_create(event=event, user=people[0])
    services.registration_create(event=event, user=people[1])
    client.force_login(people[2])
    response = client.post(url, {"participation": "offline"}, content_type="application/json")
    assert response.status_code == 202 and response.json()["code"] == "full_waitlisted"
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "already_registered"
    client.force_login(people[0])
    assert client.delete(url).status_code == 204
    client.force_login(people[2])
    assert client.get(f"/api/v1/events/{event.pk}").json()["confirmed"] == 2
    closed = EventFactory(registration_open=False)
    response = client.post(f"/api/v1/events/{closed.pk}/registrations", {}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_quota_code(client, event, people):
    from birgemiz.events.models import Quota
    from birgemiz.orgs.tests.factories import OrganisationFactory

    event.capacity = None
    event.save()
    org = OrganisationFactory()
    Quota.objects.create(event=event, kind="organisation", organisation=org, places=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    client.force_login(people[0])
    response = client.post(url, {"organisation": org.pk}, content_type="application/json")
    assert response.status_code == 201
    assert event.registrations.get(user=people[0]).organisation == org
    client.force_login(people[1])
    response = client.post(url, {"organisation": org.pk}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "quota_reached"
    response = client.post(url, {"organisation": 10**9}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_organisation"
    assert not event.registrations.filter(user=people[1]).exists()


def test_region_quota_needs_a_region(client, event, people):
    from birgemiz.events.models import Quota
    from birgemiz.geo.models import Region

    event.capacity = None
    event.save()
    pavlodar = Region.objects.get(slug="pavlodar")
    Quota.objects.create(event=event, kind="region", region=pavlodar, places=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    client.force_login(people[0])
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "region_required"
    response = client.post(url, {"region": "atlantis"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_region"
    assert not event.registrations.exists()
    assert client.post(url, {"region": "pavlodar"}, content_type="application/json").status_code == 201
    # The profile's region is taken when none is named: the quota is used up.
    people[1].region = pavlodar
    people[1].save()
    client.force_login(people[1])
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "quota_reached"
    client.force_login(people[2])
    assert client.post(url, {"region": "almaty"}, content_type="application/json").status_code == 201


def test_unverified_cannot_register(client, event):
    client.force_login(UnverifiedUserFactory())
    response = client.post(f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json")
    assert response.status_code == 403
