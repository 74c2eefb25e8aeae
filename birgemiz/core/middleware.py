from __future__ import annotations

import logging
import re
import time
import uuid

from birgemiz.core.logging import reset_request_id, set_request_id

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("birgemiz.request")


class RequestIdMiddleware:
    """Gives every request an id (kept from a trusted proxy's X-Request-ID when well-formed),
    puts it in the log lines and returns it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            return response
        finally:
            reset_request_id(token)


class ApiJsonErrorsMiddleware:
    """Under ``/api/``, every error is JSON ``{"detail": ..., "code": ...}``.

    The API's own exception handlers already answer that way; this catches the responses made
    outside them: django-ninja's plain-text 405 for a method a path does not take, the CSRF
    failure page, and anything else that is not JSON. The ``Allow`` header is kept.
    """

    CODES = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "rate_limited",
        500: "server_error",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and not getattr(response, "streaming", False)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            from django.http import JsonResponse

            status = response.status_code
            replacement = JsonResponse(
                {"detail": response.reason_phrase, "code": self.CODES.get(status, "error")}, status=status
            )
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
