"""``request.region``: the region the visitor chose, for pages and modules to default to."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_vary_headers

from birgemiz.geo.selectors import region_find, region_find_by_id

REGION_COOKIE = getattr(settings, "REGION_COOKIE_NAME", "birgemiz_region")


class CurrentRegionMiddleware:
    """Sets ``request.region`` (a ``Region`` or None) from the ``birgemiz_region`` cookie, else
    from the signed-in user's profile.

    Cheap: the region list comes from the cache (no query; two when cold), and a visitor
    with neither a cookie nor a session costs not even a cache lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = self.region_for(request)
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            # Pages show the chosen region (the header's selector): a shared cache must
            # keep one copy per cookie set, not serve one visitor's region to another.
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def region_for(request):
        region = region_find(request.COOKIES.get(REGION_COOKIE))
        if region is not None:
            return region
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "region_id", None):
            return region_find_by_id(user.region_id)
        return None
