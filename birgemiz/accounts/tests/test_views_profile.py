import json

import pytest
from django.conf import settings

from birgemiz.accounts.models import ApiToken, User
from birgemiz.core.models import AuditLog
from birgemiz.core.testing import PASSWORD, make_api_token
from birgemiz.geo.models import Region

pytestmark = pytest.mark.django_db

PROFILE = "/ru/accounts/profile/"


def profile_form(user, **overrides):
    data = {
        "full_name": user.full_name,
        "region": user.region_id or "",
        "preferred_language": user.preferred_language,
        "notify_by_email": "on" if user.notify_by_email else "",
    }
    data.update(overrides)
    return data


def test_profile_page(client, citizen):
    client.force_login(citizen)
    html = client.get(PROFILE).content.decode()
    assert citizen.email in html
    assert 'autocomplete="name"' in html
    assert "/ru/accounts/profile/data/" in html
    assert "/admin/" not in html  # not staff


def test_staff_see_the_admin_link(client, editor):
    client.force_login(editor)
    assert "/admin/" in client.get(PROFILE).content.decode()


def test_profile_update(client, citizen):
    client.force_login(citizen)
    region = Region.objects.get(slug="pavlodar")
    response = client.post(
        PROFILE, profile_form(citizen, full_name="Новое Имя", region=region.pk, notify_by_email="")
    )
    assert response["Location"] == PROFILE
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # language unchanged
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.region, citizen.notify_by_email) == ("Новое Имя", region, False)


def test_changing_language_sets_the_cookie_and_goes_to_that_language(client, citizen):
    client.force_login(citizen)
    response = client.post(PROFILE, profile_form(citizen, preferred_language="kk"))
    assert response["Location"] == "/kk/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    citizen.refresh_from_db()
    assert citizen.preferred_language == "kk"
    page = client.get("/kk/accounts/profile/").content.decode()
    assert '<html lang="kk"' in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"region": "0"}, "region"),
        ({"preferred_language": "fr"}, "preferred_language"),
    ],
)
def test_profile_bad_input_changes_nothing(client, citizen, overrides, field):
    client.force_login(citizen)
    before = User.objects.values().get(pk=citizen.pk)
    response = client.post(PROFILE, profile_form(citizen, **overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.values().get(pk=citizen.pk) == before


def test_download_my_data(client, citizen, outsider):
    citizen.region = Region.objects.get(slug="akmola")
    citizen.save()
    make_api_token(citizen, name="dashboard")
    make_api_token(outsider, name="not mine")
    AuditLog.objects.create(actor=outsider, action="something.else")
    client.force_login(citizen)
    assert client.get("/ru/accounts/profile/data/").status_code == 405
    response = client.post("/ru/accounts/profile/data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="birgemiz-my-data-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    profile = data["profile"]
    assert profile["email"] == citizen.email
    assert profile["full_name"] == citizen.full_name
    assert profile["region"]["slug"] == "akmola"
    assert profile["personal_data_consent_at"] and profile["email_verified_at"]
    assert [t["name"] for t in data["api_tokens"]] == ["dashboard"]
    text = response.content.decode()
    token = ApiToken.objects.get(name="dashboard")
    assert token.key_hash not in text and "key_hash" not in text and "password" not in text
    actions = [e["action"] for e in data["audit_log"]]
    assert "accounts.export" in actions
    assert "something.else" not in actions


def test_delete_account_needs_the_password(client, citizen):
    client.force_login(citizen)
    assert client.get("/ru/accounts/profile/delete/").status_code == 200
    for data in ({}, {"password": "wrong"}):
        response = client.post("/ru/accounts/profile/delete/", data)
        assert response.status_code == 200
        assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=citizen.pk).exists()


def test_delete_account(client, citizen):
    make_api_token(citizen)
    client.force_login(citizen)
    pk = citizen.pk
    response = client.post("/ru/accounts/profile/delete/", {"password": PASSWORD})
    assert response["Location"] == "/ru/"
    assert not User.objects.filter(pk=pk).exists()
    assert not ApiToken.objects.exists()
    assert "_auth_user_id" not in client.session
    entry = AuditLog.objects.get(action="accounts.delete")
    assert entry.details == {"user_id": pk} and entry.actor is None
    assert client.get(PROFILE).status_code == 302


def test_tokens_create_shows_the_secret_once(client, citizen):
    client.force_login(citizen)
    response = client.post("/ru/accounts/profile/tokens/", {"name": "my script"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=citizen)
    secret = html.split('id="new-token" class="token-secret" type="text" value="', 1)[1].split('"', 1)[0]
    assert ApiToken.hash_key(secret) == token.key_hash
    page = client.get("/ru/accounts/profile/tokens/").content.decode()
    assert "my script" in page and secret not in page and token.prefix in page


def test_token_bad_name_creates_nothing(client, citizen):
    client.force_login(citizen)
    for name in ("", "x" * 81):
        response = client.post("/ru/accounts/profile/tokens/", {"name": name})
        assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_revoke_by_owner_only(client, citizen, outsider):
    token, _ = make_api_token(citizen)
    client.force_login(outsider)
    assert client.post(f"/ru/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active
    client.force_login(citizen)
    assert client.get(f"/ru/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/ru/accounts/profile/tokens/{token.pk}/revoke/")
    assert response["Location"] == "/ru/accounts/profile/tokens/"
    token.refresh_from_db()
    assert not token.is_active
