"""The public API at /api/v1/: each app's router, registered through the module registry.

Errors are always JSON ``{"detail": ..., "code": ...}``. Callers authenticate by session
(browser, CSRF-checked) or by a personal token sent as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import SessionAuth

from birgemiz.accounts.api_auth import BearerTokenAuth, OptionalAuth
from birgemiz.core.api_errors import ApiError
from birgemiz.core.registry import registry

__all__ = ["ApiError", "api"]


api = NinjaAPI(
    title="Birgemiz API",
    version="1.0.0",
    description="Open data and actions of the Birgemiz civic platform. Errors: {detail, code}.",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth(), OptionalAuth()],
)


def _error(request: HttpRequest, status: int, code: str, detail, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, exc.status, exc.code, exc.detail, **exc.extra)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return _error(request, 422, "validation_error", "Invalid input", errors=exc.errors)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return _error(request, 401, "not_authenticated", "Authentication required")


@api.exception_handler(AuthorizationError)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or "Forbidden")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "Not found")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    codes = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        429: "rate_limited",
    }
    code = codes.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    if settings.DEBUG:
        raise exc
    import logging

    logging.getLogger("birgemiz.api").exception("API error")
    return _error(request, 500, "server_error", "Server error")


for _prefix, _router in sorted(registry.api_routers.items()):
    api.add_router(_prefix, _router)
