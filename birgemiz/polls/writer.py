"""Votes written to PostgreSQL in groups: one statement for every vote that arrives together.

A burst of votes is many tiny transactions; each one's fixed cost (a round trip, executing a
statement, a commit and its WAL flush) is most of PostgreSQL's work. Threads of one process
that vote at the same moment therefore hand their votes to one of them, the *leader*, which
writes them all in one statement on its own connection and wakes the others with their
outcome ("group commit", as databases do for their own log). No thread or connection of its
own: when the leader's statement returns, the next waiting thread, if any, leads the next group.

Exactly-once does not depend on any of this: the unique (poll, voter_key) does it, and the
statement counts only the votes it inserted. A voter who appears twice in one group (a double
click answered by two threads) waits for the next group, so each gets its own answer.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

from django.db import InterfaceError, OperationalError, connection

from birgemiz.core.db import prepared_cursor
from birgemiz.polls.choices import PollStatus
from birgemiz.polls.models import SHARDS, AnswerCount, Poll, Vote, VoteChoice, VoterCount

#: The most votes one statement carries.
MAX_GROUP = 64

#: Every vote of the group, its answers and the counters in one statement (atomic by itself).
#: ``gate`` reads the poll's row as the database has it now (a process's copy of the poll may be
#: stale: another worker closed it), and only votes of polls open at the vote's time go on, the
#: others come back with their refusal. ``took`` is the votes the INSERT kept (a voter who had
#: voted is skipped by the constraint); answers and counters follow only those.
#: Locks are taken in one order by every writer, so concurrent statements cannot deadlock:
#: votes by (poll, voter key) (two groups with the same two voters wait, never cross), then the
#: answers' counter rows by (answer, shard), then the voters' counter rows by (poll, shard)
#: (``voter_locks`` waits for ``answer_locks`` through its one-time filter); ``services._bump``
#: keeps the same order.
_GROUP_STATEMENT = """
WITH input AS (
    SELECT * FROM unnest(
        %(idx)s::int[], %(polls)s::bigint[], %(keys)s::varchar[], %(users)s::bigint[],
        %(regions)s::bigint[], %(others)s::varchar[], %(nows)s::timestamptz[]
    ) AS t(i, poll_id, voter_key, user_id, region_id, other_text, created_at)
), gate AS (
    SELECT input.*, CASE
        WHEN p.status = '{open}' AND p.opens_at <= input.created_at AND input.created_at < p.closes_at
            THEN ''
        WHEN p.status = '{draft}' OR (p.status = '{open}' AND input.created_at < p.opens_at)
            THEN 'not_open_yet'
        ELSE 'closed' END AS refusal
    FROM input LEFT JOIN {poll} AS p ON p.id = input.poll_id
), vote AS (
    INSERT INTO {vote} (poll_id, voter_key, user_id, region_id, other_text, created_at)
    SELECT poll_id, voter_key, user_id, region_id, other_text, created_at FROM gate
    WHERE refusal = '' ORDER BY poll_id, voter_key
    ON CONFLICT (poll_id, voter_key) DO NOTHING
    RETURNING id, poll_id, voter_key
), took AS (
    SELECT vote.id, vote.poll_id, input.i FROM vote JOIN input USING (poll_id, voter_key)
), picks AS (
    SELECT took.id AS vote_id, p.answer_id
    FROM took JOIN unnest(%(pick_idx)s::int[], %(pick_answers)s::bigint[]) AS p(i, answer_id) USING (i)
), chosen AS (
    INSERT INTO {choice} (vote_id, answer_id) SELECT vote_id, answer_id FROM picks
), answer_locks AS MATERIALIZED (
    SELECT c.id, d.k FROM {answer_count} AS c
    JOIN (SELECT answer_id, count(*) AS k FROM picks GROUP BY answer_id) AS d USING (answer_id)
    WHERE c.shard = %(shard)s
    ORDER BY c.answer_id, c.shard
    FOR UPDATE OF c
), answer_shards AS (
    UPDATE {answer_count} AS c SET n = c.n + l.k FROM answer_locks AS l WHERE c.id = l.id
), voter_locks AS MATERIALIZED (
    SELECT c.id, d.k FROM {voter_count} AS c
    JOIN (SELECT poll_id, count(*) AS k FROM took GROUP BY poll_id) AS d USING (poll_id)
    WHERE c.shard = %(shard)s AND (SELECT count(*) FROM answer_locks) >= 0
    ORDER BY c.poll_id, c.shard
    FOR UPDATE OF c
), voter_shards AS (
    UPDATE {voter_count} AS c SET n = c.n + l.k FROM voter_locks AS l WHERE c.id = l.id
)
SELECT i, id, '' FROM took
UNION ALL
SELECT i, NULL, refusal FROM gate WHERE refusal <> ''
"""


def _statement() -> str:
    return _GROUP_STATEMENT.format(
        poll=Poll._meta.db_table,
        vote=Vote._meta.db_table,
        choice=VoteChoice._meta.db_table,
        answer_count=AnswerCount._meta.db_table,
        voter_count=VoterCount._meta.db_table,
        open=PollStatus.OPEN.value,
        draft=PollStatus.DRAFT.value,
    )


def insert_votes(rows: list[dict]) -> list[int | str | None]:
    """Insert the votes (``poll_id, voter_key, user_id, region_id, other_text, created_at,
    answers``; one per voter) in one statement. For each: its new id; None where the voter had
    already voted; or the refusal code (``closed``, ``not_open_yet``) where the poll's row says
    it was not open at ``created_at``."""
    params = {
        "idx": list(range(len(rows))),
        "polls": [r["poll_id"] for r in rows],
        "keys": [r["voter_key"] for r in rows],
        "users": [r["user_id"] for r in rows],
        "regions": [r["region_id"] for r in rows],
        "others": [r["other_text"] for r in rows],
        "nows": [r["created_at"] for r in rows],
        "pick_idx": [i for i, r in enumerate(rows) for _ in r["answers"]],
        "pick_answers": [a for r in rows for a in r["answers"]],
        "shard": random.randrange(SHARDS),
    }
    with prepared_cursor() as cursor:
        cursor.execute(_statement(), params)
        found = {i: vote_id if vote_id is not None else refusal for i, vote_id, refusal in cursor.fetchall()}
    return [found.get(i) for i in range(len(rows))]


@dataclass(eq=False)
class _Waiting:
    row: dict
    woken: threading.Event = field(default_factory=threading.Event)
    leads: bool = False
    vote_id: int | str | None = None
    error: BaseException | None = None


class GroupWriter:
    """Hands concurrent votes of this process to one leader (see the module's docstring)."""

    def __init__(self, write=insert_votes, max_group: int = MAX_GROUP):
        self._write = write
        self._max_group = max_group
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._busy = False

    def insert(self, row: dict) -> int | str | None:
        """The vote's new id, None if this voter had already voted, or the refusal code of a
        poll that was not open (see ``insert_votes``)."""
        me = _Waiting(row)
        with self._lock:
            self._queue.append(me)
            me.leads = not self._busy
            self._busy = True
        if not me.leads:
            me.woken.wait()  # our outcome, or the turn to lead
        if me.leads:
            self._lead()
        if me.error is not None:
            raise me.error
        return me.vote_id

    def _take_group(self) -> list[_Waiting]:
        group, seen, rest = [], set(), []
        for waiting in self._queue:
            key = (waiting.row["poll_id"], waiting.row["voter_key"])
            if key in seen or len(group) >= self._max_group:
                rest.append(waiting)
            else:
                seen.add(key)
                group.append(waiting)
        self._queue = rest
        return group

    def _lead(self) -> None:
        with self._lock:
            group = self._take_group()
        try:
            ids = self._write_reconnecting([w.row for w in group])
        except BaseException as error:  # every voter of the group learns it
            for waiting in group:
                waiting.error = error
        else:
            for waiting, vote_id in zip(group, ids, strict=True):
                waiting.vote_id = vote_id
        with self._lock:
            if self._queue:
                self._queue[0].leads = True
                self._queue[0].woken.set()
            else:
                self._busy = False
        for waiting in group:
            waiting.woken.set()

    def _write_reconnecting(self, rows: list[dict]) -> list[int | str | None]:
        """A connection that died while idle (PostgreSQL restarted) is replaced once; a vote that
        did land before it broke then reads as already cast."""
        try:
            return self._write(rows)
        except (OperationalError, InterfaceError):
            if connection.connection is None or connection.is_usable():
                raise
            connection.close()
            return self._write(rows)


writer = GroupWriter()
