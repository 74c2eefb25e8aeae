"""The API skeleton: OpenAPI document, the offline docs page, JSON errors everywhere under /api/."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Birgemiz API"
    assert "/api/v1/regions" in document["paths"]
    assert "get" in document["paths"]["/api/v1/regions"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method.upper()} {path} documents no response"


def test_docs_page_uses_only_local_assets_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page loads its scripts and styles"
    assert all(url.startswith("/static/") for url in assets), assets
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        # Either an external script, or data that the browser does not execute.
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not body.strip()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found", "code": "not_found"}


def test_unknown_object_is_a_json_404(client):
    response = client.get("/api/v1/regions/atlantis")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found", "code": "not_found"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method_is_a_json_405_with_allow(client, method):
    response = getattr(client, method)("/api/v1/regions")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Method Not Allowed", "code": "method_not_allowed"}
    assert "GET" in response["Allow"]


def test_regions_list(client):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    regions = response.json()
    assert len(regions) == 20
    assert {"slug", "kind", "name", "centre", "url"} <= set(regions[0])


@pytest.mark.browser
def test_docs_page_renders_offline_under_the_csp(live_server, page):
    """Swagger UI draws the operations from local files only, with no CSP violation."""
    problems: list[str] = []
    page.on(
        "console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.on(
        "request",
        lambda request: (
            problems.append(request.url) if not request.url.startswith((live_server.url, "data:")) else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Birgemiz API")
    assert page.get_by_text("/api/v1/regions", exact=True).first.is_visible()
    assert problems == []
