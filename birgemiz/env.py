"""Strict readers of environment variables.

Every knob of the platform is read here, once, at start-up. A value that cannot be parsed
stops the process with a message naming the variable, so a typo in production fails loudly
instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def str(self, name: str, default: str) -> str:
        value = self._raw(name)
        return default if value is None or value == "" else value

    def bool(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}")

    def int(self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}")
        return number

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None or value == "":
            return list(default)
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise ImproperlyConfigured(
                f"{name} must be a comma-separated list without empty items, got {value!r}"
            )
        return items

    def url(self, name: str, default: str, *, schemes: tuple[str, ...]) -> str:
        value = self.str(name, default)
        if not value:
            return value
        parsed = urlparse(value)
        if parsed.scheme not in schemes or not (parsed.netloc or parsed.path):
            allowed = ", ".join(f"{scheme}://" for scheme in schemes)
            raise ImproperlyConfigured(f"{name} must be a URL starting with {allowed}, got {value!r}")
        return value

    def email(self, name: str, default: str) -> str:
        value = self.str(name, default)
        address = value.rsplit("<", 1)[-1].rstrip(">").strip()
        local, _, domain = address.partition("@")
        if not local or "." not in domain:
            raise ImproperlyConfigured(f"{name} must be an e-mail address, got {value!r}")
        return value
