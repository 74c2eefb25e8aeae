"""Real Chromium, in Russian and Kazakh: an organiser creates a hybrid forum with two dialogue
platforms, a citizen registers and gets a ticket, a waitlisted person moves up after a
cancellation, and the organiser checks the first participant in by the ticket's code."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from birgemiz.core.testing import PASSWORD, UserFactory
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS
from birgemiz.events import tickets
from birgemiz.events.models import Event, Registration
from birgemiz.events.tests.helpers import local_input
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.loaders import load_reference_data
from birgemiz.orgs.models import LegalForm, Sphere
from birgemiz.orgs.tests.factories import OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference(transactional_db):
    load_regions(Region, City)
    load_reference_data(LegalForm, Sphere)


def _sign_in(page, live_server, lang, email):
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _axe_clean(page):
    # The flash-message list of base.html is checked by core's own tests; check the page itself.
    page.evaluate("document.querySelectorAll('ul.messages').forEach((el) => el.remove())")
    result = Axe().run(page, options=AXE_OPTIONS)
    assert result.violations_count == 0, result.generate_report()



@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_forum_registration_waitlist_and_check_in(live_server, new_page, lang, ngo_leader, citizen):
    alliance = OrganisationFactory(
        name_ru="Гражданский альянс Северо-Казахстанской области", slug="sko-alliance"
    )
    member(alliance, ngo_leader, MemberRole.LEADER)
    second, third = UserFactory(full_name="Асель Нурова"), UserFactory(full_name="Пётр Иванов")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=14)

    # The organiser creates a hybrid forum and publishes it.
    org_page = new_page()
    _sign_in(org_page, live_server, lang, ngo_leader.email)
    org_page.goto(f"{live_server.url}/{lang}/events/new/")
    org_page.select_option("#id_organisation", str(alliance.pk))
    org_page.select_option("#id_kind", "forum")
    org_page.fill("#id_ordinal", "13")
    org_page.fill("#id_title_ru", "областной форум НПО")
    org_page.fill("#id_title_kk", "облыстық ҮЕҰ форумы")
    org_page.fill("#id_starts_at", local_input(start))
    org_page.fill("#id_ends_at", local_input(start + dt.timedelta(hours=7)))
    org_page.select_option("#id_format", "hybrid")
    org_page.fill("#id_venue", "Дворец школьников")
    org_page.fill("#id_online_url", "https://zoom.us/j/555")
    org_page.fill("#id_capacity", "2")
    org_page.click("button[name=publish]")
    org_page.wait_for_load_state()
    event = Event.objects.get()
    assert event.status == "published" and event.format == "hybrid"
    assert org_page.url.endswith(f"/{lang}/events/{event.slug}/programme/")

    # Two dialogue platforms that collect proposals.
    for title in ("Диалоговая площадка «НПО и общественные советы»", "Диалоговая площадка «Молодёжь»"):
        org_page.select_option("#id_kind", "platform")
        org_page.fill("#id_title_ru", title)
        org_page.fill("#id_starts_at", local_input(start + dt.timedelta(hours=2)))
        org_page.check("#id_collects_proposals")
        org_page.click("button[name=add_session]")
        org_page.wait_for_load_state()
    assert event.sessions.filter(kind="platform", collects_proposals=True).count() == 2
    _axe_clean(org_page)

    # A citizen registers on a phone and gets a ticket.
    phone = new_page(viewport={"width": 360, "height": 800})
    _sign_in(phone, live_server, lang, citizen.email)
    phone.goto(f"{live_server.url}/{lang}/events/{event.slug}/")
    assert "XIII" in phone.locator("h1").inner_text()
    assert "zoom.us" not in phone.content()  # the link only for confirmed participants
    _axe_clean(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.check("input[name=participation][value=offline]")
    phone.click("form[action$='/register/'] button[type=submit]")
    phone.wait_for_load_state()
    assert Registration.objects.get(user=citizen).status == "confirmed"
    phone.click(f"a[href='/{lang}/events/{event.slug}/ticket/']")
    phone.wait_for_load_state()
    assert phone.locator(".ticket__qr svg").count() == 1
    _axe_clean(phone)

    # Two more people: the second is confirmed, the third waits.
    pages = {}
    for person in (second, third):
        pages[person] = page = new_page()
        _sign_in(page, live_server, lang, person.email)
        page.goto(f"{live_server.url}/{lang}/events/{event.slug}/")
        page.check("input[name=participation][value=online]")
        page.click("form[action$='/register/'] button[type=submit]")
        page.wait_for_load_state()
    assert Registration.objects.get(user=third).status == "waitlisted"
    assert pages[third].locator("#my-registration .badge").first.is_visible()

    # The second cancels: the third moves up and sees the online link.
    pages[second].click("form[action$='/cancel/'] button")
    pages[second].wait_for_load_state()
    assert Registration.objects.get(user=third).status == "confirmed"
    pages[third].reload()
    assert pages[third].locator("a.online-link").is_visible()

    # The organiser checks the first participant in with the ticket's code (what the camera reads).
    code = tickets.ticket_payload(Registration.objects.get(user=citizen))
    org_page.goto(f"{live_server.url}/{lang}/events/{event.slug}/check-in/")
    org_page.fill("#id_code", "forged-" + code[7:])
    org_page.click("#checkin-form button[type=submit]")
    org_page.wait_for_load_state()
    assert org_page.locator(".notice--error").is_visible()
    assert Registration.objects.get(user=citizen).checked_in_at is None
    org_page.fill("#id_code", code)
    org_page.click("#checkin-form button[type=submit]")
    org_page.wait_for_load_state()
    assert citizen.full_name in org_page.locator(".checkin-result").inner_text()
    assert Registration.objects.get(user=citizen).checked_in_at is not None
    _axe_clean(org_page)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_organiser_postpones_the_forum(live_server, new_page, lang, ngo_leader):
    from birgemiz.events.tests.factories import EventFactory

    event = EventFactory(title_ru="Гражданский форум", title_kk="Азаматтық форум")
    event.organiser_users.add(ngo_leader)
    page = new_page()
    _sign_in(page, live_server, lang, ngo_leader.email)
    page.goto(f"{live_server.url}/{lang}/events/{event.slug}/")
    page.click(f"a[href$='/events/{event.slug}/status/']")
    page.wait_for_load_state()
    _axe_clean(page)
    start = event.starts_at + dt.timedelta(days=30)
    page.fill("#id_new_starts_at", local_input(start))
    page.fill("#id_new_ends_at", local_input(start - dt.timedelta(hours=1)))
    page.click("form:has(input[value=postponed]) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".field--invalid .errorlist").first.is_visible()
    assert Event.objects.get(pk=event.pk).status == "published"
    page.fill("#id_new_ends_at", local_input(start + dt.timedelta(hours=4)))
    page.click("form:has(input[value=postponed]) button[type=submit]")
    page.wait_for_load_state()
    event.refresh_from_db()
    assert event.status == "postponed" and event.starts_at == start
    assert page.locator(".notice--warning").first.is_visible()
