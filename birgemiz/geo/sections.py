"""What geo adds to the pages that gather every module (see ``core/registry.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from birgemiz.core.registry import HOME, REGION, Section, registry
from birgemiz.geo import selectors

#: The key of geo's own block on a region page; the page shows its "more will appear here"
#: empty state while this is the only section a region has.
ABOUT_SECTION = "geo-about"


def _home_regions(request, subject):
    groups = selectors.region_list_grouped()
    return {"cities": groups["cities"], "regions": groups["regions"], "current_region": request.region}


def _region_about(request, region):
    cities = list(region.cities.all())
    centre = region.centre
    return {
        "region": region,
        "centre": centre,
        "other_cities": [c for c in cities if c != centre],
    }


registry.add_section(
    HOME,
    Section(
        key="geo-regions",
        title=_("Regions"),
        template="geo/sections/home_regions.html",
        context=_home_regions,
        order=900,
    ),
)
registry.add_section(
    REGION,
    Section(
        key=ABOUT_SECTION,
        title=_("About the region"),
        template="geo/sections/region_about.html",
        context=_region_about,
        order=10,
    ),
)
