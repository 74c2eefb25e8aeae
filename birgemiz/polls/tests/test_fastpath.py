"""The lean WSGI path for anonymous open-poll votes answers like the API, and hands everything
else to Django."""

import io
import json

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from birgemiz.polls import fastpath, services
from birgemiz.polls.choices import PollMode, PollStatus
from birgemiz.polls.models import Vote
from birgemiz.polls.tests.factories import make_poll
from birgemiz.polls.voters import COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The test runs inside a transaction; the path's connection housekeeping would close it.
    monkeypatch.setattr(fastpath, "close_old_connections", lambda: None)


def call(poll_id, payload, cookie="", **extra):
    body = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/api/v1/polls/{poll_id}/vote",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "HTTP_COOKIE": cookie,
        **extra,
    }
    seen = {}

    def django_app(env, start_response):
        seen["django"] = env["wsgi.input"].read()
        start_response("418 I'm a teapot", [])
        return [b""]

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, headers

    chunks = fastpath.with_vote_fast_path(django_app)(environ, start_response)
    return seen, b"".join(chunks)


def test_an_anonymous_vote_is_counted_once_with_a_signed_cookie(poll, answers):
    seen, body = call(poll.pk, {"choices": [answers[0].pk]})
    assert seen["status"].startswith("201") and json.loads(body)["changed"] is False
    cookie = next(v for k, v in seen["headers"] if k == "Set-Cookie" and v.strip().startswith(COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    again, body = call(poll.pk, {"choices": [answers[1].pk]}, cookie=cookie.strip().split(";")[0])
    assert again["status"].startswith("409") and json.loads(body)["code"] == "already_voted"
    assert Vote.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize(
    ("payload", "code"), [({"choices": []}, "empty_choices"), ({"choices": [424242]}, "unknown_choice")]
)
def test_refusals_carry_the_api_codes(poll, payload, code):
    seen, body = call(poll.pk, payload)
    assert seen["status"].startswith("400") and json.loads(body)["code"] == code
    assert not Vote.objects.exists()


def test_a_tampered_cookie_is_refused(poll, answers):
    seen, body = call(poll.pk, {"choices": [answers[0].pk]}, cookie=f"{COOKIE}=forged:value:sig")
    assert json.loads(body)["code"] == "bad_cookie" and not Vote.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [{"HTTP_AUTHORIZATION": "Bearer abc"}, {"HTTP_COOKIE": "sessionid=abc"}, {"REQUEST_METHOD": "GET"}],
)
def test_signed_in_callers_and_other_requests_go_to_django(poll, answers, extra):
    seen, _body = call(poll.pk, {"choices": [answers[0].pk]}, **extra)
    assert seen["status"].startswith("418") and not Vote.objects.exists()


def test_verified_polls_unknown_polls_and_malformed_bodies_go_to_django(editor):
    verified = make_poll(editor, mode=PollMode.VERIFIED)
    for poll_id, payload in [
        (verified.pk, {"choices": [1]}),
        (987654, {"choices": [1]}),
        (verified.pk, b"{not json"),
    ]:
        seen, _body = call(poll_id, payload)
        assert seen["status"].startswith("418")
        assert seen["django"] == (payload if isinstance(payload, bytes) else json.dumps(payload).encode())


def test_closing_a_poll_reaches_the_poll_kept_in_memory(
    poll, answers, editor, django_capture_on_commit_callbacks
):
    first, _ = call(poll.pk, {"choices": [answers[0].pk]})
    assert first["status"].startswith("201")  # the poll is now kept in this process
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_set_status(actor=editor, poll=poll, status=PollStatus.CLOSED)
    refused, body = call(poll.pk, {"choices": [answers[0].pk]})
    assert refused["status"].startswith("409") and json.loads(body)["code"] == "closed"
    assert Vote.objects.filter(poll=poll).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_while_idle_is_replaced_and_the_vote_counted(editor):
    """The path skips Django's per-request ping; PostgreSQL dropping the kept connection (a
    restart) costs the next voter nothing."""
    poll = make_poll(editor)
    answer = poll.answers.first().pk
    assert call(poll.pk, {"choices": [answer]})[0]["status"].startswith("201")
    backend = connection.connection.info.backend_pid
    with psycopg.connect(_dsn(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])
    seen, _ = call(poll.pk, {"choices": [answer]})
    assert seen["status"].startswith("201")
    assert connection.connection.info.backend_pid != backend
    assert Vote.objects.filter(poll=poll).count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_vote_statement_is_prepared_once_and_still_logged(editor):
    poll = make_poll(editor)
    answer = poll.answers.first().pk
    with CaptureQueriesContext(connection) as queries:
        for n in range(3):
            services.vote_cast(poll=poll, voter_key=f"c:prepared-{n}", answer_ids=[answer])
    # Counted like any query (the text of a prepared statement is not kept by psycopg).
    assert sum(not (q["sql"] or "").startswith("SELECT") for q in queries) == 3
    prepared = connection.connection._prepared._names  # psycopg's statements of this connection
    assert sum(b"polls_vote" in key[0] for key in prepared) == 1


def _dsn() -> str:
    settings = connection.settings_dict
    return (
        f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} "
        f"dbname={settings['NAME']}"
    )


@pytest.mark.parametrize("path", ["fast", "api"])
@pytest.mark.parametrize(
    ("change", "code"),
    [({"status": PollStatus.CLOSED}, "closed"), ({"opens_at_in": 2}, "not_open_yet")],
)
def test_a_poll_closed_behind_the_memo_refuses_votes(client, poll, answers, path, change, code):
    """Without a shared cache (local memory per worker), the poll kept in a worker's memory does
    not learn that another worker closed it: the poll's row decides."""
    import datetime as dt

    from django.utils import timezone

    from birgemiz.polls import selectors
    from birgemiz.polls.models import Poll

    def cast(choice):
        if path == "fast":
            seen, body = call(poll.pk, {"choices": [choice]})
            return int(seen["status"][:3]), json.loads(body)
        response = client.post(
            f"/api/v1/polls/{poll.pk}/vote", {"choices": [choice]}, content_type="application/json"
        )
        client.cookies.clear()
        return response.status_code, response.json()

    assert cast(answers[0].pk)[0] == 201  # the poll is now kept in this process
    if "opens_at_in" in change:
        change = {"opens_at": timezone.now() + dt.timedelta(hours=change["opens_at_in"])}
    Poll.objects.filter(pk=poll.pk).update(**change)  # another worker: no version bump here
    assert selectors.poll_for_vote(poll.pk).is_open()  # the stale copy still says open
    status, body = cast(answers[1].pk)
    assert (status, body["code"]) == (409, code)
    assert Vote.objects.filter(poll=poll).count() == 1
    assert not selectors.poll_for_vote(poll.pk).is_open()  # the refusal dropped the stale copy


def test_a_poll_opened_elsewhere_is_not_refused_by_a_copy_that_remembers_it_closed(poll, answers):
    from birgemiz.polls import selectors
    from birgemiz.polls.models import Poll

    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.CLOSED)
    selectors.forget_poll(poll)
    assert not selectors.poll_for_vote(poll.pk).is_open()
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.OPEN)  # reopened by another worker
    seen, _body = call(poll.pk, {"choices": [answers[0].pk]})
    assert seen["status"].startswith("201")


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, 403, "cross_site"),
        ({"HTTP_ORIGIN": "null"}, 403, "cross_site"),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403, "cross_site"),
        ({"CONTENT_TYPE": "text/plain"}, 415, "unsupported_media_type"),
        ({"CONTENT_TYPE": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
    ],
)
def test_other_websites_cannot_make_a_browser_vote_here(poll, answers, extra, status, code):
    seen, body = call(poll.pk, {"choices": [answers[0].pk]}, **extra)
    assert seen["status"].startswith(str(status)) and json.loads(body)["code"] == code
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"CONTENT_TYPE": "application/json; charset=utf-8"},
    ],
)
def test_votes_from_our_own_pages_are_taken(poll, answers, extra):
    seen, _body = call(poll.pk, {"choices": [answers[0].pk]}, **extra)
    assert seen["status"].startswith("201") and Vote.objects.count() == 1
