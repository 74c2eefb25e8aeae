import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from birgemiz.accounts.models import User
from birgemiz.core.models import AuditLog
from birgemiz.core.testing import PASSWORD, UnverifiedUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/ru/accounts/login/"


def test_login_page_markup(client):
    html = client.get(LOGIN).content.decode()
    assert 'name="username"' in html and 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "/ru/accounts/password/reset/" in html


def test_login_is_case_insensitive_sets_language_cookie_and_goes_to_profile_in_that_language(client):
    user = UserFactory(email="dana@example.kz", preferred_language="kk")
    response = client.post(LOGIN, {"username": "  DANA@Example.kz", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/kk/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_goes_to_a_safe_next_only(client):
    UserFactory(email="dana@example.kz")
    response = client.post(
        LOGIN, {"username": "dana@example.kz", "password": PASSWORD, "next": "/ru/regions/"}
    )
    assert response["Location"] == "/ru/regions/"
    client.logout()
    response = client.post(
        LOGIN, {"username": "dana@example.kz", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/ru/accounts/profile/"


def test_unverified_user_signs_in_and_sees_a_notice(client):
    UnverifiedUserFactory(email="new@example.kz")
    response = client.post(LOGIN, {"username": "new@example.kz", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert "new@example.kz" in html
    assert "/ru/accounts/verify-again/" in html  # the notice with the resend button


@pytest.mark.parametrize(
    "data", [{"username": "dana@example.kz", "password": "wrong"}, {"username": "", "password": ""}, {}]
)
def test_bad_login_shows_an_error(client, data):
    UserFactory(email="dana@example.kz")
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice notice--error"' in html
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_sign_in(client):
    UserFactory(email="off@example.kz", is_active=False)
    response = client.post(LOGIN, {"username": "off@example.kz", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_axes_locks_out_after_repeated_failures_whatever_the_case(client, settings):
    UserFactory(email="dana@example.kz")
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        email = "dana@example.kz" if i % 2 else "DANA@example.kz"
        assert client.post(LOGIN, {"username": email, "password": "wrong"}).status_code == 200
    response = client.post(LOGIN, {"username": "dana@example.kz", "password": "wrong"})
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "dana@example.kz"
    # Even the right password is refused now, with the translated lock-out page.
    response = client.post(LOGIN, {"username": "dana@example.kz", "password": PASSWORD})
    assert response.status_code == 429
    assert "/ru/accounts/password/reset/" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_resets_the_failure_count(client):
    UserFactory(email="dana@example.kz")
    client.post(LOGIN, {"username": "dana@example.kz", "password": "wrong"})
    client.post(LOGIN, {"username": "dana@example.kz", "password": PASSWORD})
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_login_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 60)}
    settings.AXES_FAILURE_LIMIT = 100
    for _ in range(2):
        assert client.post(LOGIN, {"username": "x@example.kz", "password": "x"}).status_code == 200
    response = client.post(LOGIN, {"username": "y@example.kz", "password": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_logout_needs_post(client, citizen):
    client.force_login(citizen)
    assert client.get("/ru/accounts/logout/").status_code == 405
    response = client.post("/ru/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _reset_link(mailoutbox):
    return re.search(r"http://[^/\s]+(/\w+/accounts/password/reset/\S+/)", mailoutbox[-1].body).group(1)


def test_password_reset_flow(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="dana@example.kz", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/accounts/password/reset/", {"email": "DANA@example.kz"})
    assert response["Location"] == "/ru/accounts/password/reset/sent/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Set a new password for Birgemiz"
    link = _reset_link(mailoutbox)
    assert link.startswith("/en/")
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session marker
    form_url = response["Location"]
    bad = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert 'id="id_new_password2_error"' in bad.content.decode() or 'id="id_new_password1_error"' in (
        bad.content.decode()
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        form_url, {"new_password1": "a-brand-New-pass-77", "new_password2": "a-brand-New-pass-77"}
    )
    assert response["Location"] == "/en/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-brand-New-pass-77")
    assert AuditLog.objects.filter(action="accounts.password_reset", target_id=str(user.pk)).exists()
    # The link works once.
    assert "not valid" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same(client, mailoutbox):
    response = client.post("/ru/accounts/password/reset/", {"email": "nobody@example.kz"})
    assert response["Location"] == "/ru/accounts/password/reset/sent/"
    assert mailoutbox == []
    bad = client.post("/ru/accounts/password/reset/", {"email": "nope"})
    assert 'id="id_email_error"' in bad.content.decode()


def test_password_reset_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": (1, 3600)}
    client.post("/ru/accounts/password/reset/", {"email": "a@example.kz"})
    assert client.post("/ru/accounts/password/reset/", {"email": "b@example.kz"}).status_code == 429


def test_password_change(client, citizen):
    client.force_login(citizen)
    url = "/ru/accounts/password/change/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"old_password": "wrong", "new_password1": "x-New-pass-2025", "new_password2": "x-New-pass-2025"}
    )
    assert 'id="id_old_password_error"' in bad.content.decode()
    mismatch = client.post(
        url, {"old_password": PASSWORD, "new_password1": "x-New-pass-2025", "new_password2": "other"}
    )
    assert 'id="id_new_password2_error"' in mismatch.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "x-New-pass-2025", "new_password2": "x-New-pass-2025"},
    )
    assert response["Location"] == "/ru/accounts/profile/"
    citizen.refresh_from_db()
    assert citizen.check_password("x-New-pass-2025")
    assert "_auth_user_id" in client.session  # still signed in
    assert AuditLog.objects.filter(action="accounts.password_change").exists()


def test_pages_need_sign_in(client):
    for url in [
        "/ru/accounts/profile/",
        "/ru/accounts/profile/tokens/",
        "/ru/accounts/profile/delete/",
        "/ru/accounts/password/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/ru/accounts/login/?next=")
    assert client.post("/ru/accounts/profile/data/").status_code == 302
    assert User.objects.count() == 0
