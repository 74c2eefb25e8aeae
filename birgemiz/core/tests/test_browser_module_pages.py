"""axe-core on the main page of every module, with content on it, in Russian and Kazakh, on a
phone and a wide screen: no WCAG 2.1 A/AA violation and nothing wider than the screen."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from birgemiz.core.testing import UserFactory
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(transactional_db):
    """A state body with proposals at two stages, a published event, an open poll."""
    from birgemiz.events.tests.factories import EventFactory
    from birgemiz.geo.models import Region
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import StateBodyFactory, member
    from birgemiz.polls.tests.factories import make_poll
    from birgemiz.proposals import services
    from birgemiz.proposals.choices import Status
    from birgemiz.proposals.tests.factories import make_proposal

    karaganda = Region.objects.get(slug="karaganda")
    body = StateBodyFactory(name_ru="Управление внутренней политики Карагандинской области", region=karaganda)
    official, citizen = UserFactory(), UserFactory(full_name="Айгерим Садыкова")
    member(body, official, MemberRole.EDITOR)
    answered = make_proposal(author=citizen, addressee=body, title="Диалоговая площадка НКО и госорганов")
    make_proposal(author=citizen, addressee=body, title="Социальные услуги для пожилых людей")
    services.proposal_change_status(
        actor=official, proposal=answered, to_status=Status.ANSWERED, text="Площадка создана при акимате."
    )
    event = EventFactory(region=karaganda, title_ru="Конференция НПО Карагандинской области")
    poll = make_poll(UserFactory(roles=["editor"]), region=karaganda)
    return {"proposal": answered, "event": event, "poll": poll}


PAGES = {
    "proposals": lambda c: "/ru/proposals/",
    "proposal": lambda c: f"/kk/proposals/{c['proposal'].pk}/",
    "dashboard": lambda c: "/kk/proposals/dashboard/",
    "events": lambda c: "/ru/events/",
    "event": lambda c: f"/kk/events/{c['event'].slug}/",
    "calendar": lambda c: "/kk/events/calendar/",
    "polls": lambda c: "/kk/polls/",
    "poll": lambda c: f"/ru/polls/{c['poll'].pk}/",
    "orgs": lambda c: "/ru/orgs/",
}


@pytest.mark.parametrize("width", [360, 1280])
def test_module_pages_have_no_axe_violations(page, live_server, content, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES.items():
        page.goto(live_server.url + path(content))
        assert page.locator("h1").count() == 1, name
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
