import io

import pytest

from birgemiz.accounts import demo, roles
from birgemiz.accounts.models import User
from birgemiz.core.registry import registry

pytestmark = pytest.mark.django_db


def test_demo_loader_is_registered():
    assert registry.demo_loaders["accounts"][1] is demo.load_demo_users


def test_demo_users_in_development_have_known_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()
    demo.load_demo_users(stdout=out, show_passwords=True)
    demo.load_demo_users(stdout=io.StringIO(), show_passwords=True)  # idempotent
    assert User.objects.count() == len(demo.PERSONAS)
    for persona in demo.PERSONAS:
        user = User.objects.get(email=persona.email)
        assert user.is_verified and user.personal_data_consent_at
        assert user.check_password(demo.demo_password(persona))
        assert demo.demo_password(persona) in out.getvalue()
    admin = User.objects.get(email="admin@birgemiz.kz")
    assert admin.is_superuser and admin.is_staff
    assert roles.user_roles(User.objects.get(email="editor@birgemiz.kz")) == ["editor"]
    assert roles.user_roles(User.objects.get(email="moderator@birgemiz.kz")) == ["moderator"]
    assert not User.objects.get(email="citizen@birgemiz.kz").is_staff
    assert User.objects.get(email="citizen@birgemiz.kz").region.slug == "karaganda"


def test_demo_users_in_production_get_unknown_passwords_not_printed(settings):
    settings.DEBUG = False
    out = io.StringIO()
    demo.load_demo_users(stdout=out, show_passwords=False)
    assert "password" not in out.getvalue()
    for persona in demo.PERSONAS:
        user = User.objects.get(email=persona.email)
        assert not user.check_password(demo.demo_password(persona))
    before = User.objects.get(email="citizen@birgemiz.kz").password
    demo.load_demo_users(stdout=io.StringIO())
    assert User.objects.get(email="citizen@birgemiz.kz").password == before  # kept
