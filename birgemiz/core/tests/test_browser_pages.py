"""Real-browser checks of the layout: the region selector, the language switch, accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# axe rules for WCAG 2.0/2.1 A and AA, plus best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(autouse=True)
def _regions(transactional_db):
    # Live-server tests flush the database between tests, data migrations included.
    load_regions(Region, City)


def test_choosing_a_region_in_the_header_is_remembered_across_pages(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ru/regions/")
    page.select_option("#header-region", "north-kazakhstan")
    page.locator(".menu .region-picker button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ru/regions/")
    assert page.locator("#header-region").input_value() == "north-kazakhstan"
    page.goto(f"{live_server.url}/ru/")
    assert page.locator("#header-region").input_value() == "north-kazakhstan"
    assert page.locator(".hero__card h2").inner_text() == "Северо-Казахстанская область"
    page.goto(f"{live_server.url}/en/regions/north-kazakhstan/")
    assert page.locator(".region-hero .badge--success").count() == 1
    cookie = next(c for c in page.context.cookies() if c["name"] == "birgemiz_region")
    assert cookie["value"] == "north-kazakhstan" and cookie["httpOnly"]


def test_choosing_a_region_works_from_the_phone_menu(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/ru/")
    assert not page.locator("#header-region").is_visible()
    page.locator(".menu__toggle").click()
    page.select_option("#header-region", "almaty")
    page.locator(".menu .region-picker button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ru/")
    assert page.locator(".hero__card h2").inner_text() == "город Алматы"


def test_switching_the_language_to_kazakh(page, live_server):
    page.goto(f"{live_server.url}/ru/regions/akmola/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator('.lang-switch a[hreflang="kk"]').click()
    page.wait_for_url(f"{live_server.url}/kk/regions/akmola/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Ақмола облысы"
    assert page.locator('.lang-switch a[aria-current="true"]').get_attribute("hreflang") == "kk"
    # The choice is remembered: the bare address now opens the Kazakh site.
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/kk/"


def _pages():
    with translation.override("ru"):
        return {
            "home": "/ru/",
            "region": "/ru/regions/karaganda/",
            "regions": "/kk/regions/",
            "sign-in": reverse("accounts:login"),
            "sign-up": reverse("accounts:signup"),
            "working-days": "/kk/working-days/2026/",
        }


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", ["home", "region", "regions", "sign-in", "sign-up", "working-days"])
def test_axe_finds_no_violations(page, live_server, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + _pages()[name])
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_phone_menu_opens_and_shows_the_navigation(page, live_server):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{live_server.url}/en/")
    page.locator(".menu__toggle").click()
    assert page.locator(".main-nav a", has_text="Regions").is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_focus_is_visible_and_the_skip_link_works(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_list_filters_fold_on_a_phone_and_stay_open_on_a_wide_screen(page, live_server, lang):
    toggle = {"ru": "Фильтры и сортировка", "kk": "Сүзгілер мен сұрыптау"}[lang]
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/{lang}/proposals/")
    assert not page.is_visible("#id_status")  # the list comes first
    page.click(f"summary:has-text('{toggle}')")
    assert page.is_visible("#id_status")
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    page.goto(f"{live_server.url}/{lang}/proposals/?status=answered")
    assert page.is_visible("#id_status")  # a filter is set: shown open
    page.goto(f"{live_server.url}/{lang}/orgs/")
    assert page.is_visible("#id_q") and not page.is_visible("#id_region")  # search stays at hand

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/{lang}/proposals/")
    assert page.is_visible("#id_status") and not page.is_visible(f"summary:has-text('{toggle}')")
    page.goto(f"{live_server.url}/{lang}/events/")
    assert page.is_visible("#id_region")
