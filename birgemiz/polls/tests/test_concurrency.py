"""Many voters at once on PostgreSQL: every vote counted once, none twice, counters exact."""

import threading

import pytest
from django.db import connection, connections

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
