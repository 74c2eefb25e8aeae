"""A hidden proposal: nobody who may not see it can follow it or hear of it."""

import pytest
from django.core import mail
from django.urls import reverse

from birgemiz.proposals import services
from birgemiz.proposals.choices import Status
from birgemiz.proposals.models import Follow, Notification
from birgemiz.proposals.services import ProposalError


@pytest.fixture
def hidden(moderator, proposal):
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Персональные данные")
    proposal.refresh_from_db()
    return proposal


def test_outsider_cannot_follow_a_hidden_proposal(client, outsider, hidden):
    client.force_login(outsider)
    assert client.post(reverse("proposals:follow", args=[hidden.pk])).status_code == 404
    assert not Follow.objects.filter(user=outsider).exists()
    with pytest.raises(ProposalError) as error:
        services.follow(user=outsider, proposal=hidden)
    assert error.value.code == "not_found"
    assert not Follow.objects.filter(user=outsider).exists()


def test_those_who_may_see_it_still_follow_and_unfollow(
    client, official, moderator, outsider, proposal, hidden
):
    client.force_login(official)
    assert client.post(reverse("proposals:follow", args=[hidden.pk])).status_code == 302
    assert Follow.objects.filter(user=official, proposal=hidden).exists()
    client.post(reverse("proposals:follow", args=[hidden.pk]), {"unfollow": "1"})
    assert not Follow.objects.filter(user=official, proposal=hidden).exists()


def test_followers_who_lost_sight_of_it_are_not_told(
    citizen, official, moderator, outsider, proposal, django_capture_on_commit_callbacks
):
    services.follow(user=outsider, proposal=proposal)
    services.follow(user=moderator, proposal=proposal)
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Персональные данные")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.ANSWERED, text="Ответ по существу."
        )
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert told == {citizen.email, moderator.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([citizen.email, moderator.email])


def test_earlier_notices_stop_showing_a_hidden_proposal(
    client, official, moderator, outsider, proposal, django_capture_on_commit_callbacks
):
    services.follow(user=outsider, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_change_status(
            actor=official, proposal=proposal, to_status=Status.UNDER_CONSIDERATION, text="Изучаем."
        )
    client.force_login(outsider)
    assert proposal.title in client.get(reverse("proposals:notifications")).content.decode()
    services.proposal_hide(actor=moderator, proposal=proposal, reason="Персональные данные")
    page = client.get(reverse("proposals:notifications")).content.decode()
    assert proposal.title not in page and "Изучаем." not in page
