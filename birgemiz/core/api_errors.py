"""The API's expected refusals. Kept apart from ``birgemiz.api`` so that an app's router can
raise them without importing (and so assembling) the API before every app has registered."""

from __future__ import annotations


class ApiError(Exception):
    """Raised by API endpoints for an expected refusal with a stable machine code."""

    def __init__(self, status: int, code: str, detail: str, **extra) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra
