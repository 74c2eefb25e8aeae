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

    org = OrganisationFactory()
    Quota.objects.create(event=event, kind="organisation", organisation=org, places=1)
    services.registration_create(
        event=event, user=people[0], data=services.RegistrationInput(organisation=org)
    )
    # The API registers people without an organisation: the quota only binds those who name it.
    client.force_login(people[1])
    assert (
        client.post(
            f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json"
        ).status_code
        == 201
    )
    with pytest.raises(services.EventError) as error:
        services.registration_create(
            event=event, user=people[2], data=services.RegistrationInput(organisation=org)
        )
    assert error.value.code == "quota_reached"


def test_unverified_cannot_register(client, event):
    client.force_login(UnverifiedUserFactory())
    response = client.post(f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json")
    assert response.status_code == 403
