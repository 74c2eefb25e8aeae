"""Many voters at once on PostgreSQL: every vote counted once, none twice, counters exact."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from birgemiz.core.testing import UserFactory
from birgemiz.polls import selectors, services
from birgemiz.polls.choices import PollMode
from birgemiz.polls.models import Vote
from birgemiz.polls.tests.factories import make_poll

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
            outcomes.append("ok")
        except services.PollError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001  shown in the assertion
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_forty_voters_and_their_double_clicks_at_once():
    editor = UserFactory(roles=["editor"])
    poll = make_poll(editor, answers=2)
    a, b = [x.pk for x in poll.answers.all()]
    # 24 voters, each clicking twice at the same moment: 48 attempts (and connections), 24 votes.
    attempts = [(f"c:{i}", a if i % 4 else b) for i in range(24)] * 2
    outcomes = _race(
        lambda key, answer: services.vote_cast(poll=poll, voter_key=key, answer_ids=[answer]), attempts
    )
    assert outcomes.count("ok") == 24 and outcomes.count("already_voted") == 24, outcomes
    assert Vote.objects.filter(poll=poll).count() == 24
    selectors.forget_counts(poll)
    result = selectors.results(poll)
    assert [r.count for r in result.rows] == [18, 6] and result.voters == 24
    assert services.reconcile(poll) == []


def test_verified_vote_changes_at_once_keep_counts_exact():
    editor = UserFactory(roles=["editor"])
    poll = make_poll(editor, answers=3, mode=PollMode.VERIFIED, allow_change=True)
    ids = [x.pk for x in poll.answers.all()]
    users = [UserFactory() for _ in range(10)]
    for user in users:
        services.vote_cast(poll=poll, voter_key=f"u:{user.pk}", user=user, answer_ids=[ids[0]])
    changes = [(u, ids[1 + (n % 2)]) for n, u in enumerate(users)] * 2
    _race(
        lambda user, answer: services.vote_cast(
            poll=poll, voter_key=f"u:{user.pk}", user=user, answer_ids=[answer]
        ),
        changes,
    )
    assert services.reconcile(poll) == []
    selectors.forget_counts(poll)
    assert selectors.results(poll).voters == 10


def test_multiple_choice_votes_and_changes_crossing_each_other_never_deadlock(monkeypatch):
    """Every vote lands on the same counter shard here (the worst case); voters pick several
    answers in opposite orders and change their votes crosswise, and the same voters' votes
    reach two group statements in opposite orders. Counter rows and votes are locked in one
    order by every writer, so all of them are counted, none refused by a deadlock."""
    from django.db import transaction

    from birgemiz.polls.writer import insert_votes

    monkeypatch.setattr(services.random, "randrange", lambda n: 0)
    editor = UserFactory(roles=["editor"])
    poll = make_poll(
        editor, answers=3, kind="multiple", max_choices=2, mode=PollMode.VERIFIED, allow_change=True
    )
    a, b, c = [x.pk for x in poll.answers.all()]
    users = [UserFactory() for _ in range(16)]
    for n, user in enumerate(users):
        services.vote_cast(
            poll=poll, voter_key=f"u:{user.pk}", user=user, answer_ids=[a, b] if n % 2 else [b, c]
        )
    # Crosswise changes: one half gives up a for c, the other c for a.
    changes = [(u, [b, c] if n % 2 else [a, b]) for n, u in enumerate(users)]
    outcomes = _race(
        lambda user, answers: services.vote_cast(
            poll=poll, voter_key=f"u:{user.pk}", user=user, answer_ids=answers
        ),
        changes,
    )
    assert outcomes == ["ok"] * len(changes), outcomes

    # New votes with two answers each, some through the service's own transaction, in both orders.
    def vote_in_a_transaction(key, answers):
        with transaction.atomic():
            services.vote_cast(poll=open_poll, voter_key=key, answer_ids=answers)

    open_poll = make_poll(editor, answers=3, kind="multiple", max_choices=2)
    x, y, z = [p.pk for p in open_poll.answers.all()]
    outcomes = _race(vote_in_a_transaction, [(f"c:t{n}", [x, z] if n % 2 else [z, x]) for n in range(16)])
    assert outcomes == ["ok"] * 16, outcomes

    # Group statements carrying the same voters in opposite orders (a voter clicking twice, two
    # workers): the votes are inserted in one order, so the statements wait, never cross.
    now = timezone.now()

    def group(keys):
        rows = [
            {"poll_id": open_poll.pk, "voter_key": k, "user_id": None, "region_id": None, "other_text": "",
             "created_at": now, "answers": [y, x]}
            for k in keys
        ]  # fmt: skip
        insert_votes(rows)

    rounds, size = 12, 24
    for round_ in range(rounds):
        keys = [f"c:g{round_}-{n}" for n in range(size)]
        outcomes = _race(group, [(keys,), (keys[::-1],), (keys[::2] + keys[1::2],)])
        assert outcomes == ["ok"] * 3, outcomes
    assert services.reconcile(poll) == [] and services.reconcile(open_poll) == []
    selectors.forget_counts(poll)
    selectors.forget_counts(open_poll)
    assert [r.count for r in selectors.results(poll).rows] == [8, 16, 8]
    result = selectors.results(open_poll)
    grouped = rounds * size
    assert result.voters == 16 + grouped and [r.count for r in result.rows] == [16 + grouped, grouped, 16]


def test_a_reconciliation_report_does_not_wait_for_votes_in_progress():
    import psycopg

    editor = UserFactory(roles=["editor"])
    poll = make_poll(editor, answers=2)
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[poll.answers.first().pk])
    s = connection.settings_dict
    dsn = f"host={s['HOST']} port={s['PORT'] or 5432} user={s['USER']} dbname={s['NAME']}"
    with psycopg.connect(dsn) as other:  # a vote holding its counter rows, uncommitted
        other.execute("SELECT id FROM polls_answercount WHERE poll_id = %s FOR UPDATE", [poll.pk])
        other.execute("SELECT id FROM polls_votercount WHERE poll_id = %s FOR UPDATE", [poll.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        try:
            assert services.reconcile(poll) == []
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
        other.rollback()
