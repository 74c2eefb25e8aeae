"""A lean path for the busiest write: anonymous votes in open polls.

A burst of votes (a poll shown on a TV broadcast, a news page everyone reads) is short
requests that need none of the site's middleware: no session, no user, no page. Requests to
``POST /api/v1/polls/<id>/vote`` that carry neither a session cookie nor an Authorization
header are answered here, before Django's middleware stack, by the same code the API endpoint
runs (``polls.api.cast_vote_for_request``: rate limit, signed voter cookie, vote service).
Everything else — signed-in voters, tokens, verified polls, unknown polls — goes to Django.
"""

from __future__ import annotations

import io
import json
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIRequest
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.http import JsonResponse
from django.utils import translation

VOTE_PATH = re.compile(r"^/api/v1/polls/(\d+)/vote$")
MAX_BODY = 4096


def _handled_here(environ) -> int | None:
    if environ.get("REQUEST_METHOD") != "POST" or environ.get("HTTP_AUTHORIZATION"):
        return None
    match = VOTE_PATH.match(environ.get("PATH_INFO", ""))
    if not match or f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return None
    return int(match.group(1))


def _answer(response, start_response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(response.content))
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [response.content]


def _vote(request: WSGIRequest, poll_id: int):
    """JsonResponse, or None to let Django answer (a poll this path does not serve)."""
    from birgemiz.polls import selectors
    from birgemiz.polls.api import cast_vote_for_request
    from birgemiz.polls.choices import PollMode, PollStatus
    from birgemiz.polls.models import Poll
    from birgemiz.polls.services import PollError
    from birgemiz.polls.voters import refuse_foreign_request, remember_voter

    try:
        poll = selectors.poll_for_vote(poll_id)
    except Poll.DoesNotExist:
        return None
    if poll.mode != PollMode.OPEN or poll.status == PollStatus.DRAFT:
        return None
    try:
        refuse_foreign_request(request, json_body=True)
    except PollError as error:
        return JsonResponse({"detail": error.messages[0], "code": error.code}, status=error.status)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        payload = json.loads(request.body) if 0 < length <= MAX_BODY else None
        choices = payload.get("choices", []) if isinstance(payload, dict) else None
        other = payload.get("other", "") if isinstance(payload, dict) else ""
        valid = (
            isinstance(choices, list)
            and len(choices) <= 50
            and all(isinstance(c, int) and not isinstance(c, bool) for c in choices)
            and isinstance(other, str)
            and len(other) <= 300
        )
    except (ValueError, UnicodeDecodeError):
        valid = False
    if not valid:
        return None  # Django's API answers malformed bodies with its usual 422 details
    status, body, token = cast_vote_for_request(request, poll, choices, other)
    response = JsonResponse(body, status=status)
    remember_voter(response, token)
    return response


def _vote_retrying_a_dead_connection(request: WSGIRequest, poll_id: int):
    """Django pings a kept connection before a request's first query (CONN_HEALTH_CHECKS), a
    round trip as long as the vote itself. Here the vote goes first; if the connection turns
    out dead (PostgreSQL restarted while it was idle), it is closed and the vote sent once more
    on a new one. A vote that did land before the connection broke answers "already voted"."""
    connection.health_check_done = True
    try:
        return _vote(request, poll_id)
    except (OperationalError, InterfaceError):
        if connection.connection is None or connection.is_usable():
            raise
        connection.close()
        return _vote(request, poll_id)


def with_vote_fast_path(django_app):
    def application(environ, start_response):
        poll_id = _handled_here(environ)
        if poll_id is None:
            return django_app(environ, start_response)
        close_old_connections()
        try:
            request = WSGIRequest(environ)
            request.user = AnonymousUser()
            translation.activate(translation.get_language_from_request(request))
            response = _vote_retrying_a_dead_connection(request, poll_id)
        finally:
            close_old_connections()
            translation.deactivate()
        if response is None:
            if hasattr(request, "_body"):  # read here: hand Django the same bytes
                environ["wsgi.input"] = io.BytesIO(request._body)
            return django_app(environ, start_response)
        return _answer(response, start_response)

    return application
