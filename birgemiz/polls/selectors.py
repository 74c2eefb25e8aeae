"""Reads shared by the pages and the API."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from birgemiz.core.memo import VersionedMemo
from birgemiz.polls.choices import PollMode, PollStatus
from birgemiz.polls.models import Answer, AnswerCount, Poll, VoteChoice, VoterCount

#: Seconds a poll's figures are reused: the live results poll the cache, not the database.
RESULTS_TTL = 2


def status_now_filter(status: str, now) -> Q:
    """Polls whose status *now* is ``status``: an open poll past its closing time counts as
    closed (``Poll.status_at`` is the same rule in Python)."""
    if status == PollStatus.OPEN:
        return Q(status=PollStatus.OPEN, closes_at__gt=now)
    if status == PollStatus.CLOSED:
        return Q(status=PollStatus.CLOSED) | Q(status=PollStatus.OPEN, closes_at__lte=now)
    return Q(status=status)


def poll_list(*, region: str = "", status: str = "", topic: str = "") -> QuerySet[Poll]:
    """Public polls (not drafts), newest first, with region and answers in two more queries;
    each carries ``status_now``, its status by the clock."""
    now = timezone.now()
    qs = (
        Poll.objects.exclude(status=PollStatus.DRAFT)
        .select_related("region")
        .annotate(
            status_now=Case(
                When(status_now_filter(PollStatus.CLOSED, now), then=Value(PollStatus.CLOSED.value)),
                default=F("status"),
                output_field=CharField(),
            )
        )
    )
    if region:
        qs = qs.filter(region__slug=region)
    if status in (PollStatus.OPEN, PollStatus.CLOSED, PollStatus.ARCHIVED):
        qs = qs.filter(status_now_filter(status, now))
    if topic:
        qs = qs.filter(topic__iexact=topic)
    return qs.prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("position", "id")))


def open_polls(*, region=None, limit: int = 3) -> list[Poll]:
    now = timezone.now()
    qs = poll_list().filter(status=PollStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
    if region is not None:
        qs = qs.filter(Q(region=region) | Q(region__isnull=True))
    return list(qs[:limit])


def poll_get(pk: int) -> Poll:
    return (
        Poll.objects.select_related("region", "author")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("position", "id")))
        .get(pk=pk)
    )


#: Each process keeps the polls being voted on (with their answers) in memory; the shared cache
#: holds a version stamp per poll that ``forget_poll`` changes, so a status change made on one
#: host reaches every process at its next vote. A vote then reads one short string from the
#: cache instead of unpickling the poll.
_polls_for_vote: dict[int, VersionedMemo[Poll]] = {}
_MAX_POLLS_IN_MEMORY = 256


def _poll_memo(pk: int) -> VersionedMemo[Poll]:
    memo = _polls_for_vote.get(pk)
    if memo is None:
        if len(_polls_for_vote) >= _MAX_POLLS_IN_MEMORY:
            _polls_for_vote.clear()
        memo = _polls_for_vote.setdefault(pk, VersionedMemo(f"polls:poll:{pk}", lambda: poll_get(pk)))
    return memo


def poll_for_vote(pk: int) -> Poll:
    """The poll and its answers, read from the database once per process and change (read-only).

    The copy may be stale where the shared cache is not shared (local memory per worker without
    Redis): the vote statement itself refuses a poll whose row is not open, and a copy that says
    "not open" is checked against the row here (a refusal is rare; an opened poll must not be
    refused by a worker that remembers it as a draft)."""
    memo = _poll_memo(pk)
    poll = memo.get()
    if poll.is_open():
        return poll
    row = Poll.objects.filter(pk=pk).values_list("status", "opens_at", "closes_at").first()
    if row is None:
        raise Poll.DoesNotExist
    if row != (poll.status, poll.opens_at, poll.closes_at):
        memo.invalidate()
        poll = memo.get()
    return poll


def forget_poll(poll: Poll) -> None:
    _poll_memo(poll.pk).invalidate()
    cache.delete(f"polls:counts:{poll.pk}")


def largest_remainder(counts: list[int]) -> list[int]:
    """Whole percentages that add up to exactly 100 (Hare's largest remainder); zeros if empty."""
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    quotas = [c * 100 / total for c in counts]
    floors = [int(q) for q in quotas]
    short = 100 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (quotas[i] - floors[i], counts[i]), reverse=True)
    for i in order[:short]:
        floors[i] += 1
    return floors


@dataclass(frozen=True)
class AnswerResult:
    answer: Answer
    count: int
    percent: int


@dataclass(frozen=True)
class Results:
    rows: list[AnswerResult]
    voters: int
    etag: str

    @property
    def choices(self) -> int:
        return sum(r.count for r in self.rows)


def _counts(poll: Poll) -> tuple[dict[int, int], int]:
    key = f"polls:counts:{poll.pk}"
    cached = cache.get(key)
    if cached is None:
        per_answer = dict(
            AnswerCount.objects.filter(poll=poll)
            .values("answer_id")
            .annotate(t=Sum("n"))
            .values_list("answer_id", "t")
        )
        voters = VoterCount.objects.filter(poll=poll).aggregate(t=Sum("n"))["t"] or 0
        cached = (per_answer, voters)
        cache.set(key, cached, RESULTS_TTL)
    return cached


def forget_counts(poll: Poll) -> None:
    cache.delete(f"polls:counts:{poll.pk}")


def results_etag(poll: Poll, *, visible: bool = True) -> str:
    """The live results' version. When this viewer may not see the results, it depends only on
    what they see (the poll's status and whether it is open), never on the counts: a tag that
    changed with each vote would show every vote and let the figures be guessed."""
    state = f"{poll.pk}:{poll.effective_status}:{int(poll.is_open())}"
    if not visible:
        raw = f"{state}:hidden"
    else:
        per_answer, voters = _counts(poll)
        raw = f"{state}:{voters}:" + ",".join(f"{k}={v}" for k, v in sorted(per_answer.items()))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def results(poll: Poll) -> Results:
    """Counts and percentages of each answer (percent of all answers given), total voters."""
    per_answer, voters = _counts(poll)
    answers = list(poll.answers.all())
    counts = [per_answer.get(a.pk, 0) for a in answers]
    rows = [AnswerResult(a, c, p) for a, c, p in zip(answers, counts, largest_remainder(counts), strict=True)]
    return Results(rows=rows, voters=voters, etag=results_etag(poll))


#: A region with fewer voters than this is not shown on its own: its figures would be people's votes.
MIN_GROUP = 5


@dataclass(frozen=True)
class RegionResult:
    name: str
    slug: str | None  # None: voters whose account has no region
    counts: list[int] | None  # per answer, in the answers' order; None when hidden
    voters: int | None
    #: "" shown; "fewer" fewer than MIN_GROUP voters; "withheld" hidden so that a smaller group
    #: cannot be worked out by subtracting the shown regions from the poll's totals.
    hidden: str = ""

    @property
    def hidden_label(self) -> str:
        from django.utils.translation import gettext

        if self.hidden == "fewer":
            return gettext("fewer than %(count)d voters") % {"count": MIN_GROUP}
        return gettext("not shown") if self.hidden else ""


def results_by_region(poll: Poll) -> list[RegionResult]:
    """For verified polls: each region's counts per answer and voters, largest first.

    Regions with fewer than ``MIN_GROUP`` voters are hidden; the poll's totals are public, so
    when the hidden regions would be one region or fewer than ``MIN_GROUP`` voters together
    (their figures are the totals minus the shown ones), the smallest shown regions are hidden
    with them. Hidden regions come last, by name, so their order says nothing of their size."""
    if poll.mode != PollMode.VERIFIED:
        return []
    from birgemiz.geo.models import Region
    from birgemiz.polls.models import Vote

    answers = [a.pk for a in poll.answers.all()]
    rows = (
        VoteChoice.objects.filter(vote__poll=poll)
        .values_list("vote__region_id", "answer_id")
        .annotate(n=Count("id"))
    )
    table: dict[int | None, list[int]] = {}
    for region_id, answer_id, n in rows:
        table.setdefault(region_id, [0] * len(answers))[answers.index(answer_id)] = n
    voters = dict(
        Vote.objects.filter(poll=poll)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    for region_id in voters:
        table.setdefault(region_id, [0] * len(answers))  # voters with only an answer of their own
    regions = {r.pk: r for r in Region.objects.filter(pk__in=[k for k in table if k])}
    names = {k: regions[k].name if k in regions else "—" for k in table}
    fewer = {k for k in table if voters.get(k, 0) < MIN_GROUP}
    withheld: set = set()
    while fewer and (
        len(fewer | withheld) == 1 or sum(voters.get(k, 0) for k in fewer | withheld) < MIN_GROUP
    ):
        shown = [k for k in table if k not in fewer | withheld]
        if not shown:
            break
        withheld.add(min(shown, key=lambda k: (voters.get(k, 0), str(names[k]))))
    out = [
        RegionResult(str(names[k]), regions[k].slug if k in regions else None, table[k], voters.get(k, 0))
        for k in table
        if k not in fewer | withheld
    ]
    out.sort(key=lambda r: (-(r.voters or 0), r.name))
    hidden = sorted(
        (
            RegionResult(str(names[k]), regions[k].slug if k in regions else None, None, None,
                         "fewer" if k in fewer else "withheld")
            for k in fewer | withheld
        ),
        key=lambda r: r.name,
    )  # fmt: skip
    return out + hidden


def other_answers(poll: Poll, *, limit: int | None = None) -> list[tuple[str, int]]:
    """The answers voters wrote in their own words, each with how many wrote it, most frequent
    first. For the poll's author and editors only (``permissions.can_see_other_answers``)."""
    from birgemiz.polls.models import Vote

    if not poll.allow_other:
        return []
    qs = (
        Vote.objects.filter(poll=poll)
        .exclude(other_text="")
        .values("other_text")
        .annotate(n=Count("id"))
        .order_by("-n", "other_text")
        .values_list("other_text", "n")
    )
    return list(qs[:limit] if limit else qs)
