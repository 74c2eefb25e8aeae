from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import is_valid_path, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from birgemiz.core.registry import HOME, registry

log = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    sections = registry.render(HOME, request)
    return render(request, "core/home.html", {"sections": sections})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@never_cache
@require_safe
def switch_language(request: HttpRequest, lang: str) -> HttpResponse:
    """Switch the language: remember it in the language cookie and go to ``next`` in it.

    The language switcher is made of plain links to this view rather than Django's
    ``set_language`` POST form: a POST form needs a CSRF token, which would give every
    anonymous page a CSRF cookie and make it uncacheable. Choosing a language only sets a
    preference (the URL's prefix decides a page's language anyway; the cookie only steers
    ``/``), so an idempotent GET is safe. ``next`` must stay on this site.
    """
    if lang not in dict(settings.LANGUAGES):
        raise Http404("Unknown language")
    next_url = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = f"/{lang}/"
    response = HttpResponseRedirect(translate_url(next_url, lang))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 (naming what failed) otherwise."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy; the reason goes to the log
        log.error("healthz: database unreachable: %s", exc)
        checks["database"] = "unreachable"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "unreachable"
    except Exception as exc:
        log.error("healthz: cache unreachable: %s", exc)
        checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}
        messages = {400: "Bad request", 403: "Forbidden", 404: "Not found", 500: "Server error"}
        return JsonResponse({"detail": messages[status], "code": codes[status]}, status=status)
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html")


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: an expired or missing form token gets the translated 403 page."""
    return _error(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    if _locale_middleware_will_redirect(request):
        # "/" and other paths without a language: LocaleMiddleware replaces this 404 with a
        # redirect to the language's URL, so rendering the page (and its queries) is wasted.
        return HttpResponseNotFound()
    return _error(request, 404, "errors/404.html")


def _locale_middleware_will_redirect(request: HttpRequest) -> bool:
    if translation.get_language_from_path(request.path_info) is not None:
        return False
    urlconf = getattr(request, "urlconf", None)
    return is_valid_path(f"/{translation.get_language()}{request.path_info}", urlconf)


def server_error(request):
    # The 500 template must render without a request context that may itself be broken.
    if request.path.startswith("/api/"):
        return _error(request, 500, "")
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({"request": request}), status=500)


@require_safe
def working_calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The year's non-working days and working weekends: how answer deadlines are counted."""
    from birgemiz.core import workdays

    this_year = timezone.localdate().year
    year = year or this_year
    if not this_year - 5 <= year <= this_year + 2:
        raise Http404("No calendar for that year")
    return render(
        request,
        "core/working_calendar.html",
        {
            "year": year,
            "days": workdays.year_exceptions(year),
            "previous_year": year - 1 if year > this_year - 5 else None,
            "next_year": year + 1 if year < this_year + 2 else None,
        },
    )
