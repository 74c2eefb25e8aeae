import pytest
from django.contrib.auth import get_user_model

from birgemiz.core.registry import registry
from birgemiz.polls import demo, selectors, services
from birgemiz.polls.choices import PollStatus
from birgemiz.polls.models import Poll, Vote

pytestmark = pytest.mark.django_db


def test_the_road_poll_is_the_seed_counts_as_votes_of_generated_accounts(admin):
    assert registry.demo_loaders["polls"][1] is demo.load_demo_polls
    demo.load_demo_polls()
    road = Poll.objects.get(question_ru=demo.ROAD_QUESTION_RU)
    result = selectors.results(road)
    assert road.status == PollStatus.CLOSED and road.region.slug == "karaganda"
    assert [r.count for r in result.rows] == [304, 49, 332, 43] and result.voters == 728
    assert [r.percent for r in result.rows] == [42, 7, 45, 6]
    assert not Vote.objects.filter(poll=road, user__isnull=True).exists()
    assert not Vote.objects.filter(poll=road).exclude(voter_key__startswith="u:").exists()
    voters = get_user_model().objects.filter(email__endswith="@demo.birgemiz.invalid")
    assert voters.count() == 728
    assert not any(u.has_usable_password() or u.is_active for u in voters)
    assert Poll.objects.filter(status=PollStatus.OPEN).count() == 2
    assert services.reconcile(road) == []

    demo.load_demo_polls()  # again: nothing new
    assert Poll.objects.count() == 3 and voters.count() == 728
    assert Vote.objects.filter(poll=road).count() == 728
    selectors.forget_counts(road)
    assert [r.count for r in selectors.results(road).rows] == [304, 49, 332, 43]


def test_an_older_demo_with_made_up_browser_keys_is_replaced(admin):
    demo.load_demo_polls()
    road = Poll.objects.get(question_ru=demo.ROAD_QUESTION_RU)
    Vote.objects.filter(poll=road).delete()
    first = road.answers.first()
    for i in range(3):
        vote = Vote.objects.create(poll=road, voter_key=f"c:demo-0-{i}")
        vote.choices.create(answer=first)
    demo.load_demo_polls()
    assert not Vote.objects.filter(poll=road, voter_key__startswith="c:").exists()
    selectors.forget_counts(road)
    assert [r.count for r in selectors.results(road).rows] == [304, 49, 332, 43]
