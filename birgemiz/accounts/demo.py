"""Demo people, one per role or persona (``manage.py demo``)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from birgemiz.accounts import roles
from birgemiz.accounts.models import User


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    full_name: str
    language: str
    region_slug: str | None = None
    role: str | None = None
    superuser: bool = False


PERSONAS = (
    Persona("citizen", "citizen@birgemiz.kz", "Айгерим Садыкова", "ru", "karaganda"),
    Persona("ngo_leader", "ngo.leader@birgemiz.kz", "Ерлан Жұмабаев", "kk", "akmola"),
    Persona("official", "official@birgemiz.kz", "Марат Ахметов", "ru", "north-kazakhstan"),
    Persona("editor", "editor@birgemiz.kz", "Динара Нұрланқызы", "kk", "pavlodar", role=roles.EDITOR),
    Persona(
        "moderator", "moderator@birgemiz.kz", "Сергей Ковалёв", "ru", "east-kazakhstan", role=roles.MODERATOR
    ),
    Persona("jury", "jury@birgemiz.kz", "Гүлнар Исмаилова", "kk", "astana"),
    Persona(
        "admin", "admin@birgemiz.kz", "Администратор Birgemiz", "ru", role=roles.ADMINISTRATOR, superuser=True
    ),
    Persona("outsider", "outsider@birgemiz.kz", "Asel Outsider", "en"),
)


def demo_password(persona: Persona) -> str:
    """The fixed password of a demo person: for local development only (DEBUG)."""
    return f"birgemiz-{persona.key.replace('_', '-')}-demo"


def _region(slug: str | None):
    if not slug:
        return None
    from birgemiz.geo.models import Region

    return Region.objects.filter(slug=slug).first()


@transaction.atomic
def load_demo_users(stdout=None, show_passwords: bool = False) -> list[User]:
    """Create or refresh the demo people, idempotently.

    With DEBUG on, each has a fixed, known password (reset on every run so the printed one
    works). Otherwise new people get a random password nobody knows, existing ones keep theirs.
    """
    users = []
    now = timezone.now()
    for persona in PERSONAS:
        user = User.objects.filter(email__iexact=persona.email).first()
        created = user is None
        if created:
            user = User(email=persona.email, date_joined=now)
        user.full_name = persona.full_name
        user.preferred_language = persona.language
        user.region = _region(persona.region_slug)
        user.email_verified_at = user.email_verified_at or now
        user.personal_data_consent_at = user.personal_data_consent_at or now
        user.is_active = True
        user.is_superuser = persona.superuser
        user.is_staff = persona.superuser or persona.role is not None
        password = None
        if settings.DEBUG:
            password = demo_password(persona)
        elif created:
            password = secrets.token_urlsafe(24)
        if password is not None:
            user.set_password(password)
        user.save()
        if persona.role:
            group, _created = roles.Group.objects.get_or_create(name=persona.role)
            user.groups.add(group)
        users.append(user)
        if stdout is not None:
            line = f"  {persona.key:<11} {persona.email}"
            if show_passwords:
                line += f"  password: {password}" if password else "  password: (unchanged)"
            stdout.write(line)
    return users
