"""GET /api/v1/regions and /api/v1/regions/{slug}: Kazakhstan's 20 top-level units."""

from __future__ import annotations

from ninja import Router, Schema

from birgemiz.geo import selectors
from birgemiz.geo.models import City, Region, RegionKind

router = Router(tags=["regions"])


class Names(Schema):
    ru: str
    kk: str
    en: str


class CityOut(Schema):
    slug: str
    name: Names
    is_centre: bool


class RegionOut(Schema):
    slug: str
    kind: RegionKind
    name: Names
    centre: CityOut | None
    url: str


class RegionDetailOut(RegionOut):
    cities: list[CityOut]


def _names(obj: Region | City) -> Names:
    return Names(ru=obj.name_ru, kk=obj.name_kk, en=obj.name_en)


def _city(city: City) -> CityOut:
    return CityOut(slug=city.slug, name=_names(city), is_centre=city.is_centre)


def _region(region: Region) -> dict:
    centre = region.centre
    return {
        "slug": region.slug,
        "kind": region.kind,
        "name": _names(region),
        "centre": _city(centre) if centre else None,
        "url": region.get_absolute_url(),
    }


@router.get("", response=list[RegionOut], auth=None, summary="List the regions")
def list_regions(request):
    """The 17 regions and 3 cities of republican significance, with their centres."""
    return [_region(r) for r in selectors.region_list()]


@router.get("/{slug}", response=RegionDetailOut, auth=None, summary="One region with its main cities")
def get_region(request, slug: str):
    region = selectors.region_get(slug)  # Http404 → {"detail": "Not found", "code": "not_found"}
    return {**_region(region), "cities": [_city(c) for c in region.cities.all()]}
