"""Operations: /healthz, request ids and one-line logs, security headers, `manage.py demo`."""

from __future__ import annotations

import io
import logging
import re
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError

from birgemiz.core.logging import OneLineFormatter, RequestIdFilter, reset_request_id, set_request_id
from birgemiz.core.management.commands.demo import table_counts
from birgemiz.core.registry import registry

pytestmark = pytest.mark.django_db


# --- /healthz -----------------------------------------------------------------------------------


def test_healthz_ok_with_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_the_cache_fails(client):
    with mock.patch("birgemiz.core.views.cache") as cache:
        cache.set.side_effect = ConnectionError("redis down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def test_healthz_503_when_the_cache_loses_writes(client):
    with mock.patch("birgemiz.core.views.cache") as cache:
        cache.get.return_value = None
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"


def test_healthz_503_when_the_database_fails(client):
    with mock.patch("birgemiz.core.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect to server")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}


def test_healthz_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


# --- Request ids and log lines --------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(OneLineFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def request_log():
    handler = _Collect()
    logger = logging.getLogger("birgemiz.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_every_response_carries_a_request_id_that_is_in_the_log(client, request_log):
    response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert client.get("/healthz")["X-Request-ID"] != request_id
    line = next(line for line in request_log if "GET /healthz 200" in line)
    assert f"request_id={request_id}" in line
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d INFO birgemiz.request request_id=", line)


def test_a_well_formed_incoming_request_id_is_kept_a_bad_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert replaced != "bad id\nwith newline" and re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_a_log_event_is_one_line_even_with_a_traceback():
    logger = logging.getLogger("birgemiz.test")
    formatter = OneLineFormatter()
    token = set_request_id("req-12345678")
    try:
        try:
            raise ValueError("boom\nsecond line")
        except ValueError:
            record = logger.makeRecord(
                "birgemiz.test", logging.ERROR, __file__, 1, "failed for %s", ("Қарағанды",), sys.exc_info(),
                extra={"user_id": 7},
            )  # fmt: skip
        RequestIdFilter().filter(record)
        line = formatter.format(record)
    finally:
        reset_request_id(token)
    assert "\n" not in line
    assert "ERROR birgemiz.test request_id=req-12345678 failed for Қарағанды" in line
    assert '{"user_id": 7}' in line
    assert "ValueError: boom" in line


# --- Security headers ------------------------------------------------------------------------------


def test_security_headers(client):
    response = client.get("/healthz")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_when_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    hsts = client.get("/healthz", secure=True)["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    redirect = client.get("/healthz")
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")


def test_no_hsts_over_plain_http_settings(client):
    # The test run uses HTTPS=false (pyproject's pytest env): no HSTS and no redirect.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response


# --- manage.py demo ----------------------------------------------------------------------------------


def test_demo_is_idempotent():
    first, second = io.StringIO(), io.StringIO()
    call_command("demo", stdout=first)
    counts = table_counts()
    call_command("demo", stdout=second)
    assert table_counts() == counts
    assert counts.get("geo.Region") == 20
    for key, _loader in registry.demo_loaders_in_order():
        assert f"demo: {key} done" in second.getvalue()
    assert "rows per table" in second.getvalue()


def test_demo_runs_loaders_in_order_and_shows_passwords_only_in_debug(settings, monkeypatch):
    calls = []

    def loader(name):
        def load(*, stdout, show_passwords):
            calls.append((name, show_passwords))

        return load

    monkeypatch.setattr(registry, "demo_loaders", {"b": (20, loader("b")), "a": (10, loader("a"))})
    settings.DEBUG = False
    out = io.StringIO()
    call_command("demo", stdout=out)
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    assert calls == [("a", False), ("b", False), ("a", True), ("b", True)]
    assert "passwords are not printed" in out.getvalue()
