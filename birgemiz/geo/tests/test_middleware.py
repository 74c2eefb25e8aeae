import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from birgemiz.geo import selectors
from birgemiz.geo.middleware import REGION_COOKIE, CurrentRegionMiddleware
from birgemiz.geo.models import Region

pytestmark = pytest.mark.django_db


def _run(request):
    seen = {}

    def view(req):
        seen["region"] = req.region
        return HttpResponse("ok")

    CurrentRegionMiddleware(view)(request)
    return seen["region"]


def _request(cookie=None, user=None):
    request = RequestFactory().get("/ru/")
    if cookie is not None:
        request.COOKIES[REGION_COOKIE] = cookie
    request.user = user or AnonymousUser()
    return request


def test_no_cookie_no_region(regions, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _run(_request()) is None


def test_the_cookie_gives_the_region_without_a_query_when_cached(regions, django_assert_num_queries):
    selectors.region_list()
    with django_assert_num_queries(0):
        region = _run(_request("jambyl"))
    assert region.slug == "jambyl"


def test_a_cold_cache_costs_at_most_two_queries(regions, django_assert_max_num_queries):
    selectors.region_list_invalidate()
    with django_assert_max_num_queries(2):
        assert _run(_request("jambyl")).slug == "jambyl"


def test_a_bogus_cookie_is_ignored(regions):
    assert _run(_request("<script>")) is None


def test_a_signed_in_users_region_is_used_without_a_cookie(regions):
    user = get_user_model().objects.create_user("erlan@example.kz", "a-long-password-1")
    user.region = Region.objects.get(slug="mangystau")
    user.save()
    assert _run(_request(user=user)).slug == "mangystau"
    # The cookie (the latest choice on this device) wins.
    assert _run(_request("atyrau", user=user)).slug == "atyrau"


def test_html_pages_vary_on_the_cookie(client, regions):
    assert "Cookie" in client.get("/ru/regions/")["Vary"]
