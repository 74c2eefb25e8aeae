"""Reads of regions and cities shared by the pages, the middleware and the API.

The 20 units change about once a decade, yet every page shows them (header selector, home
grid), several times per request. Each process keeps the whole list, with cities prefetched,
in memory; the shared cache only holds a version stamp, which any change replaces (see
``signals.py``), so every process reloads after a change. A page costs one small cache read
and zero queries (two when the list is reloaded), never the unpickling of ~80 objects.
The instances are shared between requests and threads: treat them as read-only.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.http import Http404

from birgemiz.geo.models import Region, RegionKind

VERSION_KEY = "geo:regions:version"

_loaded: tuple[str, list[Region]] | None = None  # (version, regions) of this process


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


def region_list() -> list[Region]:
    """Every region with its cities prefetched (``region.centre`` and ``region.cities.all()``
    cost no query), cities of republican significance included, in reference order."""
    global _loaded
    version = _current_version()
    loaded = _loaded
    if loaded is not None and loaded[0] == version:
        return loaded[1]
    regions = list(Region.objects.prefetch_related("cities").order_by("position", "name_ru"))
    _loaded = (version, regions)
    return regions


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
    """Every process reloads the list on its next read."""
    global _loaded
    _loaded = None
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
