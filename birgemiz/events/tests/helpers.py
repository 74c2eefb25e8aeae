"""Small helpers the events tests share."""

from django.utils import timezone, translation
from django.utils.html import escape


def ru_html(message: str) -> str:
    """The Russian translation of ``message`` as a page shows it (HTML-escaped)."""
    with translation.override("ru"):
        return escape(translation.gettext(message))


def local_input(value) -> str:
    """A datetime as a ``datetime-local`` field takes it, in Asia/Almaty."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
