import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from birgemiz.accounts import tokens
from birgemiz.accounts.models import User
from birgemiz.core.testing import PASSWORD, UnverifiedUserFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/ru/accounts/signup/"


def form(**overrides):
    data = {
        "email": "aset@example.kz",
        "full_name": "Асет Омаров",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "region": "",
        "preferred_language": "ru",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_signup_page_is_accessible_markup(client):
    html = client.get(URL).content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="name"' in html
    assert 'aria-describedby="id_email_helptext"' in html
    assert '<label for="id_consent">' in html
    assert "required" in html


def test_signup_sends_the_link_and_the_link_verifies(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form(preferred_language="en"))
    assert response.status_code == 200
    assert "aset@example.kz" in response.content.decode()
    user = User.objects.get(email="aset@example.kz")
    assert user.personal_data_consent_at is not None and not user.is_verified
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Confirm your e-mail for Birgemiz"  # in the chosen language
    assert message.alternatives[0][1] == "text/html"
    path = re.search(r"https?://[^/\s]+(/en/accounts/verify/\S+/)", message.body).group(1)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_verified


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "password1"),
        ({"consent": None}, "consent"),
        ({"region": "999999"}, "region"),
        ({"preferred_language": "de"}, "preferred_language"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, mailoutbox, overrides, field):
    response = client.post(URL, form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()
    assert mailoutbox == []


def test_errors_are_in_the_page_language(client):
    response = client.post(URL, form(consent=None, password1="12345678901", password2="12345678901"))
    html = response.content.decode()
    assert "Введённый пароль состоит только из цифр." in html  # Django's own catalogue
    with translation.override("ru"):  # ours: English msgids, translated by the ru catalogue
        expected = translation.gettext("You must agree to the processing of your personal data.")
    assert expected in html
    assert not User.objects.exists()


def test_taken_email_shows_an_error(client):
    UserFactory(email="aset@example.kz")
    response = client.post(URL, form(email="ASET@example.kz"))
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.count() == 1


def test_signup_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (2, 3600)}
    for i in range(2):
        assert client.post(URL, form(email=f"p{i}@example.kz")).status_code == 200
    response = client.post(URL, form(email="p3@example.kz"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert not User.objects.filter(email="p3@example.kz").exists()


def test_signed_in_user_is_sent_to_the_profile(client, citizen):
    client.force_login(citizen)
    assert client.get(URL)["Location"] == "/ru/accounts/profile/"


def test_verify_link_problems_are_explained(client, time_machine):
    user = UnverifiedUserFactory()
    response = client.get(f"/ru/accounts/verify/{tokens.make_verification_token(user)}x/")
    assert response.status_code == 400
    assert "/ru/accounts/verify-again/" in response.content.decode()
    time_machine.move_to("2026-01-01 10:00Z", tick=False)
    token = tokens.make_verification_token(user)
    time_machine.move_to("2026-02-01 10:00Z", tick=False)
    response = client.get(f"/ru/accounts/verify/{token}/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_verified


def test_resend_for_a_signed_in_unverified_user(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UnverifiedUserFactory(preferred_language="kk")
    client.force_login(user)
    assert "/ru/accounts/verify-again/" in client.get("/ru/accounts/profile/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/accounts/verify-again/")
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/kk/accounts/verify/" in mailoutbox[0].body


def test_resend_by_address_does_not_reveal_accounts(client, mailoutbox, django_capture_on_commit_callbacks):
    UnverifiedUserFactory(email="known@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/ru/accounts/verify-again/", {"email": "KNOWN@example.kz"})
        unknown = client.post("/ru/accounts/verify-again/", {"email": "nobody@example.kz"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox] == [["known@example.kz"]]
    bad = client.post("/ru/accounts/verify-again/", {"email": "nope"})
    assert 'id="id_email_error"' in bad.content.decode()


def test_resend_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resend_verification": (1, 3600)}
    client.post("/ru/accounts/verify-again/", {"email": "a@example.kz"})
    assert client.post("/ru/accounts/verify-again/", {"email": "a@example.kz"}).status_code == 429


def test_mail_is_in_the_users_language_whatever_the_page_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", form(preferred_language="kk"))
    assert "/kk/accounts/verify/" in mailoutbox[0].body
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
