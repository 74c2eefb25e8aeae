import pytest

pytestmark = pytest.mark.django_db


def test_list_regions(client, regions):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 20
    karaganda = next(r for r in data if r["slug"] == "karaganda")
    assert karaganda == {
        "slug": "karaganda",
        "kind": "region",
        "name": {"ru": "Карагандинская область", "kk": "Қарағанды облысы", "en": "Karaganda Region"},
        "centre": {
            "slug": "karaganda",
            "name": {"ru": "Караганда", "kk": "Қарағанды", "en": "Karaganda"},
            "is_centre": True,
        },
        "url": karaganda["url"],
    }
    assert karaganda["url"].endswith("/regions/karaganda/")
    assert {r["kind"] for r in data} == {"region", "city"}


def test_one_region_with_its_cities(client, regions):
    response = client.get("/api/v1/regions/east-kazakhstan")
    assert response.status_code == 200
    data = response.json()
    assert data["name"]["en"] == "East Kazakhstan Region"
    assert data["centre"]["name"]["kk"] == "Өскемен"
    assert len(data["cities"]) >= 2
    assert data["cities"][0]["is_centre"] is True


def test_unknown_region_is_a_json_404(client, regions):
    response = client.get("/api/v1/regions/atlantis")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found", "code": "not_found"}


def test_regions_api_is_in_the_openapi_schema(client, regions):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/regions" in schema["paths"]
    assert "/api/v1/regions/{slug}" in schema["paths"]


def test_region_list_api_costs_no_query_with_a_warm_cache(client, regions, django_assert_max_num_queries):
    client.get("/api/v1/regions")
    with django_assert_max_num_queries(0):
        assert client.get("/api/v1/regions").status_code == 200
