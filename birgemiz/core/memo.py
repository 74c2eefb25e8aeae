"""Process-local memos that every process drops when the shared cache says the data changed.

For small reference data read several times per request (regions, the working-day calendar):
each process keeps the loaded value in memory, and the shared cache (Redis in production)
holds only a version stamp, so a page pays one tiny cache read instead of unpickling objects,
and a change made on one host reaches every host on its next read. The value is shared
between requests and threads: treat it as read-only.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import caches

T = TypeVar("T")


class VersionedMemo(Generic[T]):
    def __init__(self, key: str, load: Callable[[], T]):
        self.version_key = f"memo:{key}:version"
        self._load = load
        self._loaded: tuple[str, T] | None = None
        self._lock = threading.Lock()

    def _current_version(self) -> str:
        cache = caches["stamps"]  # shared by every process (settings.CACHES)
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            version = cache.get(self.version_key) or ""
        return version

    def get(self) -> T:
        version = self._current_version()
        loaded = self._loaded
        if loaded is not None and loaded[0] == version:
            return loaded[1]
        with self._lock:  # one load per process even when many threads miss at once
            loaded = self._loaded
            if loaded is not None and loaded[0] == version:
                return loaded[1]
            value = self._load()
            self._loaded = (version, value)
            return value

    def version(self) -> str:
        """The current version stamp: a key for anything drawn from this memo's value."""
        return self._current_version()

    def invalidate(self) -> None:
        """Every process reloads on its next read."""
        self._loaded = None
        caches["stamps"].set(self.version_key, uuid.uuid4().hex, None)
