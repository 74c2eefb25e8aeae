"""Group commit of votes: concurrent votes of a process go to PostgreSQL in one statement, and
each voter still gets their own, right answer."""

import datetime as dt
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from birgemiz.core.testing import UserFactory
from birgemiz.polls import selectors, services
from birgemiz.polls.models import Vote, VoteChoice
from birgemiz.polls.tests.factories import make_poll
from birgemiz.polls.writer import GroupWriter, insert_votes


def _row(key, poll_id=1, answers=(1,)):
    return {"poll_id": poll_id, "voter_key": key, "user_id": None, "region_id": None, "other_text": "",
            "created_at": None, "answers": list(answers)}  # fmt: skip


class SlowFakeDatabase:
    """Stands for insert_votes: records each group, takes a while, refuses keys seen before."""

    def __init__(self, fail_on: str = ""):
        self.groups: list[list[str]] = []
        self.stored: set = set()
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def __call__(self, rows):
        keys = [r["voter_key"] for r in rows]
        with self.lock:
            self.groups.append(keys)
        time.sleep(0.05)  # the others arrive meanwhile
        if self.fail_on in keys:
            raise OperationalError("the database said no")
        out = []
        for r in rows:
            key = (r["poll_id"], r["voter_key"])
            out.append(None if key in self.stored else len(self.stored) + 1)
            self.stored.add(key)
        return out


def _at_once(writer, keys):
    outcomes, barrier = {}, threading.Barrier(len(keys))

    def vote(n, key):
        barrier.wait()
        try:
            outcomes[n] = writer.insert(_row(key))
        except OperationalError as error:
            outcomes[n] = error

    threads = [threading.Thread(target=vote, args=(n, k)) for n, k in enumerate(keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads), "a voter was never answered"
    return [outcomes[n] for n in range(len(keys))]


def test_votes_cast_together_are_written_in_few_groups_and_each_voter_gets_an_answer():
    db = SlowFakeDatabase()
    outcomes = _at_once(GroupWriter(write=db), [f"c:{n}" for n in range(20)])
    assert all(isinstance(o, int) for o in outcomes) and len(set(outcomes)) == 20
    assert sorted(k for g in db.groups for k in g) == sorted(f"c:{n}" for n in range(20))
    assert len(db.groups) < 20  # grouped, not one statement per vote


def test_a_voter_twice_in_one_group_waits_for_the_next_and_is_refused():
    db = SlowFakeDatabase()
    outcomes = _at_once(GroupWriter(write=db), ["c:same"] * 6 + [f"c:{n}" for n in range(6)])
    assert sum(isinstance(o, int) for o in outcomes[:6]) == 1 and outcomes[:6].count(None) == 5
    assert all(g.count("c:same") <= 1 for g in db.groups)


def test_groups_are_capped():
    db = SlowFakeDatabase()
    _at_once(GroupWriter(write=db, max_group=4), [f"c:{n}" for n in range(16)])
    assert max(len(g) for g in db.groups) <= 4


def test_a_failed_group_fails_its_voters_only_and_the_writer_goes_on():
    db = SlowFakeDatabase(fail_on="c:bad")
    writer = GroupWriter(write=db)
    outcomes = _at_once(writer, ["c:bad"] + [f"c:{n}" for n in range(9)])
    failed = [k for g in db.groups if "c:bad" in g for k in g]
    for key, outcome in zip(["c:bad"] + [f"c:{n}" for n in range(9)], outcomes, strict=True):
        assert isinstance(outcome, OperationalError) == (key in failed)
    assert isinstance(writer.insert(_row("c:later")), int)  # not stuck


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_statement_counts_only_the_votes_it_took_across_polls():
    editor = UserFactory(roles=["editor"])
    first, second = make_poll(editor, answers=2), make_poll(editor, answers=3, kind="multiple", max_choices=2)
    a1, _a2 = [a.pk for a in first.answers.all()]
    b1, b2, _b3 = [b.pk for b in second.answers.all()]
    services.vote_cast(poll=first, voter_key="c:old", answer_ids=[a1])
    now = timezone.now() - dt.timedelta(seconds=1)
    rows = [
        {**_row("c:new", first.pk, [a1]), "created_at": now},
        {**_row("c:old", first.pk, [a1]), "created_at": now},  # had voted: skipped, not counted
        {**_row("c:multi", second.pk, [b1, b2]), "created_at": now},
    ]
    ids = insert_votes(rows)
    assert ids[0] and ids[1] is None and ids[2]
    assert Vote.objects.filter(poll=first).count() == 2
    assert sorted(VoteChoice.objects.filter(vote_id=ids[2]).values_list("answer_id", flat=True)) == [b1, b2]
    for poll in (first, second):
        selectors.forget_counts(poll)
        assert services.reconcile(poll) == []
    assert selectors.results(first).voters == 2 and selectors.results(second).voters == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_statement_refuses_polls_whose_row_is_not_open_now():
    """The group statement reads the poll's row: a process's stale copy cannot let votes in."""
    from birgemiz.polls.choices import PollStatus
    from birgemiz.polls.models import Poll

    editor = UserFactory(roles=["editor"])
    open_poll, closed, future = (make_poll(editor, answers=2) for _ in range(3))
    Poll.objects.filter(pk=closed.pk).update(status=PollStatus.CLOSED)
    Poll.objects.filter(pk=future.pk).update(opens_at=timezone.now() + dt.timedelta(hours=1))
    now = timezone.now()
    rows = [
        {**_row("c:a", p.pk, [p.answers.first().pk]), "created_at": now} for p in (open_poll, closed, future)
    ]
    ids = insert_votes(rows)
    assert isinstance(ids[0], int) and ids[1:] == ["closed", "not_open_yet"]
    assert Vote.objects.count() == 1
    for poll in (open_poll, closed, future):
        assert services.reconcile(poll) == []
    # The service, handed a copy that still says open (as a worker's memory would), refuses.
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(poll=closed, voter_key="c:b", answer_ids=[closed.answers.first().pk])
    assert refused.value.code == "closed" and Vote.objects.count() == 1
