"""Loose ends only: drop the cached region list when a region or a city changes."""

from __future__ import annotations

from birgemiz.geo.selectors import region_list_invalidate


def invalidate_region_cache(sender, **kwargs) -> None:
    region_list_invalidate()
