import pytest
from django.core.exceptions import ValidationError

from birgemiz.accounts import services, tokens
from birgemiz.accounts.models import ApiToken, User
from birgemiz.core.models import AuditLog
from birgemiz.core.testing import PASSWORD, UnverifiedUserFactory, UserFactory
from birgemiz.geo.models import Region

pytestmark = pytest.mark.django_db


def signup(**overrides):
    data = {
        "email": "  New.Person@Example.KZ ",
        "full_name": " Асель Нурова ",
        "password": PASSWORD,
        "preferred_language": "kk",
        "consent": True,
    }
    return services.user_signup(**{**data, **overrides})


def test_signup_creates_user_with_consent_and_sends_verification(
    mailoutbox, django_capture_on_commit_callbacks
):
    region = Region.objects.get(slug="karaganda")
    with django_capture_on_commit_callbacks(execute=True):
        user = signup(region=region)
    user.refresh_from_db()
    assert user.email == "new.person@example.kz"
    assert user.full_name == "Асель Нурова"
    assert user.region == region
    assert user.personal_data_consent_at is not None
    assert not user.is_verified
    assert user.check_password(PASSWORD)
    assert AuditLog.objects.filter(action="accounts.signup", target_id=str(user.pk)).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.kz"]
    assert "/kk/accounts/verify/" in mailoutbox[0].body


def test_mail_waits_for_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signup()
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_signup_without_consent_is_refused():
    with pytest.raises(ValidationError):
        signup(consent=False)
    assert not User.objects.exists()


def test_signup_with_taken_email_in_other_case_is_refused():
    UserFactory(email="taken@example.kz")
    with pytest.raises(ValidationError) as exc:
        signup(email="TAKEN@example.kz")
    assert exc.value.code == "email_taken"
    assert User.objects.count() == 1


def test_verify_email_marks_verified_and_is_idempotent():
    user = UnverifiedUserFactory()
    token = tokens.make_verification_token(user)
    assert services.user_verify_email(token=token) == user
    user.refresh_from_db()
    first = user.email_verified_at
    assert first is not None
    services.user_verify_email(token=token)
    user.refresh_from_db()
    assert user.email_verified_at == first
    assert AuditLog.objects.filter(action="accounts.verify_email").count() == 1


def test_verify_email_link_expires(time_machine):
    time_machine.move_to("2026-01-01 10:00Z", tick=False)
    user = UnverifiedUserFactory()
    token = tokens.make_verification_token(user)
    time_machine.move_to("2026-01-05 10:00Z", tick=False)  # past the three days
    with pytest.raises(services.VerificationFailed) as exc:
        services.user_verify_email(token=token)
    assert exc.value.code == "expired"
    user.refresh_from_db()
    assert not user.is_verified


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "garbage", lambda t: ""]
)
def test_tampered_verification_token_is_refused(mangle):
    user = UnverifiedUserFactory()
    with pytest.raises(services.VerificationFailed) as exc:
        services.user_verify_email(token=mangle(tokens.make_verification_token(user)))
    assert exc.value.code == "invalid"


def test_verification_link_dies_when_email_changes():
    user = UnverifiedUserFactory(email="old@example.kz")
    token = tokens.make_verification_token(user)
    user.email = "new@example.kz"
    user.save()
    with pytest.raises(services.VerificationFailed):
        services.user_verify_email(token=token)


def test_no_verification_mail_for_verified_user(mailoutbox):
    assert services.user_send_verification(user=UserFactory()) is False
    assert mailoutbox == []


def test_update_profile_changes_only_given_fields_and_audits():
    user = UserFactory(full_name="A", preferred_language="ru")
    changed = services.user_update_profile(user=user, full_name="B", preferred_language="ru")
    assert changed == ["full_name"]
    user.refresh_from_db()
    assert user.full_name == "B"
    entry = AuditLog.objects.get(action="accounts.profile_update")
    assert entry.details == {"fields": ["full_name"]}
    assert services.user_update_profile(user=user, full_name="B") == []
    with pytest.raises(TypeError):
        services.user_update_profile(user=user, is_staff=True)


def test_token_create_stores_only_the_hash():
    user = UserFactory()
    token, secret = services.token_create(user=user, name=" script ")
    assert token.name == "script"
    assert secret.startswith("bgz_") and len(secret) > 40
    assert token.key_hash == ApiToken.hash_key(secret)
    assert secret not in token.key_hash
    assert token.prefix == secret[:12]


def test_token_create_limits_active_tokens(settings):
    user = UserFactory()
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.token_create(user=user, name=f"t{i}")
    with pytest.raises(ValidationError):
        services.token_create(user=user, name="one too many")
    with pytest.raises(ValidationError):
        services.token_create(user=UserFactory(), name="   ")


def test_token_revoke_is_idempotent():
    user = UserFactory()
    token, _secret = services.token_create(user=user, name="x")
    services.token_revoke(actor=user, token=token)
    when = token.revoked_at
    services.token_revoke(actor=user, token=token)
    token.refresh_from_db()
    assert token.revoked_at == when
    assert AuditLog.objects.filter(action="accounts.token_revoke").count() == 1


def test_delete_removes_user_and_anonymises_the_audit_trail():
    user = UserFactory(email="gone@example.kz", full_name="Гость Удалённый")
    services.user_update_profile(user=user, full_name="Удалённый Гость")
    services.token_create(user=user, name="x")
    pk = user.pk
    services.user_delete(user=user)
    assert not User.objects.filter(pk=pk).exists()
    assert not ApiToken.objects.exists()
    for entry in AuditLog.objects.all():
        assert entry.actor_id is None
        assert "Гость" not in entry.target_repr and "gone@" not in entry.target_repr
    assert AuditLog.objects.get(action="accounts.delete").details == {"user_id": pk}
