"""Every write to polls: create, open and close, and the vote itself.

The vote is one short transaction: INSERT the vote (the unique constraint on (poll, voter_key)
refuses a second one, whatever happens at the same time elsewhere), INSERT its answers, and
add one to a random counter shard of each chosen answer and of the poll's voters.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from birgemiz.core.audit import audit
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus
from birgemiz.polls.models import SHARDS, Answer, AnswerCount, Poll, Vote, VoteChoice, VoterCount

MIN_ANSWERS, MAX_ANSWERS = 2, 20

#: status code the API answers for each refusal
ERROR_STATUS = {
    "closed": 409,
    "not_open_yet": 409,
    "already_voted": 409,
    "too_many_choices": 400,
    "empty_choices": 400,
    "unknown_choice": 400,
    "bad_cookie": 400,
    "cross_site": 403,
    "unsupported_media_type": 415,
    "wrong_region": 403,
    "not_verified": 403,
    "rate_limited": 429,
}


class PollError(ValidationError):
    """A rule was broken; ``code`` is the API's error code."""

    def __init__(self, message, code: str):
        super().__init__(message, code=code)

    @property
    def status(self) -> int:
        return ERROR_STATUS.get(self.code, 400)


# --- polls ----------------------------------------------------------------------------------
def ensure_shards(poll: Poll) -> None:
    """Counter rows for every answer and for the voters (idempotent)."""
    answers = list(poll.answers.values_list("pk", flat=True))
    have = set(AnswerCount.objects.filter(poll=poll).values_list("answer_id", "shard"))
    AnswerCount.objects.bulk_create(
        AnswerCount(poll=poll, answer_id=a, shard=s)
        for a in answers
        for s in range(SHARDS)
        if (a, s) not in have
    )
    have_voters = set(VoterCount.objects.filter(poll=poll).values_list("shard", flat=True))
    VoterCount.objects.bulk_create(
        VoterCount(poll=poll, shard=s) for s in range(SHARDS) if s not in have_voters
    )


def validate_poll(data: dict, answers: Sequence[tuple[str, str]]) -> None:
    errors = {}
    if not (data.get("question_ru") or "").strip() and not (data.get("question_kk") or "").strip():
        errors["question_ru"] = _("Write the question in Russian or in Kazakh.")
    if not MIN_ANSWERS <= len(answers) <= MAX_ANSWERS:
        errors["answers_ru"] = _("A poll has from %(min)d to %(max)d answers.") % {
            "min": MIN_ANSWERS,
            "max": MAX_ANSWERS,
        }
    elif any(not (ru.strip() or kk.strip()) for ru, kk in answers):
        errors["answers_ru"] = _("Every answer needs a text in Russian or in Kazakh.")
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens and closes and closes <= opens:
        errors["closes_at"] = _("The poll must close after it opens.")
    if data.get("kind") == ChoiceKind.MULTIPLE:
        limit = data.get("max_choices") or 0
        if limit < 1 or (answers and limit > len(answers)):
            errors["max_choices"] = _("The maximum must be between 1 and the number of answers.")
    if data.get("region_only") and not data.get("region"):
        errors["region_only"] = _("Choose the region whose residents may vote.")
    if data.get("region_only") and data.get("mode") != PollMode.VERIFIED:
        errors["region_only"] = _("Only a verified poll can be limited to the residents of a region.")
    if data.get("allow_change") and data.get("mode") != PollMode.VERIFIED:
        errors["allow_change"] = _("Only votes of verified accounts can be changed.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def poll_create(*, author, data: dict, answers: Sequence[tuple[str, str]]) -> Poll:
    """A new poll with its answers (Russian, Kazakh) and its counters."""
    validate_poll(data, answers)
    fields = {k: v for k, v in data.items() if k not in {"answers_ru", "answers_kk"}}
    if fields.get("kind", ChoiceKind.SINGLE) == ChoiceKind.SINGLE:
        fields["max_choices"] = 1
    poll = Poll.objects.create(author=author, **fields)
    Answer.objects.bulk_create(
        Answer(poll=poll, text_ru=ru.strip(), text_kk=kk.strip(), position=i)
        for i, (ru, kk) in enumerate(answers)
    )
    ensure_shards(poll)
    audit(actor=author, action="polls.create", target=poll, status=poll.status)
    return poll


#: The poll's settings an edit may change (the status changes only through ``poll_set_status``).
EDITABLE_FIELDS = (
    "question_ru", "question_kk", "kind", "max_choices", "allow_other", "region", "topic", "mode",
    "region_only", "allow_change", "results_visibility", "opens_at", "closes_at",
)  # fmt: skip
#: What may still change once someone has voted; anything else would change what they answered.
EDITABLE_AFTER_VOTES = {"closes_at", "topic"}


@transaction.atomic
def poll_update(*, actor, poll: Poll, data: dict, answers: Sequence[tuple[str, str]]) -> Poll:
    """Change a poll's settings and answers (Russian, Kazakh, in order), audit-logged.

    A draft changes freely. Once opened, answers are never removed (a process may still offer
    them to voters). Once someone has voted, only the closing time and the topic change, and
    answers may only be added at the end: rewording one would change what its votes mean."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status == PollStatus.ARCHIVED:
        raise PollError(_("An archived poll cannot be changed."), "archived")
    answers = [(ru.strip(), kk.strip()) for ru, kk in answers]
    merged = {f: getattr(poll, f) for f in EDITABLE_FIELDS} | {
        k: v for k, v in data.items() if k in EDITABLE_FIELDS
    }
    if merged.get("kind", ChoiceKind.SINGLE) == ChoiceKind.SINGLE:
        merged["max_choices"] = 1
    validate_poll(merged, answers)
    existing = list(poll.answers.order_by("position", "id"))
    before = [(a.text_ru, a.text_kk) for a in existing]
    changed = [f for f in EDITABLE_FIELDS if merged[f] != getattr(poll, f)]
    errors = {}
    if Vote.objects.filter(poll=poll).exists():
        if locked := [f for f in changed if f not in EDITABLE_AFTER_VOTES]:
            errors[locked[0]] = _("People have voted: only the closing time and the topic can change.")
        if answers[: len(before)] != before:
            errors["answers_ru"] = _(
                "People have voted: answers cannot be removed or reworded; new ones can be added at the end."
            )
    elif poll.status != PollStatus.DRAFT and len(answers) < len(before):
        errors["answers_ru"] = _("Answers of a poll that has been opened cannot be removed.")
    if errors:
        raise ValidationError(errors)
    for field in changed:
        setattr(poll, field, merged[field])
    if changed:
        poll.save(update_fields=changed)
    for answer, (ru, kk) in zip(existing, answers, strict=False):
        if (answer.text_ru, answer.text_kk) != (ru, kk):
            answer.text_ru, answer.text_kk = ru, kk
            answer.save(update_fields=["text_ru", "text_kk"])
    Answer.objects.bulk_create(
        Answer(poll=poll, text_ru=ru, text_kk=kk, position=len(existing) + i)
        for i, (ru, kk) in enumerate(answers[len(existing) :])
    )
    Answer.objects.filter(pk__in=[a.pk for a in existing[len(answers) :]]).delete()  # drafts only
    ensure_shards(poll)
    from birgemiz.polls.selectors import forget_poll

    transaction.on_commit(lambda: forget_poll(poll))
    answers_changed = answers != before
    audit(
        actor=actor,
        action="polls.update",
        target=poll,
        fields=changed + (["answers"] if answers_changed else []),
        answers_before=before if answers_changed else None,
    )
    return poll


#: status → the statuses it may move to
TRANSITIONS = {
    PollStatus.DRAFT: {PollStatus.OPEN, PollStatus.ARCHIVED},
    PollStatus.OPEN: {PollStatus.CLOSED},
    PollStatus.CLOSED: {PollStatus.OPEN, PollStatus.ARCHIVED},
    PollStatus.ARCHIVED: set(),
}


@transaction.atomic
def poll_set_status(*, actor, poll: Poll, status: str, now=None) -> Poll:
    now = now or timezone.now()
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if status not in TRANSITIONS[poll.status]:
        raise PollError(_("A poll cannot go from this status to that one."), code="transition_not_allowed")
    if status == PollStatus.OPEN and poll.closes_at <= now:
        raise PollError(_("Move the closing time into the future before opening the poll again."), "closed")
    before, poll.status = poll.status, status
    fields = ["status"]
    if status == PollStatus.CLOSED and poll.closes_at > now:
        poll.closes_at = now
        fields.append("closes_at")
    poll.save(update_fields=fields)
    if status == PollStatus.OPEN:
        ensure_shards(poll)
    from birgemiz.polls.selectors import forget_poll

    transaction.on_commit(lambda: forget_poll(poll))
    audit(actor=actor, action="polls.status", target=poll, before=before, after=status)
    return poll


# --- votes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class VoteResult:
    vote_id: int
    changed: bool = False


def refusal_at(status: str, opens_at, closes_at, now) -> str:
    """Why a poll with these fields takes no vote at ``now`` ("" when it does). The group
    statement in ``writer.py`` says the same in SQL."""
    if status == PollStatus.OPEN and opens_at <= now < closes_at:
        return ""
    if status == PollStatus.DRAFT or (status == PollStatus.OPEN and now < opens_at):
        return "not_open_yet"
    return "closed"


def _refused(code: str) -> PollError:
    if code == "not_open_yet":
        return PollError(_("This poll is not open yet."), "not_open_yet")
    return PollError(_("This poll is closed."), "closed")


def _refuse_unless_open_in_database(poll: Poll, now) -> None:
    """The poll's row, not the caller's copy of it (a process keeps polls in memory; another
    process may have closed this one), decides; called inside the vote's transaction."""
    row = Poll.objects.filter(pk=poll.pk).values_list("status", "opens_at", "closes_at").first()
    code = refusal_at(*row, now) if row else "closed"
    if code:
        _forget_stale_copy(poll)
        raise _refused(code)


def _forget_stale_copy(poll: Poll) -> None:
    """Now, not on commit: the vote's transaction is rolled back, the poll's change is not."""
    from birgemiz.polls.selectors import forget_poll

    forget_poll(poll)


def _check(*, poll: Poll, user, answer_ids: Sequence[int], other_text: str, now) -> list[int]:
    """The refusals every vote is checked against, before anything is written (the poll's
    status once more by the database when the vote is written)."""
    if code := refusal_at(poll.status, poll.opens_at, poll.closes_at, now):
        raise _refused(code)
    if poll.mode == PollMode.VERIFIED:
        if not (user is not None and user.is_authenticated and user.is_verified):
            raise PollError(
                _("Only people with a confirmed e-mail address vote in this poll."), "not_verified"
            )
        if poll.region_only and user.region_id != poll.region_id:
            raise PollError(_("Only residents of the poll's region vote in this poll."), "wrong_region")
    chosen = list(dict.fromkeys(int(a) for a in answer_ids))
    if not chosen and not other_text.strip():
        raise PollError(_("Choose an answer."), "empty_choices")
    if other_text.strip() and not poll.allow_other:
        raise PollError(_("This poll has no answer of your own."), "unknown_choice")
    valid = {a.pk for a in poll.answers.all()}
    if any(a not in valid for a in chosen):
        raise PollError(_("This answer is not one of the poll's answers."), "unknown_choice")
    if len(chosen) + (1 if other_text.strip() else 0) > poll.choice_limit:
        raise PollError(
            _("Choose at most %(limit)d answers.") % {"limit": poll.choice_limit}, "too_many_choices"
        )
    return chosen


def _bump(poll: Poll, deltas: dict[int, int], *, voters: int) -> None:
    """Add ``deltas`` (answer id → +1 or -1) to one random counter shard of each answer and
    ``voters`` to one of the poll's voter shards.

    One UPDATE per answer, in answer order, then the voters' row: every writer (this, and the
    group statement in ``writer.py``) locks counter rows in the same order, so concurrent votes
    for several answers wait for each other and never deadlock."""
    shard = random.randrange(SHARDS)
    for answer_id in sorted(a for a, d in deltas.items() if d):
        row = AnswerCount.objects.filter(answer_id=answer_id, shard=shard)
        if not row.update(n=F("n") + deltas[answer_id]):  # an answer added without counters
            ensure_shards(poll)
            row.update(n=F("n") + deltas[answer_id])
    if voters:
        VoterCount.objects.filter(poll=poll, shard=shard).update(n=F("n") + voters)


def vote_cast(
    *, poll: Poll, voter_key: str, user=None, answer_ids: Sequence[int], other_text: str = "", now=None
) -> VoteResult:
    """Count one vote of ``voter_key``; a second one is refused (or changes the first, when the
    poll allows changes). Raises PollError with the API's code."""
    now = now or timezone.now()
    other_text = (other_text or "").strip()[:300]
    chosen = _check(poll=poll, user=user, answer_ids=answer_ids, other_text=other_text, now=now)
    signed_in = user is not None and user.is_authenticated
    row = {
        "poll": poll,
        "voter_key": voter_key,
        "user": user if signed_in else None,
        "region_id": user.region_id if signed_in else None,
        "other_text": other_text,
        "created_at": now,
    }
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # One statement for this vote and whatever other votes this process is casting now.
        from birgemiz.polls.writer import writer

        vote_id = writer.insert(
            {"poll_id": poll.pk, "voter_key": voter_key, "user_id": row["user"].pk if row["user"] else None,
             "region_id": row["region_id"], "other_text": other_text, "created_at": now, "answers": chosen}
        )  # fmt: skip
        if isinstance(vote_id, str):  # the poll's row says it is not open: our copy was stale
            _forget_stale_copy(poll)
            raise _refused(vote_id)
    else:
        vote_id = _insert_vote(row, chosen, now)
    if vote_id is None:
        if poll.allow_change and poll.mode == PollMode.VERIFIED:
            return _vote_change(
                poll=poll, voter_key=voter_key, answer_ids=chosen, other_text=other_text, now=now
            )
        raise PollError(_("You have already voted in this poll."), "already_voted")
    return VoteResult(vote_id=vote_id)


def _insert_vote(row: dict, chosen: list[int], now) -> int | None:
    """The vote, its answers and the counters in one transaction; None if the voter has voted.
    SQLite runs it as an IMMEDIATE transaction (one writer at a time), so the poll read here
    cannot change before the vote is committed."""
    try:
        with transaction.atomic():
            _refuse_unless_open_in_database(row["poll"], now)
            vote = Vote.objects.create(**row)
            VoteChoice.objects.bulk_create(VoteChoice(vote=vote, answer_id=a) for a in chosen)
            _bump(row["poll"], dict.fromkeys(chosen, +1), voters=1)
    except IntegrityError:
        return None
    return vote.pk


@transaction.atomic
def _vote_change(*, poll: Poll, voter_key: str, answer_ids: list[int], other_text: str, now) -> VoteResult:
    _refuse_unless_open_in_database(poll, now)
    vote = Vote.objects.select_for_update().get(poll=poll, voter_key=voter_key)
    before = set(vote.choices.values_list("answer_id", flat=True))
    after = set(answer_ids)
    removed, added = sorted(before - after), sorted(after - before)
    VoteChoice.objects.filter(vote=vote, answer_id__in=removed).delete()
    VoteChoice.objects.bulk_create(VoteChoice(vote=vote, answer_id=a) for a in added)
    _bump(poll, {**dict.fromkeys(removed, -1), **dict.fromkeys(added, +1)}, voters=0)
    if vote.other_text != other_text:
        vote.other_text = other_text
        vote.save(update_fields=["other_text"])
    return VoteResult(vote_id=vote.pk, changed=True)


def has_voted(poll: Poll, voter_key: str | None) -> bool:
    return bool(voter_key) and Vote.objects.filter(poll=poll, voter_key=voter_key).exists()


# --- reconciliation -------------------------------------------------------------------------
@dataclass(frozen=True)
class Drift:
    poll_id: int
    answer_id: int | None  # None: the voters' counter
    counted: int
    actual: int


def reconcile(poll: Poll, *, fix: bool = False) -> list[Drift]:
    """Compare the counters with the votes table and report any drift; with ``fix``, put the
    true figures in shard 0.

    A report locks nothing (votes go on meanwhile): each comparison is one statement, so it sees
    one moment of the database, and a vote (its row and its counters in one transaction) is
    either wholly in it or not. The fix locks the counter rows first, in the order votes lock
    them (answers by id and shard, then the voters'), so a vote arriving meanwhile waits and then
    adds its one to the corrected figure."""
    if not fix:
        return _drifts(poll)
    with transaction.atomic():
        ensure_shards(poll)
        locked = AnswerCount.objects.select_for_update().filter(poll=poll).order_by("answer_id", "shard")
        list(locked.values_list("pk"))
        list(VoterCount.objects.select_for_update().filter(poll=poll).order_by("shard").values_list("pk"))
        drifts = _drifts(poll)
        for d in drifts:
            if d.answer_id is None:
                VoterCount.objects.filter(poll=poll).update(n=0)
                VoterCount.objects.filter(poll=poll, shard=0).update(n=d.actual)
            else:
                AnswerCount.objects.filter(answer_id=d.answer_id).update(n=0)
                AnswerCount.objects.filter(answer_id=d.answer_id, shard=0).update(n=d.actual)
    return drifts


def _drifts(poll: Poll) -> list[Drift]:
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    def total(qs, by: str, aggregate):
        return Coalesce(
            Subquery(qs.values(by).annotate(t=aggregate).values("t"), output_field=IntegerField()), Value(0)
        )

    answers = Answer.objects.filter(poll=poll).annotate(
        counted=total(AnswerCount.objects.filter(answer=OuterRef("pk")), "answer", Sum("n")),
        actual=total(VoteChoice.objects.filter(answer=OuterRef("pk")), "answer", Count("id")),
    )
    drifts = [
        Drift(poll.pk, pk, counted, actual)
        for pk, counted, actual in answers.order_by("pk").values_list("pk", "counted", "actual")
        if counted != actual
    ]
    counted, actual = (
        Poll.objects.filter(pk=poll.pk)
        .annotate(
            counted=total(VoterCount.objects.filter(poll=OuterRef("pk")), "poll", Sum("n")),
            actual=total(Vote.objects.filter(poll=OuterRef("pk")), "poll", Count("id")),
        )
        .values_list("counted", "actual")
        .get()
    )
    if counted != actual:
        drifts.append(Drift(poll.pk, None, counted, actual))
    return drifts
