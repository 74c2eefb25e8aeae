import datetime as dt

from birgemiz.core.testing import UserFactory
from birgemiz.proposals import selectors, services
from birgemiz.proposals.choices import Status
from birgemiz.proposals.tests.factories import make_proposal


def test_percentile_is_nearest_rank():
    assert selectors.percentile([], 50) is None
    assert selectors.percentile([5], 90) == 5
    assert selectors.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert selectors.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9


def test_dashboard_counts_working_and_calendar_days(citizen, official, body, other_body, time_machine):
    # Received on Monday 2 March 2026; answered Thursday (3 working days) and the next Monday
    # (5 working days; 8 calendar days). 8 March (Sunday, Women's Day) moves a day off to Monday 9.
    time_machine.move_to(dt.datetime(2026, 3, 2, 5, tzinfo=dt.UTC))
    a = make_proposal(author=citizen, addressee=body, received=dt.date(2026, 3, 2))
    b = make_proposal(author=citizen, addressee=body, received=dt.date(2026, 3, 2))
    make_proposal(author=citizen, addressee=other_body, received=dt.date(2026, 3, 2))
    time_machine.move_to(dt.datetime(2026, 3, 5, 5, tzinfo=dt.UTC))
    services.proposal_change_status(actor=official, proposal=a, to_status=Status.ACCEPTED, text="Да.")
    time_machine.move_to(dt.datetime(2026, 3, 10, 5, tzinfo=dt.UTC))
    services.proposal_change_status(actor=official, proposal=b, to_status=Status.ANSWERED, text="Ответ.")
    services.proposal_change_status(actor=official, proposal=a, to_status=Status.IMPLEMENTED, text="Сделано.")
    time_machine.move_to(dt.datetime(2026, 4, 30, 5, tzinfo=dt.UTC))
    board = selectors.dashboard(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    rows = {r.slug: r for r in board.rows}
    akimat = rows[body.slug]
    assert (akimat.received, akimat.answered, akimat.implemented, akimat.overdue) == (2, 2, 1, 0)
    assert sorted(akimat.calendar_days) == [3, 8]
    assert sorted(akimat.working_days) == [3, 5]
    assert rows[other_body.slug].overdue == 1
    assert board.total.received == 3 and board.total.answered_share == 2 / 3
    by_region = selectors.dashboard(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), by="region")
    assert [r.received for r in by_region.rows] == [3]
    # The chart: each row's proposals by where they stand, adding up to what it received.
    assert akimat.standing == [("implemented", 1), ("answered", 1), ("waiting", 0), ("overdue", 0)]
    other = dict(rows[other_body.slug].standing)
    assert other == {"implemented": 0, "answered": 0, "waiting": 0, "overdue": 1}
    assert board.largest == 2


def test_dashboard_chart_draws_each_standing_with_its_count(client, citizen, official, body):
    import re

    answered = make_proposal(author=citizen, addressee=body)
    make_proposal(author=citizen, addressee=body)
    services.proposal_change_status(
        actor=official, proposal=answered, to_status=Status.ANSWERED, text="Ответ."
    )
    page = client.get("/ru/proposals/dashboard/").content.decode()
    chart = page[page.index('aria-labelledby="standing-title"') : page.index("</figure>")]
    assert "Что стало с предложениями" in chart
    # Two proposals, the largest row: answered fills half the bar, waiting the other half.
    assert re.search(r'standing--answered" x="0\.0" width="50\.0"', chart)
    assert re.search(r'standing--waiting" x="50\.0" width="50\.0"', chart)
    assert "с ответом: 1" in chart and "ждут ответа, срок не истёк: 1" in chart


def test_days_count_from_the_forwarding_for_the_body_that_answers(
    citizen, official, body, other_body, time_machine
):
    from birgemiz.orgs.choices import MemberRole
    from birgemiz.orgs.tests.factories import member

    other_official = UserFactory(full_name="Чиновник другого органа")
    member(other_body, other_official, MemberRole.EDITOR)
    # Received Monday 2 March 2026 by the akimat, forwarded on Monday 16 March, answered by the
    # other body on Thursday 19 March: 3 working days for the body that answered, not 13.
    time_machine.move_to(dt.datetime(2026, 3, 2, 5, tzinfo=dt.UTC))
    p = make_proposal(author=citizen, addressee=body, received=dt.date(2026, 3, 2))
    time_machine.move_to(dt.datetime(2026, 3, 16, 5, tzinfo=dt.UTC))
    services.proposal_change_status(
        actor=official, proposal=p, to_status=Status.FORWARDED, text="Не наш вопрос.", forward_to=other_body
    )
    time_machine.move_to(dt.datetime(2026, 3, 19, 5, tzinfo=dt.UTC))
    services.proposal_change_status(
        actor=other_official, proposal=p, to_status=Status.ANSWERED, text="Ответ."
    )
    board = selectors.dashboard(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    (row,) = board.rows
    assert row.slug == other_body.slug
    assert (row.working_days, row.calendar_days) == ([3], [3])
