import datetime as dt

import pytest
from django.utils import timezone

from birgemiz.core.testing import make_api_token
from birgemiz.polls.choices import PollMode, PollStatus, ResultsVisibility
from birgemiz.polls.models import Vote
from birgemiz.polls.tests.factories import make_poll

pytestmark = pytest.mark.django_db


def post_vote(client, poll, choices, **headers):
    return client.post(
        f"/api/v1/polls/{poll.pk}/vote",
        {"choices": choices},
        content_type="application/json",
        headers=headers,
    )


def test_list_and_detail(client, poll, answers, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        items = client.get("/api/v1/polls").json()["items"]
    assert [p["id"] for p in items] == [poll.pk] and len(items[0]["answers"]) == 3
    for _ in range(10):
        make_poll(poll.author)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/polls").json()["items"]) == 11
    detail = client.get(f"/api/v1/polls/{poll.pk}").json()
    assert detail["voters"] == 0 and [r["percent"] for r in detail["results"]] == [0, 0, 0]


def test_vote_then_repeat_is_409(client, poll, answers):
    first = post_vote(client, poll, [answers[0].pk])
    assert first.status_code == 201
    again = post_vote(client, poll, [answers[1].pk])
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    detail = client.get(f"/api/v1/polls/{poll.pk}").json()
    assert detail["voters"] == 1 and detail["results"][0]["percent"] == 100


@pytest.mark.parametrize(
    ("make", "choices", "status", "code"),
    [
        ({"status": PollStatus.CLOSED}, "first", 409, "closed"),
        ({"opens_at": timezone.now() + dt.timedelta(hours=2)}, "first", 409, "not_open_yet"),
        ({}, "two", 400, "too_many_choices"),
        ({}, [], 400, "empty_choices"),
        ({}, [987654], 400, "unknown_choice"),
        ({"mode": PollMode.VERIFIED}, "first", 403, "not_verified"),
    ],
)
def test_refusals_have_codes_and_count_nothing(client, editor, make, choices, status, code):
    poll = make_poll(editor, **make)
    ids = [a.pk for a in poll.answers.all()]
    payload = (
        {"first": ids[:1], "two": ids[:2]}.get(choices, choices) if isinstance(choices, str) else choices
    )
    response = post_vote(client, poll, payload)
    assert response.status_code == status and response.json()["code"] == code
    assert not Vote.objects.exists()


def test_wrong_region_for_a_token_user(client, editor, citizen):
    from birgemiz.geo.models import Region

    citizen.region = Region.objects.get(slug="pavlodar")
    citizen.save(update_fields=["region"])
    poll = make_poll(
        editor, mode=PollMode.VERIFIED, region=Region.objects.get(slug="karaganda"), region_only=True
    )
    _token, secret = make_api_token(citizen)
    response = post_vote(client, poll, [poll.answers.first().pk], Authorization=f"Bearer {secret}")
    assert response.status_code == 403 and response.json()["code"] == "wrong_region"


def test_hidden_results_are_null_until_voting(client, editor):
    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_CLOSE)
    assert client.get(f"/api/v1/polls/{poll.pk}").json()["results"] is None
    assert client.get("/api/v1/polls/99999").status_code == 404


def test_drafts_are_not_listed(client, editor):
    make_poll(editor, status=PollStatus.DRAFT)
    assert client.get("/api/v1/polls").json()["items"] == []


def test_anonymous_open_vote_needs_no_csrf_but_a_signed_in_session_does(editor, citizen, poll, answers):
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    assert post_vote(anonymous, poll, [answers[0].pk]).status_code == 201
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(citizen)
    assert post_vote(signed_in, poll, [answers[0].pk]).status_code == 403
    assert Vote.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize(
    ("content_type", "headers", "status", "code"),
    [
        ("application/json", {"Origin": "https://evil.example"}, 403, "cross_site"),
        ("application/json", {"Sec-Fetch-Site": "cross-site"}, 403, "cross_site"),
        ("text/plain", {}, 415, "unsupported_media_type"),
        ("application/x-www-form-urlencoded", {}, 400, "bad_request"),  # not JSON: not parsed
        ("application/json", {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, 201, None),
    ],
)
def test_cross_site_and_non_json_votes_are_refused(
    client, poll, answers, content_type, headers, status, code
):
    import json

    body = json.dumps({"choices": [answers[0].pk]})
    if content_type.endswith("urlencoded"):
        body = f"choices={answers[0].pk}"
    response = client.post(f"/api/v1/polls/{poll.pk}/vote", body, content_type=content_type, headers=headers)
    assert response.status_code == status
    if code:
        assert response.json()["code"] == code and not Vote.objects.exists()
    else:
        assert Vote.objects.count() == 1
