"""/api/v1/proposals: the same rules as the pages, with stable error codes."""

import datetime as dt

import pytest

from birgemiz.core.testing import UnverifiedUserFactory, make_api_token
from birgemiz.proposals.tests.factories import make_proposal

pytestmark = pytest.mark.django_db


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {make_api_token(user)[1]}"}


def post(client, url, payload, user=None):
    return client.post(url, payload, content_type="application/json", **(_auth(user) if user else {}))


@pytest.mark.parametrize("n", [3, 30])
def test_list_filters_and_bounded_queries(
    client, citizen, body, other_body, n, django_assert_max_num_queries
):
    for _i in range(n):
        make_proposal(author=citizen, addressee=body)
    make_proposal(author=citizen, addressee=other_body, received=dt.date(2025, 2, 3))
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/proposals").json()
    assert data["count"] == n + 1
    overdue = client.get("/api/v1/proposals?overdue=true").json()
    assert [p["addressee"] for p in overdue["items"]] == [other_body.slug] and overdue["items"][0]["overdue"]
    assert client.get(f"/api/v1/proposals?body={body.slug}").json()["count"] == n
    assert client.get("/api/v1/proposals?status=nonsense").status_code == 422


def test_submit_detail_and_timeline(client, citizen, body):
    r = post(
        client,
        "/api/v1/proposals",
        {
            "title": "Диалоговая площадка",
            "text": "Создать площадку диалога НКО и госорганов.",
            "addressee": body.slug,
        },
        citizen,
    )  # noqa: E501
    assert r.status_code == 201, r.content
    detail = client.get(f"/api/v1/proposals/{r.json()['id']}").json()
    assert detail["status"] == "received" and detail["timeline"][0]["kind"] == "submitted"
    r = post(
        client,
        "/api/v1/proposals",
        {"title": "X", "text": "Текст предложения длинный.", "addressee": body.slug},
        UnverifiedUserFactory(),
    )  # noqa: E501
    assert (r.status_code, r.json()["code"]) == (403, "not_verified")
    r = post(client, "/api/v1/proposals", {"title": "X", "text": "y", "addressee": body.slug})
    assert r.status_code == 401


def test_support_codes(client, citizen, outsider, proposal):
    url = f"/api/v1/proposals/{proposal.pk}/support"
    assert post(client, url, {}, outsider).json() == {"supports": 1, "supported": True}
    r = post(client, url, {}, outsider)
    assert (r.status_code, r.json()["code"]) == (409, "already_supported")
    r = client.delete(url, **_auth(outsider))
    assert r.json() == {"supports": 0, "supported": False}
    r = post(client, url, {}, UnverifiedUserFactory())
    assert r.json()["code"] == "not_verified"


def test_status_change_codes(client, official, other_official, other_body, citizen, proposal):
    url = f"/api/v1/proposals/{proposal.pk}/status"
    r = post(client, url, {"to_status": "answered", "text": ""}, official)
    assert (r.status_code, r.json()["code"]) == (422, "answer_required")
    r = post(client, url, {"to_status": "implemented", "text": "x"}, official)
    assert (r.status_code, r.json()["code"]) == (409, "transition_not_allowed")
    r = post(client, url, {"to_status": "answered", "text": "Ответ"}, other_official)
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = post(client, url, {"to_status": "answered", "text": "Ответ"}, citizen)
    assert r.status_code == 403
    r = post(
        client,
        url,
        {"to_status": "forwarded", "text": "По компетенции", "forward_to": other_body.slug},
        official,
    )
    assert r.status_code == 200 and r.json()["addressee"] == other_body.slug
    assert [e["to_status"] for e in r.json()["timeline"]] == ["received", "forwarded"]


@pytest.mark.parametrize(
    "payload",
    [
        {"to_status": "implemented", "text": "x"},  # not in the table
        {"to_status": "answered", "text": ""},  # no public text
        {"to_status": "forwarded", "text": "x", "forward_to": "no-such-body"},  # unknown body
        {"to_status": "forwarded", "text": ""},
    ],
)
def test_outsiders_get_403_before_any_other_check(client, outsider, other_official, proposal, payload):
    url = f"/api/v1/proposals/{proposal.pk}/status"
    for user in (outsider, other_official):
        r = post(client, url, payload, user)
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    proposal.refresh_from_db()
    assert proposal.status == "received"


def test_service_checks_the_person_before_the_table_and_the_text(citizen, other_official, proposal):
    from birgemiz.proposals import services
    from birgemiz.proposals.services import ProposalError

    for to_status, text in (("implemented", "x"), ("answered", "")):
        with pytest.raises(ProposalError) as error:
            services.proposal_change_status(
                actor=other_official, proposal=proposal, to_status=to_status, text=text
            )
        assert error.value.code == "forbidden"


def test_list_count_is_exact_and_follows_a_new_proposal(
    client, citizen, body, django_capture_on_commit_callbacks
):
    from birgemiz.events.tests.factories import EventFactory
    from birgemiz.proposals import services

    make_proposal(author=citizen, addressee=body)
    forum = EventFactory(slug="forum-ix")
    make_proposal(author=citizen, addressee=body, origin="event", origin_event=forum)
    data = client.get("/api/v1/proposals").json()
    assert data["count"] == 2
    assert sorted(p["event"] or "" for p in data["items"]) == ["", "forum-ix"]
    assert {p["addressee_name"] for p in data["items"]} == {body.short_name}
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(
            author=citizen, addressee=body, title="Ещё одно", text="Текст ещё одного предложения."
        )
    assert client.get("/api/v1/proposals").json()["count"] == 3
