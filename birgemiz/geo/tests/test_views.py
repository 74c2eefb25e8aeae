import pytest
from django.contrib.auth import get_user_model

from birgemiz.geo.middleware import REGION_COOKIE
from birgemiz.geo.models import City, Region, RegionKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_region_page_in_each_language(client, regions, language):
    response = client.get(f"/{language}/regions/karaganda/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    name = {"ru": "Карагандинская область", "kk": "Қарағанды облысы", "en": "Karaganda Region"}[language]
    assert f"<h1>{name}</h1>" in html
    assert {"ru": "Темиртау", "kk": "Теміртау", "en": "Temirtau"}[language] in html  # a main city


def test_region_page_shows_the_empty_state_without_module_sections(client, regions):
    html = client.get("/en/regions/akmola/").content.decode()
    assert 'class="empty-state"' in html
    assert "About the region" in html


def test_region_page_shows_module_sections_instead_of_the_empty_state(client, regions, monkeypatch):
    from birgemiz.core.registry import REGION, Section, registry

    sections = dict(registry.sections.get(REGION, {}))
    sections["test-news"] = Section(
        key="test-news",
        title="News",
        template="geo/sections/region_about.html",
        context=lambda request, region: {"region": region},
        order=20,
    )
    monkeypatch.setitem(registry.sections, REGION, sections)
    html = client.get("/en/regions/akmola/").content.decode()
    assert 'class="empty-state"' not in html


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_unknown_region_is_a_translated_404(client, regions, language):
    response = client.get(f"/{language}/regions/atlantis/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "error-page" in html
    assert "404" in html


def test_region_list_groups_regions_and_cities(client, regions):
    html = client.get("/en/regions/").content.decode()
    assert html.count('class="card card--link') == 20
    assert html.index("Astana") < html.index("Abai Region")
    assert "/en/regions/ulytau/" in html


def test_choosing_a_region_sets_the_cookie_and_goes_back(client, regions):
    response = client.get("/ru/regions/choose/", {"region": "pavlodar", "next": "/ru/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/regions/"
    cookie = response.cookies[REGION_COOKIE]
    assert cookie.value == "pavlodar"
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 86400 * 300
    # The header now shows it, and the page says it is the visitor's region.
    html = client.get("/ru/regions/pavlodar/").content.decode()
    assert '<option value="pavlodar" selected>' in html
    assert "badge--success" in html


def test_choosing_without_next_goes_to_the_region_page(client, regions):
    response = client.get("/en/regions/choose/", {"region": "astana"})
    assert response["Location"] == "/en/regions/astana/"


def test_a_bad_region_is_refused_with_a_translated_error(client, regions):
    response = client.get("/en/regions/choose/", {"region": "atlantis", "next": "/en/"})
    assert response.status_code == 400
    assert REGION_COOKIE not in response.cookies
    assert "There is no such region" in response.content.decode()
    assert '<html lang="en"' in response.content.decode()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "http:///evil.example"],
)
def test_an_open_redirect_is_refused(client, regions, next_url):
    response = client.get("/ru/regions/choose/", {"region": "abai", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/ru/regions/abai/"


def test_an_empty_choice_forgets_the_region(client, regions):
    client.cookies[REGION_COOKIE] = "abai"
    response = client.get("/ru/regions/choose/", {"region": "", "next": "/ru/regions/"})
    assert response["Location"] == "/ru/regions/"
    assert response.cookies[REGION_COOKIE].value == ""
    assert response.cookies[REGION_COOKIE]["max-age"] == 0


def test_a_signed_in_user_keeps_the_choice_in_the_profile(client, regions):
    user = get_user_model().objects.create_user("aigerim@example.kz", "a-long-password-1")
    client.force_login(user)
    html = client.get("/ru/regions/").content.decode()
    assert 'class="region-picker" action="/ru/regions/choose/" method="post">' in html
    client.post("/ru/regions/choose/", {"region": "turkistan"})
    user.refresh_from_db()
    assert user.region.slug == "turkistan"
    client.post("/ru/regions/choose/", {"region": ""})
    user.refresh_from_db()
    assert user.region is None


def test_a_get_never_changes_the_profile(client, regions):
    user = get_user_model().objects.create_user("aidos@example.kz", "a-long-password-1")
    client.force_login(user)
    response = client.get("/ru/regions/choose/", {"region": "turkistan"})
    assert response.cookies[REGION_COOKIE].value == "turkistan"
    user.refresh_from_db()
    assert user.region is None


def test_post_choice_needs_a_csrf_token(regions):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/ru/regions/choose/", {"region": "abai"})
    assert response.status_code == 403


def test_region_list_queries_stay_flat_as_regions_grow(client, regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get("/ru/regions/").status_code == 200
    for i in range(40):
        region = Region.objects.create(
            slug=f"extra-{i}",
            kind=RegionKind.REGION,
            name_ru=f"Р{i}",
            name_kk=f"Р{i}",
            name_en=f"R{i}",
            position=50 + i,
        )
        for j in range(4):
            City.objects.create(
                region=region,
                slug=f"c{j}",
                name_ru=f"Г{j}",
                name_kk=f"Г{j}",
                name_en=f"C{j}",
                is_centre=j == 0,
            )
    with django_assert_max_num_queries(3):
        html = client.get("/ru/regions/").content.decode()
    assert html.count('class="card card--link') == 60
    # The region itself costs no query; the registry's module sections cost five whatever the
    # number of regions: the NGO figures and newest organisations (two), the upcoming events
    # (one), whether the region has proposals (one, a process memo once loaded), open polls (one).
    with django_assert_max_num_queries(5):
        assert client.get("/ru/regions/extra-7/").status_code == 200
