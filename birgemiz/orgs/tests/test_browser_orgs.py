"""Real Chromium: search the directory, open a profile, claim it, a moderator approves."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from birgemiz.core.testing import PASSWORD
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region
from birgemiz.orgs.loaders import load_reference_data
from birgemiz.orgs.models import LegalForm, Membership, Sphere
from birgemiz.orgs.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference(transactional_db):
    # Live-server tests flush the database between tests, data migrations included.
    load_regions(Region, City)
    load_reference_data(LegalForm, Sphere)


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_search_claim_and_approve(live_server, new_page, citizen, moderator):
    OrganisationFactory(name_ru="Женский луч", slug="luch")
    OrganisationFactory(name_ru="Женщины – за будущее нации", slug="women-future")
    OrganisationFactory(name_ru="Батыр", slug="batyr")

    guest = new_page(viewport={"width": 360, "height": 800})
    guest.goto(f"{live_server.url}/ru/orgs/")
    guest.fill("#id_q", "женщин")
    guest.click("form.filters button[type=submit]")
    guest.wait_for_load_state()
    titles = guest.locator(".org-card .card__title").all_inner_texts()
    assert sorted(titles) == ["ОО «Женский луч»", "ОО «Женщины – за будущее нации»"]
    assert Axe().run(guest, options=AXE_OPTIONS).violations_count == 0
    assert guest.evaluate("document.documentElement.scrollWidth") <= 360
    guest.click("text=ОО «Женщины – за будущее нации»")
    assert guest.url.endswith("/ru/orgs/women-future/")
    assert Axe().run(guest, options=AXE_OPTIONS).violations_count == 0

    person = new_page()
    _sign_in(person, live_server, citizen.email)
    person.goto(f"{live_server.url}/ru/orgs/women-future/")
    person.click("text=Это моя организация")
    person.select_option("#id_role", "editor")
    person.fill("#id_note", "Я пресс-секретарь организации, телефон офиса +7 7182 00 00 00")
    person.click("form.form button[type=submit]")
    person.wait_for_load_state()
    assert "Заявка отправлена" in person.content()
    assert "Ваша заявка ждёт модератора" in person.content()

    staff = new_page()
    _sign_in(staff, live_server, moderator.email)
    staff.goto(f"{live_server.url}/ru/orgs/claims/")
    assert "Я пресс-секретарь организации" in staff.content()
    staff.click("button[value=approve]")
    staff.wait_for_load_state()
    assert "Решение сохранено" in staff.content()
    assert Membership.objects.get(user=citizen).role == "editor"

    person.goto(f"{live_server.url}/ru/orgs/women-future/")
    assert person.locator("text=Редактировать профиль").is_visible()
