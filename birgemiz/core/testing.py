"""The test base every app shares: factories and named users.

``birgemiz/conftest.py`` does ``from birgemiz.core.testing import *``, so every test can ask
for ``citizen``, ``ngo_leader``, ``official``, ``editor``, ``moderator``, ``jury``, ``admin``
or ``outsider`` (all verified, with the password ``PASSWORD``), or for ``named_users``.
NGO leader, official and jury member are plain verified citizens until the orgs and
contests modules give them their memberships.

Models are named by label, not imported: the core does not import the domain apps.
"""

from __future__ import annotations

import hashlib
import secrets

import factory
import pytest
from django.utils import timezone

__all__ = [
    "PASSWORD",
    "NAMED_USERS",
    "UserFactory",
    "UnverifiedUserFactory",
    "ApiTokenFactory",
    "make_api_token",
    "make_named_user",
    "citizen",
    "ngo_leader",
    "official",
    "editor",
    "moderator",
    "jury",
    "admin",
    "outsider",
    "named_users",
]

#: Every factory-made user signs in with this.
PASSWORD = "test-Password-2025!"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    full_name = factory.Faker("name", locale="ru_RU")
    password = factory.django.Password(PASSWORD)
    preferred_language = "ru"
    email_verified_at = factory.LazyFunction(timezone.now)
    personal_data_consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["editor"])`` gives roles (and staff status)."""
        if not create or not extracted:
            return
        from django.contrib.auth.models import Group

        for role in extracted:
            group, _created = Group.objects.get_or_create(name=role)
            self.groups.add(group)
        if not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class UnverifiedUserFactory(UserFactory):
    email_verified_at = None


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A personal API token; pass ``secret=`` to know it (or use ``make_api_token``)."""

    class Meta:
        model = "accounts.ApiToken"

    class Params:
        secret = factory.LazyFunction(lambda: "bgz_" + secrets.token_urlsafe(32))

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"token {n}")
    prefix = factory.LazyAttribute(lambda o: o.secret[:12])
    key_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.secret.encode()).hexdigest())


def make_api_token(user=None, **kwargs):
    """Return ``(token, secret)``: a stored token and the secret that authenticates with it."""
    secret = kwargs.pop("secret", None) or "bgz_" + secrets.token_urlsafe(32)
    if user is not None:
        kwargs["user"] = user
    return ApiTokenFactory(secret=secret, **kwargs), secret


#: key → (e-mail, full name, roles, superuser)
NAMED_USERS: dict[str, tuple[str, str, tuple[str, ...], bool]] = {
    "citizen": ("citizen@test.birgemiz.kz", "Айгерим Садыкова", (), False),
    "ngo_leader": ("ngo.leader@test.birgemiz.kz", "Ерлан Жұмабаев", (), False),
    "official": ("official@test.birgemiz.kz", "Марат Ахметов", (), False),
    "editor": ("editor@test.birgemiz.kz", "Динара Нұрланқызы", ("editor",), False),
    "moderator": ("moderator@test.birgemiz.kz", "Сергей Ковалёв", ("moderator",), False),
    "jury": ("jury@test.birgemiz.kz", "Гүлнар Исмаилова", (), False),
    "admin": ("admin@test.birgemiz.kz", "Администратор", ("administrator",), True),
    "outsider": ("outsider@test.birgemiz.kz", "Asel Outsider", (), False),
}


def make_named_user(key: str):
    email, full_name, roles, superuser = NAMED_USERS[key]
    return UserFactory(
        email=email,
        full_name=full_name,
        roles=list(roles),
        is_superuser=superuser,
        is_staff=superuser or bool(roles),
    )


@pytest.fixture
def citizen(db):
    return make_named_user("citizen")


@pytest.fixture
def ngo_leader(db):
    return make_named_user("ngo_leader")


@pytest.fixture
def official(db):
    return make_named_user("official")


@pytest.fixture
def editor(db):
    return make_named_user("editor")


@pytest.fixture
def moderator(db):
    return make_named_user("moderator")


@pytest.fixture
def jury(db):
    return make_named_user("jury")


@pytest.fixture
def admin(db):
    return make_named_user("admin")


@pytest.fixture
def outsider(db):
    return make_named_user("outsider")


@pytest.fixture
def named_users(db) -> dict:
    """Every named user, by key (for tests that go over all roles)."""
    return {key: make_named_user(key) for key in NAMED_USERS}
