"""Reads of regions and cities shared by the pages, the middleware and the API.

The 20 units change about once a decade, yet every page shows them (header selector, home
grid), several times per request. The whole list, with cities prefetched, is a
``VersionedMemo``: zero queries per page (two after a change, see ``signals.py``).
"""

from __future__ import annotations

from django.http import Http404

from birgemiz.core.memo import VersionedMemo
from birgemiz.geo.models import Region, RegionKind


def _load_regions() -> list[Region]:
    return list(Region.objects.prefetch_related("cities").order_by("position", "name_ru"))


_regions = VersionedMemo("geo:regions", _load_regions)


def region_list() -> list[Region]:
    """Every region with its cities prefetched (``region.centre`` and ``region.cities.all()``
    cost no query), cities of republican significance included, in reference order."""
    return _regions.get()


def regions_version() -> str:
    """Changes whenever the regions do: a cache key for what is drawn from them."""
    return _regions.version()


def region_list_grouped() -> dict[str, list[Region]]:
    """``{"cities": [...], "regions": [...]}``: the 3 cities of republican significance first."""
    groups: dict[str, list[Region]] = {"cities": [], "regions": []}
    for region in region_list():
        groups["cities" if region.kind == RegionKind.CITY else "regions"].append(region)
    return groups


def region_find(slug: str | None) -> Region | None:
    """The region with ``slug``, or None; never raises (used on every request)."""
    if not slug:
        return None
    for region in region_list():
        if region.slug == slug:
            return region
    return None


def region_find_by_id(pk: int | None) -> Region | None:
    if not pk:
        return None
    for region in region_list():
        if region.pk == pk:
            return region
    return None


def region_get(slug: str) -> Region:
    """The region with ``slug``; raises ``Http404`` (an HTML 404 page, a JSON 404 in the API)."""
    region = region_find(slug)
    if region is None:
        raise Http404("No such region")
    return region


def region_list_invalidate() -> None:
    _regions.invalidate()
