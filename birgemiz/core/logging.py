"""One line per log event, carrying the id of the request that caused it."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class OneLineFormatter(logging.Formatter):
    """``time level logger request_id message {extra}``; tracebacks folded onto the same line."""

    _standard = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
        "message",
        "asctime",
        "request_id",
    }

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        extra = {k: v for k, v in vars(record).items() if k not in self._standard and not k.startswith("_")}
        extra.pop("request", None)
        line = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname} {record.name} "
            f"request_id={getattr(record, 'request_id', '-')} {message}"
        )
        if extra:
            line += " " + json.dumps(extra, default=str, ensure_ascii=False)
        if record.exc_info:
            line += " | " + self.formatException(record.exc_info).replace("\n", " | ")
        return line.replace("\n", "\\n")
