"""Real Chromium: vote in place in the widget (with and without JavaScript), live results,
a second vote refused, in Russian and Kazakh."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from birgemiz.core.testing import UserFactory
from birgemiz.core.tests.test_browser_pages import AXE_OPTIONS
from birgemiz.geo.models import Region
from birgemiz.polls import services
from birgemiz.polls.models import Vote
from birgemiz.polls.tests.factories import make_poll


def _accessible(page):
    report = Axe().run(page, options=AXE_OPTIONS)
    assert report.violations_count == 0, report.generate_report()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("lang", "vote_label", "done", "refused"), [
    ("ru", "Голосовать", "Спасибо, ваш голос учтён.", "Вы уже голосовали в этом опросе."),
    ("kk", "Дауыс беру", "Рақмет, дауысыңыз есептелді.", "Сіз бұл сауалнамада дауыс бердіңіз."),
])  # fmt: skip
def test_vote_in_place_see_live_results_and_be_refused_twice(
    live_server, new_page, lang, vote_label, done, refused
):
    editor = UserFactory(roles=["editor"])
    karaganda = Region.objects.get(slug="karaganda")
    poll = make_poll(editor, region=karaganda)
    first, second, _third = poll.answers.all()

    page = new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{live_server.url}/{lang}/regions/karaganda/")
    widget = page.locator(f"#poll-{poll.pk}")
    widget.get_by_label(second.text_kk if lang == "kk" else second.text_ru).check()
    widget.get_by_role("button", name=vote_label).click()
    page.wait_for_selector(f"#poll-{poll.pk} .notice--success")
    assert page.url.endswith(f"/{lang}/regions/karaganda/")  # no reload: htmx swapped the block
    assert done in page.locator(f"#poll-{poll.pk}").inner_text()
    assert "100" in page.locator(f"#poll-{poll.pk} .poll-bars").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _accessible(page)

    # Live results on the poll page: someone else votes; the figures change without a reload.
    page.goto(f"{live_server.url}/{lang}/polls/{poll.pk}/")
    services.vote_cast(poll=poll, voter_key="c:someone-else", answer_ids=[first.pk])
    expect(page.locator(f"#poll-results-{poll.pk} .poll-results__total")).to_contain_text(
        "2 ", timeout=12_000
    )
    _accessible(page)

    # The same browser tries again through a plain form post (a fresh page with the form).
    page.goto(f"{live_server.url}/{lang}/polls/{poll.pk}/")
    assert page.locator(f"#poll-{poll.pk} form").count() == 0
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    again = page.request.post(
        f"{live_server.url}/{lang}/polls/{poll.pk}/vote/",
        form={"choice": str(first.pk), "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    status = again.text()
    assert refused in status
    assert Vote.objects.filter(poll=poll).count() == 2


def test_without_javascript_the_form_posts_and_comes_back(live_server, new_page):
    editor = UserFactory(roles=["editor"])
    poll = make_poll(editor, region=Region.objects.get(slug="karaganda"))
    third = list(poll.answers.all())[2]
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/ru/regions/karaganda/")
    page.locator(f"#poll-{poll.pk}").get_by_label(third.text_ru).check()
    page.locator(f"#poll-{poll.pk}").get_by_role("button", name="Голосовать").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ru/regions/karaganda/")
    assert "Спасибо, ваш голос учтён." in page.content()
    assert Vote.objects.filter(poll=poll).count() == 1
    # A second try from the same browser is refused and counts nothing.
    page.goto(f"{live_server.url}/ru/polls/{poll.pk}/")
    assert "Вы проголосовали в этом опросе." in page.content()


def test_voting_on_the_poll_page_shows_results_kept_until_voting(live_server, new_page):
    from birgemiz.polls.choices import ResultsVisibility

    editor = UserFactory(roles=["editor"])
    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_VOTE)
    page = new_page()
    page.goto(f"{live_server.url}/ru/polls/{poll.pk}/")
    section = page.locator(f"#poll-results-section-{poll.pk}")
    expect(section.locator(".poll-bars")).to_have_count(0)
    page.locator(f"#poll-{poll.pk}").get_by_label("Ответ 2").check()
    page.locator(f"#poll-{poll.pk}").get_by_role("button", name="Голосовать").click()
    expect(section.locator(".poll-bars")).to_contain_text("100")
    assert page.url.endswith(f"/ru/polls/{poll.pk}/")
    expect(section.locator(".poll-results__total")).to_contain_text("1 ")
    _accessible(page)
