import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from birgemiz.core.testing import UserFactory
from birgemiz.polls import selectors, services
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus
from birgemiz.polls.models import AnswerCount, Vote, VoterCount
from birgemiz.polls.tests.factories import make_poll

pytestmark = pytest.mark.django_db


def counts(poll):
    selectors.forget_counts(poll)
    r = selectors.results(poll)
    return [row.count for row in r.rows], r.voters


def test_a_vote_is_counted_once_per_voter(poll, answers):
    services.vote_cast(poll=poll, voter_key="c:a", answer_ids=[answers[0].pk])
    services.vote_cast(poll=poll, voter_key="c:b", answer_ids=[answers[1].pk])
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(poll=poll, voter_key="c:a", answer_ids=[answers[2].pk])
    assert refused.value.code == "already_voted" and refused.value.status == 409
    assert counts(poll) == ([1, 1, 0], 2)
    assert Vote.objects.filter(poll=poll).count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": PollStatus.CLOSED}, "closed"),
        ({"status": PollStatus.DRAFT}, "not_open_yet"),
        ({"opens_at": timezone.now() + dt.timedelta(days=1)}, "not_open_yet"),
        (
            {
                "closes_at": timezone.now() - dt.timedelta(minutes=1),
                "opens_at": timezone.now() - dt.timedelta(days=1),
            },
            "closed",
        ),
    ],
)
def test_closed_and_future_polls_refuse_and_count_nothing(editor, change, code):
    poll = make_poll(editor, **change)
    answer = poll.answers.first()
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(poll=poll, voter_key="c:x", answer_ids=[answer.pk])
    assert refused.value.code == code
    assert counts(poll) == ([0, 0, 0], 0) and not Vote.objects.exists()


def test_bad_choices_are_refused(editor):
    poll = make_poll(editor, kind=ChoiceKind.MULTIPLE, max_choices=2, answers=4)
    other_poll = make_poll(editor)
    a = [x.pk for x in poll.answers.all()]
    for choices, code in [
        ([], "empty_choices"),
        ([a[0], a[1], a[2]], "too_many_choices"),
        ([other_poll.answers.first().pk], "unknown_choice"),
        ([999999], "unknown_choice"),
    ]:
        with pytest.raises(services.PollError) as refused:
            services.vote_cast(poll=poll, voter_key="c:x", answer_ids=choices)
        assert refused.value.code == code
    services.vote_cast(poll=poll, voter_key="c:x", answer_ids=[a[0], a[3], a[0]])  # a repeat is one choice
    assert counts(poll) == ([1, 0, 0, 1], 1)


def test_single_choice_takes_one_answer(poll, answers):
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(poll=poll, voter_key="c:x", answer_ids=[answers[0].pk, answers[1].pk])
    assert refused.value.code == "too_many_choices"


def test_other_answer_counts_toward_the_limit_and_needs_the_option(editor):
    poll = make_poll(editor, allow_other=True)
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[], other_text="Свой вариант")
    assert Vote.objects.get(poll=poll).other_text == "Свой вариант"
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(
            poll=poll, voter_key="c:2", answer_ids=[poll.answers.first().pk], other_text="И это"
        )
    assert refused.value.code == "too_many_choices"
    plain = make_poll(editor)
    with pytest.raises(services.PollError):
        services.vote_cast(poll=plain, voter_key="c:3", answer_ids=[], other_text="нет такого")


def test_verified_poll_needs_a_verified_account_and_the_region(editor, citizen):
    from birgemiz.geo.models import Region

    karaganda = Region.objects.get(slug="karaganda")
    poll = make_poll(editor, mode=PollMode.VERIFIED, region=karaganda, region_only=True)
    answer = poll.answers.first()
    unverified = UserFactory(email_verified_at=None, region=karaganda)
    for user, code in [(None, "not_verified"), (unverified, "not_verified")]:
        with pytest.raises(services.PollError) as refused:
            services.vote_cast(poll=poll, voter_key="u:x", user=user, answer_ids=[answer.pk])
        assert refused.value.code == code
    citizen.region = Region.objects.get(slug="pavlodar")
    with pytest.raises(services.PollError) as refused:
        services.vote_cast(poll=poll, voter_key=f"u:{citizen.pk}", user=citizen, answer_ids=[answer.pk])
    assert refused.value.code == "wrong_region"
    resident = UserFactory(region=karaganda)
    services.vote_cast(poll=poll, voter_key=f"u:{resident.pk}", user=resident, answer_ids=[answer.pk])
    assert counts(poll) == ([1, 0, 0], 1)
    assert Vote.objects.get(poll=poll).region == karaganda


def test_a_vote_can_be_changed_only_when_the_poll_allows_it(editor, citizen):
    poll = make_poll(editor, mode=PollMode.VERIFIED, allow_change=True)
    a = [x.pk for x in poll.answers.all()]
    key = f"u:{citizen.pk}"
    services.vote_cast(poll=poll, voter_key=key, user=citizen, answer_ids=[a[0]])
    result = services.vote_cast(poll=poll, voter_key=key, user=citizen, answer_ids=[a[2]])
    assert result.changed and counts(poll) == ([0, 0, 1], 1)
    assert services.reconcile(poll) == []


def test_poll_rules_are_checked_with_clear_messages(editor):
    now = timezone.now()
    bad = [
        ({"closes_at": now - dt.timedelta(days=1)}, "closes_at"),
        ({"question_ru": "", "question_kk": ""}, "question_ru"),
        ({"kind": ChoiceKind.MULTIPLE, "max_choices": 5}, "max_choices"),
        ({"region_only": True}, "region_only"),
        ({"allow_change": True}, "allow_change"),
    ]
    for data, field in bad:
        with pytest.raises(ValidationError) as refused:
            make_poll(editor, opens_at=now, **data)
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.poll_create(
            author=editor,
            data={"question_ru": "?", "closes_at": now + dt.timedelta(1)},
            answers=[("one", "")],
        )


def test_status_changes_follow_the_table(poll, editor):
    services.poll_set_status(actor=editor, poll=poll, status=PollStatus.CLOSED)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.closes_at <= timezone.now()
    with pytest.raises(services.PollError) as refused:
        services.poll_set_status(actor=editor, poll=poll, status=PollStatus.DRAFT)
    assert refused.value.code == "transition_not_allowed"


def test_reconcile_reports_and_fixes_drift(poll, answers):
    for i in range(5):
        services.vote_cast(poll=poll, voter_key=f"c:{i}", answer_ids=[answers[i % 2].pk])
    AnswerCount.objects.filter(answer=answers[0], shard=3).update(n=100)
    VoterCount.objects.filter(poll=poll, shard=1).update(n=-2)
    out = io.StringIO()
    call_command("reconcile_poll_counts", stdout=out)
    report = out.getvalue()
    assert "2 drift(s) found" in report
    assert (
        f"answer {answers[0].pk}: counted " in report and "votes say 3" in report and "votes say 5" in report
    )
    call_command("reconcile_poll_counts", "--fix", stdout=io.StringIO())
    assert services.reconcile(poll) == []
    assert counts(poll) == ([3, 2, 0], 5)


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_percentages_add_up_to_100(values):
    shares = selectors.largest_remainder(values)
    assert len(shares) == len(values)
    if sum(values):
        assert sum(shares) == 100
        for value, share in zip(values, shares, strict=True):
            assert abs(share - value * 100 / sum(values)) < 1
    else:
        assert shares == [0] * len(values)


def test_seed_counts_give_the_seed_percentages():
    assert selectors.largest_remainder([304, 49, 332, 43]) == [42, 7, 45, 6]


def test_a_reconciliation_report_locks_nothing_and_a_fix_locks(poll, answers, monkeypatch):
    from django.db.models import QuerySet

    locking = []
    original = QuerySet.select_for_update

    def recording(self, *args, **kwargs):
        locking.append(self.model.__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", recording)
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[answers[0].pk])
    AnswerCount.objects.filter(answer=answers[1], shard=2).update(n=4)
    locking.clear()
    assert [(d.answer_id, d.counted, d.actual) for d in services.reconcile(poll)] == [(answers[1].pk, 4, 0)]
    assert locking == []
    services.reconcile(poll, fix=True)
    assert locking == ["AnswerCount", "VoterCount"] and services.reconcile(poll) == []
