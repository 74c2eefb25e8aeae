"""Every e-mail is a template set ``emails/<name>/{subject.txt,body.txt,body.html}``.

Mail is rendered in the recipient's language and sent by a task (``tasks.send_email``);
``send_email_later`` is what services call, so nothing is sent for a rolled-back transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def _language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def render_email(
    name: str, *, to: str, language: str | None, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """Build the message ``name`` for ``to`` in ``language`` (falls back to the default language)."""
    lang = _language(language)
    ctx = {"site_url": settings.SITE_URL, "site_name": "Birgemiz", "language": lang, **context}
    with translation.override(lang):
        # A subject is one line whatever the template's whitespace.
        subject = " ".join(render_to_string(f"emails/{name}/subject.txt", ctx).split())
        text = render_to_string(f"emails/{name}/body.txt", ctx)
        html = render_to_string(f"emails/{name}/body.html", ctx)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def send_email_later(name: str, *, to: str, language: str | None, context: dict[str, Any]) -> None:
    """Queue the e-mail once the current transaction commits (at once outside a transaction).

    ``context`` must be JSON-serialisable: it travels through the task queue.
    """
    from birgemiz.accounts.tasks import send_email

    def enqueue() -> None:
        send_email.enqueue(name=name, to=to, language=_language(language), context=context)

    transaction.on_commit(enqueue)
