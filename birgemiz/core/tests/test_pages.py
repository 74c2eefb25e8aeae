"""The layout, the home page, the language switch and the error pages."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone, translation

from birgemiz.core import views
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region, RegionKind

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/ru/",
    "/kk/",
    "/en/",
    "/ru/regions/",
    "/kk/regions/akmola/",
    "/en/regions/almaty/",
    "/ru/about/",
]


@pytest.fixture(autouse=True)
def _regions(db):
    load_regions(Region, City)


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_anonymous_pages_set_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set {list(response.cookies)}"
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_no_third_party_asset(client, url):
    html = client.get(url).content.decode()
    for attr, value in re.findall(r'\b(src|href|action|srcset)="([^"]*)"', html):
        if attr == "href" and value.startswith(("mailto:", "tel:")):
            continue
        assert value.startswith(("/", "#", "?")), f"{attr}={value!r} on {url}"
    assert "http://" not in html.replace(settings.SITE_URL, "") or "https://" not in html


def test_layout_has_landmarks_skip_link_and_current_markers(client):
    html = client.get("/kk/regions/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for tag in ("<header", "<footer", 'aria-label="'):
        assert tag in html
    assert re.search(r'<a href="/kk/regions/" aria-current="page">', html)
    assert re.search(r'hreflang="kk" lang="kk" aria-current="true"', html)
    assert settings.HOTLINE_PHONE in html and settings.EDITORIAL_EMAIL in html
    assert f"© {timezone.now().year}" in html or f"© {timezone.localdate().year}" in html


def test_region_pages_mark_the_regions_nav_item(client):
    html = client.get("/en/regions/astana/").content.decode()
    assert '<a href="/en/regions/" aria-current="true">' in html


def test_language_links_point_to_the_same_page_in_each_language(client):
    html = client.get("/ru/regions/akmola/").content.decode()
    assert "/i18n/switch/kk/?next=/kk/regions/akmola/" in html
    assert "/i18n/switch/en/?next=/en/regions/akmola/" in html


def test_home_shows_the_hero_and_the_regions_section(client):
    html = client.get("/en/").content.decode()
    assert "<h1" in html and 'class="hero"' in html
    assert html.count('class="card card--link') == 20
    assert "/en/regions/shymkent/" in html


def test_home_shows_the_chosen_region(client):
    client.cookies["birgemiz_region"] = "kostanay"
    html = client.get("/en/").content.decode()
    assert "Kostanay Region" in html and "card--current" in html


#: The page budget of ARCHITECTURE.md; the home page gathers one section per module, so its
#: count grows with the modules, never with the rows.
PAGE_QUERY_BUDGET = 10


@pytest.mark.parametrize("url", ["/ru/", "/ru/regions/"])
def test_query_count_stays_flat_at_two_data_sizes(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small) <= PAGE_QUERY_BUDGET
    for i in range(30):
        region = Region.objects.create(
            slug=f"more-{i}",
            kind=RegionKind.REGION,
            name_ru=f"О{i}",
            name_kk=f"О{i}",
            name_en=f"R{i}",
            position=40 + i,
        )
        City.objects.bulk_create(
            City(region=region, slug=f"c{j}", name_ru="Г", name_kk="Г", name_en="C", is_centre=j == 0)
            for j in range(5)
        )
    Region.objects.filter(slug="more-0").update(position=41)  # bulk writes send no signal
    from birgemiz.geo.selectors import region_list_invalidate

    region_list_invalidate()
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert html.count('class="card card--link') == 50
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_signed_in_pages_show_profile_sign_out_and_the_unverified_notice(client):
    user = get_user_model().objects.create_user(
        "dana@example.kz", "a-long-password-1", full_name="Dana Sarsen"
    )
    client.force_login(user)
    html = client.get("/en/").content.decode()
    assert "Dana" in html
    assert 'action="/en/accounts/logout/"' in html and "csrfmiddlewaretoken" in html
    assert 'class="banner banner--warning"' in html
    user.email_verified_at = timezone.now()
    user.save()
    assert 'class="banner banner--warning"' not in client.get("/en/").content.decode()


def test_switching_language_sets_the_cookie_and_goes_to_the_same_page(client):
    response = client.get("/i18n/switch/kk/", {"next": "/ru/regions/akmola/"})
    assert response.status_code == 302
    assert response["Location"] == "/kk/regions/akmola/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    # "/" now goes to Kazakh.
    assert client.get("/")["Location"] == "/kk/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_switching_language_never_leaves_the_site(client, next_url):
    response = client.get("/i18n/switch/en/", {"next": next_url})
    assert response["Location"] == "/en/"


def test_switching_to_an_unknown_language_is_404(client):
    assert client.get("/i18n/switch/de/", {"next": "/ru/"}).status_code == 404


def _request(path="/ru/some/where/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [
        (views.bad_request, 400, "Bad request"),
        (views.permission_denied, 403, "Access denied"),
        (views.page_not_found, 404, "Page not found"),
    ],
)
def test_error_pages_render(settings, handler, status, text):
    settings.DEBUG = False
    with translation.override("en"):
        response = handler(_request("/en/x/"), Exception("x"))
    assert response.status_code == status
    html = response.content.decode()
    assert text in html and '<html lang="en"' in html and str(status) in html


def test_error_500_renders_without_context_processors(settings, django_assert_num_queries):
    settings.DEBUG = False
    with translation.override("kk"), django_assert_num_queries(0):
        response = views.server_error(_request("/kk/x/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="kk"' in html and "500" in html and "/static/css/birgemiz.css" in html


def test_api_errors_are_json(settings):
    settings.DEBUG = False
    response = views.server_error(_request("/api/v1/nothing"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"


def test_unknown_page_is_the_translated_404_template(client, settings):
    settings.DEBUG = False
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_429_template_renders(rf):
    from django.shortcuts import render

    request = rf.get("/en/accounts/login/")
    request.user = AnonymousUser()
    with translation.override("en"):
        html = render(request, "errors/429.html", status=429).content.decode()
    assert "Too many requests" in html


def test_home_page_with_its_assets_stays_under_100_kb_compressed(client):
    import gzip

    from django.contrib.staticfiles import finders

    html = client.get("/ru/").content
    total = len(gzip.compress(html))
    assets = re.findall(rb'(?:src|href)="/static/([^"?]+)"', html)
    assert any(a.endswith(b".css") for a in assets) and any(a.endswith(b".js") for a in assets)
    for asset in set(assets):
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read()))
    assert total < 100 * 1024, total


def test_a_csrf_failure_gets_the_translated_403_page(settings):
    from django.test import Client

    settings.CSRF_FAILURE_VIEW = "birgemiz.core.views.csrf_failure"
    response = Client(enforce_csrf_checks=True).post("/en/regions/choose/", {"region": "abai"})
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()
