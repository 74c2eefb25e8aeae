"""Real Chromium, in Russian and Kazakh. One proposal's whole path: a delegate sends it from
the panel's phone form while the projector wall (open at the same time) shows it, an official
of the addressed body answers and forwards it, the author reads the timeline, the dashboard
counts it, and when the clock passes its deadline the list and its page flag it overdue. Then
the online form, and a moderator taking a card off the wall."""

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from birgemiz.core.testing import PASSWORD
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region
from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.loaders import load_reference_data
from birgemiz.orgs.models import LegalForm, Sphere
from birgemiz.orgs.tests.factories import StateBodyFactory, member
from birgemiz.proposals import services
from birgemiz.proposals.choices import Origin, Status
from birgemiz.proposals.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Ресурсный центр для сельских НКО"
OVERDUE = {"ru": "Просрочено", "kk": "Мерзімі өткен"}


@pytest.fixture(autouse=True)
def _reference(transactional_db):
    load_regions(Region, City)
    load_reference_data(LegalForm, Sphere)


def sign_in(page, live_server, email, lang="ru"):
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, "form.form button[type=submit]")


def click_and_wait(page, selector):
    with page.expect_navigation():
        page.click(selector)


def no_axe_violations(page):
    result = Axe().run(page, options=AXE_OPTIONS)
    assert result.violations_count == 0, result.generate_report()


def change_status(page, to_status, text, forward_to=None):
    page.select_option("#status_to_status", to_status)
    if forward_to is not None:
        page.select_option("#status_forward_to", str(forward_to.pk))
    page.fill("#status_text", text)
    click_and_wait(page, "form[action$='/status/'] button[type=submit]")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_one_proposal_from_the_panel_to_overdue(
    live_server, new_page, lang, moderator, official, other_official
):
    region = Region.objects.get(slug="pavlodar")
    body = StateBodyFactory(name_ru="Акимат города Павлодара", slug="pavlodar-akimat", region=region)
    member(body, official, MemberRole.EDITOR)
    other = StateBodyFactory(name_ru="Отдел внутренней политики", slug="pavlodar-ovp", region=region)
    member(other, other_official, MemberRole.MEMBER)
    panel = services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)
    url = live_server.url

    # The projector shows the wall; the panel's page shows the QR code and the short link.
    projector = new_page(viewport={"width": 1280, "height": 800})
    projector.goto(f"{url}/{lang}/proposals/panels/{panel.code}/wall/")
    no_axe_violations(projector)
    info = new_page()
    info.goto(f"{url}/{lang}/proposals/panels/{panel.code}/")
    assert info.locator(".panel-qr svg").count() == 1
    link = info.locator(".panel-link a").get_attribute("href")

    # A delegate opens the short link on a phone and registers in the same step.
    phone = new_page(viewport={"width": 360, "height": 740})
    phone.goto(link)
    assert f"/proposals/panels/{panel.code}/new/" in phone.url
    phone.fill("#id_title", TITLE)
    phone.fill("#id_full_name", "Асель Нурланқызы")
    phone.fill("#id_email", f"asel.{lang}@example.kz")
    phone.fill("#id_password", "Dlinnyi-parol-2026")
    phone.check("#id_consent")
    no_axe_violations(phone)
    click_and_wait(phone, "form.form button[type=submit]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The wall, open all along, shows it within 3 seconds without a reload.
    projector.locator(".wall-card", has_text=TITLE).wait_for(timeout=3000)
    proposal = Proposal.objects.get()
    assert (proposal.panel, proposal.origin, proposal.addressee) == (panel, Origin.EVENT, body)
    assert proposal.author.email == f"asel.{lang}@example.kz"

    # An official of the addressed body answers, then forwards it to the competent body.
    staff = new_page()
    sign_in(staff, live_server, official.email, lang)
    staff.goto(f"{url}/{lang}/proposals/{proposal.pk}/")
    change_status(staff, "under_consideration", "Изучаем вместе с отделом внутренней политики.")
    change_status(staff, "forwarded", "Передано по компетенции.", forward_to=other)
    assert staff.locator("form[action$='/status/']").count() == 0  # no longer this body's to answer
    proposal.refresh_from_db()
    assert (proposal.status, proposal.addressee) == (Status.FORWARDED, other)

    # The author follows the link the phone form gave and reads the timeline.
    phone.goto(f"{url}/{lang}/proposals/panels/{panel.code}/new/?sent={proposal.pk}")
    click_and_wait(phone, f".notice--success a[href$='/proposals/{proposal.pk}/']")
    timeline = phone.locator(".proposal-timeline")
    for text in ("Изучаем вместе с отделом", "Передано по компетенции."):
        assert text in timeline.inner_text()
    assert phone.locator(".proposal-timeline__item").count() == 3
    assert phone.locator(".notice--error").count() == 0  # not overdue yet
    no_axe_violations(phone)

    guest = new_page()
    guest.goto(f"{url}/{lang}/proposals/dashboard/")
    assert guest.locator("#total-received").inner_text() == "1"
    assert guest.locator("#total-overdue").inner_text() == "0"
    no_axe_violations(guest)

    # The clock moves past the new body's deadline, in this process, where the live server's
    # thread reads it too.
    after = timezone.make_aware(dt.datetime.combine(proposal.due_at + dt.timedelta(days=1), dt.time(11)))
    with time_machine.travel(after, tick=True):
        guest.goto(f"{url}/{lang}/proposals/")
        card = guest.locator(".proposal-card--overdue")
        assert card.count() == 1 and TITLE in card.inner_text()
        assert OVERDUE[lang] in card.inner_text()
        guest.goto(f"{url}/{lang}/proposals/{proposal.pk}/")
        assert guest.locator("p.notice--error").count() == 1
        assert OVERDUE[lang] in guest.locator(".proposal-status + .badge--danger").first.inner_text()
        no_axe_violations(guest)
        guest.goto(f"{url}/{lang}/proposals/dashboard/")
        assert guest.locator("#total-overdue").inner_text() == "1"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_online_form_and_a_card_taken_off_the_wall(live_server, new_page, lang, citizen, moderator, official):
    region = Region.objects.get(slug="karaganda")
    body = StateBodyFactory(name_ru="Управление внутренней политики", slug="uvp", region=region)
    member(body, official, MemberRole.EDITOR)
    url = live_server.url

    author = new_page(viewport={"width": 360, "height": 800})
    sign_in(author, live_server, citizen.email, lang)
    author.goto(f"{url}/{lang}/proposals/new/")
    author.fill("#id_title", "Диалоговая площадка НКО и госорганов")
    author.fill("#id_text", "Проводить каждый квартал открытую встречу НКО и государственных органов.")
    author.select_option("#id_addressee", str(body.pk))
    no_axe_violations(author)
    click_and_wait(author, "form.form button[type=submit]")
    proposal = Proposal.objects.get()
    assert author.url.endswith(proposal.get_absolute_url().replace("/ru/", f"/{lang}/"))
    assert author.evaluate("document.documentElement.scrollWidth") <= 360
    no_axe_violations(author)

    panel = services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)
    for title in ("Ресурсный центр для сельских НКО", "Коворкинг для общественных организаций"):
        services.proposal_submit(author=citizen, panel=panel, title=title, text="", addressee=None)
    projector = new_page(viewport={"width": 1280, "height": 800})
    projector.goto(f"{url}/{lang}/proposals/panels/{panel.code}/wall/")
    assert projector.locator(".wall-card").count() == 2
    # A moderator takes one off the wall; the projector drops it on its next poll.
    staff = new_page()
    sign_in(staff, live_server, moderator.email, lang)
    staff.goto(f"{url}/{lang}/proposals/panels/{panel.code}/wall/")
    staff.locator(".wall-card", has_text="Коворкинг").locator("button").click()
    projector.locator(".wall-card", has_text="Коворкинг").wait_for(state="detached", timeout=3000)
    assert projector.locator(".wall-card", has_text="Ресурсный центр").count() == 1
