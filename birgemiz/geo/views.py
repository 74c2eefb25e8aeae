"""Region pages and the region selector."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from birgemiz.core.registry import REGION, registry
from birgemiz.geo import selectors
from birgemiz.geo.middleware import REGION_COOKIE
from birgemiz.geo.sections import ABOUT_SECTION

REGION_COOKIE_AGE = 60 * 60 * 24 * 365


@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.region_list_grouped()
    return render(request, "geo/region_list.html", {"cities": groups["cities"], "regions": groups["regions"]})


@require_safe
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = selectors.region_get(slug)
    sections = registry.render(REGION, request, region)
    return render(
        request,
        "geo/region_detail.html",
        {
            "region": region,
            "sections": sections,
            "has_module_sections": any(s.key != ABOUT_SECTION for s in sections),
            "all_regions": selectors.region_list(),
        },
    )


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def choose_region(request: HttpRequest) -> HttpResponse:
    """Remember the visitor's region and go back to where they were.

    For visitors the header's selector is a plain GET form: choosing a region only sets a
    display preference in a cookie (like the language), is idempotent and is validated here,
    and a GET form needs no CSRF token, so anonymous pages carry no CSRF or session cookie
    and stay cacheable. Signed-in users (who have a session and a CSRF cookie anyway) get a
    POST form, CSRF-checked by the middleware, and only a POST saves the choice in their
    profile, so that no cross-site GET can change stored data. An empty choice forgets the
    region.
    """
    data = request.POST if request.method == "POST" else request.GET
    slug = (data.get("region") or "").strip()
    next_url = _safe_next(request, data.get("next"))
    if slug:
        region = selectors.region_find(slug)
        if region is None:
            return render(
                request,
                "errors/400.html",
                {"error_message": _("There is no such region. Please choose one from the list.")},
                status=400,
            )
        response = HttpResponseRedirect(next_url or region.get_absolute_url())
        response.set_cookie(
            REGION_COOKIE,
            region.slug,
            max_age=REGION_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        region = None
        response = HttpResponseRedirect(next_url or reverse("core:home"))
        response.delete_cookie(REGION_COOKIE, samesite="Lax")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and user.region_id != (region.pk if region else None)
    ):
        user.region = region
        user.save(update_fields=["region"])
    return response
