import pytest
from django.utils import timezone

from birgemiz.core.testing import UnverifiedUserFactory, make_api_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_me_with_a_bearer_token(client, editor):
    _token, secret = make_api_token(editor)
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == editor.email
    assert data["roles"] == ["editor"]
    assert data["is_verified"] is True
    assert "password" not in data


def test_token_use_is_recorded(client, citizen):
    token, secret = make_api_token(citizen)
    client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_with_the_session(client):
    user = UnverifiedUserFactory()
    client.force_login(user)
    data = client.get(ME).json()
    assert data["id"] == user.pk and data["is_verified"] is False


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Token abc", "Bearer " + "x" * 500],
)
def test_me_refuses_without_valid_credentials(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(ME, **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Authentication required", "code": "not_authenticated"}


def test_revoked_token_fails(client, citizen):
    token, secret = make_api_token(citizen)
    token.revoked_at = timezone.now()
    token.save()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_token_of_an_inactive_user_fails(client, citizen):
    _token, secret = make_api_token(citizen)
    citizen.is_active = False
    citizen.save()
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_me_is_in_the_openapi_schema(client):
    assert "/api/v1/me" in client.get("/api/v1/openapi.json").json()["paths"]
