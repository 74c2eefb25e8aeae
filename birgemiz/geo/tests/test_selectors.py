import pytest
from django.http import Http404

from birgemiz.geo import selectors
from birgemiz.geo.models import City, Region, RegionKind

pytestmark = pytest.mark.django_db


def test_the_reference_list_has_17_regions_and_3_cities(regions):
    groups = selectors.region_list_grouped()
    assert len(groups["regions"]) == 17
    assert [r.slug for r in groups["cities"]] == ["astana", "almaty", "shymkent"]
    assert all(r.centre is not None for r in selectors.region_list())


def test_region_list_is_cached_with_centres_prefetched(regions, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.region_list()
    with django_assert_num_queries(0):
        names = [(r.name, r.centre.name, [c.name for c in r.cities.all()]) for r in selectors.region_list()]
    assert any(n[:2] == ("Карагандинская область", "Караганда") for n in names)


def test_region_get_raises_404_for_an_unknown_slug(regions):
    assert selectors.region_get("karaganda").name_en == "Karaganda Region"
    with pytest.raises(Http404):
        selectors.region_get("atlantis")


def test_a_change_to_a_region_or_a_city_drops_the_cache(regions):
    selectors.region_list()
    region = Region.objects.get(slug="ulytau")
    region.name_en = "Ulytau"
    region.save(update_fields=["name_en"])
    assert selectors.region_find("ulytau").name_en == "Ulytau"
    City.objects.create(region=region, slug="test-town", name_ru="Тест", name_kk="Тест", name_en="Test")
    assert "test-town" in {c.slug for c in selectors.region_find("ulytau").cities.all()}
    Region.objects.create(
        slug="test", kind=RegionKind.REGION, name_ru="т", name_kk="т", name_en="t", position=99
    )
    assert selectors.region_find("test") is not None
