"""/api/v1/orgs: the same search and rules as the pages; 422 names the field and the reason."""

import pytest

from birgemiz.core.testing import make_api_token
from birgemiz.orgs.models import Organisation
from birgemiz.orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {make_api_token(user)[1]}"}


def test_list_search_filters_and_pages(client, django_assert_max_num_queries):
    OrganisationFactory(name_ru="Женский луч")
    OrganisationFactory(name_ru="Батыр", status="inactive")
    OrganisationFactory.create_batch(60)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/orgs?q=женщин").json()
    assert [o["name_ru"] for o in body["items"]] == ["Женский луч"]
    body = client.get("/api/v1/orgs?status=inactive").json()
    assert body["count"] == 1 and body["items"][0]["status"] == "inactive"
    assert len(client.get("/api/v1/orgs").json()["items"]) == 50
    assert client.get("/api/v1/orgs?kind=spaceship").status_code == 422


def test_detail_and_stats(client):
    org = OrganisationFactory(name_ru="Батыр")
    assert client.get(f"/api/v1/orgs/{org.pk}").json()["bin"] == org.bin
    assert client.get("/api/v1/orgs/999999").json()["code"] == "not_found"
    stats = client.get("/api/v1/orgs/stats").json()
    assert (stats["registered"], stats["active"]) == (1, 1)
    assert client.get("/api/v1/orgs/stats?region=atlantis").status_code == 404


def test_create_needs_an_editor_and_reports_the_field(client, editor, citizen):
    payload = {"name_ru": "Новая", "legal_form": "public_association", "bin": "940140000384"}
    assert client.post("/api/v1/orgs", payload, content_type="application/json").status_code in (401, 403)
    response = client.post("/api/v1/orgs", payload, content_type="application/json", **_auth(citizen))
    assert response.status_code == 403
    response = client.post("/api/v1/orgs", payload, content_type="application/json", **_auth(editor))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "bin"
    assert body["errors"][0]["reason"] == "Контрольная (последняя) цифра должна быть 5, а не 4."
    assert not Organisation.objects.exists()
    payload["bin"] = "940140000385"
    response = client.post("/api/v1/orgs", payload, content_type="application/json", **_auth(editor))
    assert response.status_code == 201 and response.json()["bin"] == "940140000385"
    response = client.post(
        "/api/v1/orgs", {**payload, "region": "mars"}, content_type="application/json", **_auth(editor)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "region"


def test_patch_by_the_organisations_leader_only(client, ngo, ngo_leader, official):
    url = f"/api/v1/orgs/{ngo.pk}"
    assert (
        client.patch(url, {"phone": "+7 701"}, content_type="application/json", **_auth(official)).status_code
        == 403
    )
    response = client.patch(
        url, {"phone": "+7 7182 55 00 00"}, content_type="application/json", **_auth(ngo_leader)
    )
    assert response.status_code == 200 and response.json()["phone"] == "+7 7182 55 00 00"
