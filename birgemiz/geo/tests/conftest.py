import pytest

from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region


@pytest.fixture
def regions(db):
    """The 20 reference units (a data migration loads them; transactional tests flush them)."""
    load_regions(Region, City)
    return list(Region.objects.all())
