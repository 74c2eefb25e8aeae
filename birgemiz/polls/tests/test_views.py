import datetime as dt

import pytest
from django.utils import timezone

from birgemiz.polls import selectors
from birgemiz.polls.choices import PollMode, PollStatus, ResultsVisibility
from birgemiz.polls.models import Poll, Vote
from birgemiz.polls.tests.factories import make_poll
from birgemiz.polls.voters import COOKIE

pytestmark = pytest.mark.django_db


def vote(client, poll, *choices, htmx=False, next_url=None, **extra):
    data = {"choice": [str(c) for c in choices], "next": next_url or poll.get_absolute_url(), **extra}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/ru/polls/{poll.pk}/vote/", data, headers=headers)


def test_plain_form_vote_redirects_back_and_sets_a_signed_http_only_cookie(client, poll, answers):
    response = vote(client, poll, answers[1].pk, next_url="/ru/regions/karaganda/")
    assert response.status_code == 302 and response["Location"] == "/ru/regions/karaganda/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert Vote.objects.filter(poll=poll).count() == 1
    again = vote(client, poll, answers[0].pk)
    assert again.status_code == 302
    assert Vote.objects.filter(poll=poll).count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "Вы уже голосовали в этом опросе." in page


def test_next_must_stay_on_this_site(client, poll, answers):
    response = vote(client, poll, answers[0].pk, next_url="https://evil.example/")
    assert response["Location"] == poll.get_absolute_url()


def test_htmx_vote_returns_the_widget_with_results(client, poll, answers):
    response = vote(client, poll, answers[0].pk, htmx=True)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="poll-{poll.pk}"' in html
    assert "Спасибо, ваш голос учтён." in html and "100&nbsp;%" in html
    refused = vote(client, poll, answers[0].pk, htmx=True).content.decode()
    assert 'role="alert"' in refused and "Вы уже голосовали" in refused


def test_a_tampered_cookie_is_refused_and_nothing_is_counted(client, poll, answers):
    vote(client, poll, answers[0].pk)
    value = client.cookies[COOKIE].value
    client.cookies[COOKIE] = value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb")
    response = vote(client, poll, answers[0].pk, htmx=True)
    assert "повреждённый" in response.content.decode()
    assert Vote.objects.filter(poll=poll).count() == 1


def test_open_votes_are_rate_limited_per_address(client, poll, answers, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "poll_vote": (2, 60)}
    for _ in range(2):
        client.cookies.clear()
        vote(client, poll, answers[0].pk)
    client.cookies.clear()
    html = vote(client, poll, answers[0].pk, htmx=True).content.decode()
    assert "Слишком много голосов" in html
    assert Vote.objects.filter(poll=poll).count() == 2


def test_results_after_voting_are_hidden_before(client, editor):
    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_VOTE)
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "poll-bars" not in html and "Результаты будут видны после вашего голоса." in html
    assert client.get(f"/ru/polls/{poll.pk}/results.csv").status_code == 403
    vote(client, poll, poll.answers.first().pk)
    assert "poll-bars" in client.get(poll.get_absolute_url()).content.decode()


def test_live_results_answer_304_when_nothing_changed(client, poll, answers):
    url = f"/ru/polls/{poll.pk}/results/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    vote(client, poll, answers[0].pk)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "1 человек проголосовал" in changed.content.decode()


def test_csv_export_of_aggregated_results(client, poll, answers):
    vote(client, poll, answers[2].pk)
    response = client.get(f"/ru/polls/{poll.pk}/results.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Ответ 3,1,100" in text and "Ответ 1,0,0" in text


def test_drafts_are_hidden_from_the_public(client, editor):
    poll = make_poll(editor, status=PollStatus.DRAFT)
    assert client.get(poll.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(poll.get_absolute_url()).status_code == 200


def test_verified_poll_asks_to_sign_in(client, editor):
    poll = make_poll(editor, mode=PollMode.VERIFIED)
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "Войти" in html and 'name="choice"' not in html
    response = vote(client, poll, poll.answers.first().pk, htmx=True)
    assert "подтверждённым адресом" in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("user_name", ["editor", "official", "citizen", "outsider", None])
def test_who_may_create_a_poll(client, request, user_name, official_of_akimat):
    may = user_name in ("editor", "official")
    if user_name:
        client.force_login(request.getfixturevalue(user_name))
    now = timezone.localtime()
    response = client.post(
        "/ru/polls/new/",
        {
            "question_ru": "Нужен ли новый сквер?",
            "question_kk": "",
            "answers_ru": "Да\nНет",
            "answers_kk": "Иә\nЖоқ",
            "kind": "single",
            "max_choices": 1,
            "mode": "open",
            "results_visibility": "always",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "status": "open",
        },
    )
    if may:
        poll = Poll.objects.get(question_ru="Нужен ли новый сквер?")
        assert response.status_code == 302 and [a.text_kk for a in poll.answers.all()] == ["Иә", "Жоқ"]
    else:
        assert (
            response.status_code in (302, 403)
            and not Poll.objects.filter(question_ru__startswith="Нужен").exists()
        )
        if user_name:
            assert response.status_code == 403


def test_create_form_shows_translated_errors_and_saves_nothing(client, editor):
    client.force_login(editor)
    now = timezone.localtime()
    response = client.post(
        "/ru/polls/new/",
        {"question_ru": "Вопрос?", "answers_ru": "Только один", "kind": "single", "max_choices": 1,
         "mode": "open",
         "results_visibility": "always", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
         "closes_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"), "status": "open"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "Опрос должен закрываться после открытия." in html
    assert not Poll.objects.exists()


@pytest.mark.parametrize("user_name", ["editor", "citizen", "moderator", None])
def test_only_the_author_or_staff_close_a_poll(client, request, user_name, poll):
    if user_name:
        client.force_login(request.getfixturevalue(user_name))
    response = client.post(f"/ru/polls/{poll.pk}/status/", {"status": "closed"})
    poll.refresh_from_db()
    if user_name == "editor":
        assert poll.status == PollStatus.CLOSED
    else:
        assert poll.status == PollStatus.OPEN and response.status_code in (302, 403)


def test_list_queries_stay_flat(client, editor, django_assert_max_num_queries):
    make_poll(editor)
    with django_assert_max_num_queries(6):
        assert client.get("/ru/polls/").status_code == 200
    for _ in range(15):
        make_poll(editor, answers=4)
    with django_assert_max_num_queries(6):
        html = client.get("/ru/polls/").content.decode()
    assert html.count('class="card"') >= 16


def test_home_and_region_pages_show_open_polls_of_the_region(client, editor):
    from birgemiz.geo.models import Region

    karaganda = Region.objects.get(slug="karaganda")
    poll = make_poll(editor, region=karaganda, question_ru="Нужны ли велодорожки в Караганде?")
    make_poll(editor, region=Region.objects.get(slug="pavlodar"), question_ru="Павлодарский вопрос?")
    region_page = client.get("/ru/regions/karaganda/").content.decode()
    assert "Нужны ли велодорожки в Караганде?" in region_page and "Павлодарский вопрос?" not in region_page
    assert f'hx-post="/ru/polls/{poll.pk}/vote/"' in region_page
    assert "Опросы" in client.get("/ru/").content.decode()


def test_kazakh_page_shows_kazakh_texts(client, poll):
    html = client.get(f"/kk/polls/{poll.pk}/").content.decode()
    assert "Көше жарығына көңіліңіз тола ма?" in html and "Жауап 1" in html


def _verified_votes(poll, per_region: dict[str, int]):
    from birgemiz.core.testing import UserFactory
    from birgemiz.geo.models import Region
    from birgemiz.polls import services

    first, second = list(poll.answers.all())[:2]
    for slug, n in per_region.items():
        region = Region.objects.get(slug=slug)
        for i in range(n):
            user = UserFactory(region=region)
            answer = first if i % 3 else second
            services.vote_cast(poll=poll, voter_key=f"u:{user.pk}", user=user, answer_ids=[answer.pk])
    selectors.forget_counts(poll)


def test_results_by_region_hide_small_regions_and_those_they_could_be_worked_out_from(client, editor):
    poll = make_poll(editor, mode=PollMode.VERIFIED)
    _verified_votes(poll, {"karaganda": 7, "pavlodar": 5, "akmola": 2})
    rows = selectors.results_by_region(poll)
    assert [(r.slug, r.counts, r.voters, r.hidden) for r in rows] == [
        ("karaganda", [4, 3, 0], 7, ""),
        ("akmola", None, None, "fewer"),  # 2 voters
        ("pavlodar", None, None, "withheld"),  # else akmola = totals − karaganda − pavlodar
    ]
    page = client.get(f"/ru/polls/{poll.pk}/").content.decode()
    assert "Результаты по регионам" in page and "меньше 5 голосовавших" in page
    assert "Регионы, где проголосовало меньше 5 человек, не показываются отдельно" in page
    api = client.get(f"/api/v1/polls/{poll.pk}").json()["by_region"]
    assert api[0]["region"] == "karaganda" and api[0]["voters"] == 7
    assert [r["votes"] for r in api[0]["results"]] == [4, 3, 0]
    assert [(r["region"], r["voters"], r["results"], r["hidden"]) for r in api[1:]] == [
        ("akmola", None, None, "fewer_than_5"),
        ("pavlodar", None, None, "withheld"),
    ]
    text = client.get(f"/ru/polls/{poll.pk}/results.csv").content.decode("utf-8-sig")
    assert "Карагандинская область,4,3,0,7" in text
    assert "Акмолинская область,,,,меньше 5 голосовавших" in text
    assert "Павлодарская область,,,,не показано" in text


def test_small_regions_together_large_enough_need_no_other_hidden(editor):
    poll = make_poll(editor, mode=PollMode.VERIFIED)
    _verified_votes(poll, {"karaganda": 5, "pavlodar": 2, "akmola": 3})
    rows = selectors.results_by_region(poll)
    assert [(r.slug, r.hidden) for r in rows] == [
        ("karaganda", ""),
        ("akmola", "fewer"),
        ("pavlodar", "fewer"),
    ]
    open_poll = make_poll(editor)
    assert selectors.results_by_region(open_poll) == []


def test_hidden_results_have_an_etag_that_no_vote_changes(client, editor):
    """Hidden figures must not leak through the tag: it changed with every vote, so each vote
    could be seen and the counts guessed."""
    from birgemiz.polls import services

    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_CLOSE)
    a, b, _c = poll.answers.all()
    url = f"/ru/polls/{poll.pk}/results/"
    first = client.get(url)
    assert first.status_code == 200 and "poll-bars" not in first.content.decode()
    for n, answer in enumerate([a, b, b]):
        services.vote_cast(poll=poll, voter_key=f"c:other-{n}", answer_ids=[answer.pk])
        selectors.forget_counts(poll)
        assert client.get(url)["ETag"] == first["ETag"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    client.force_login(editor)  # the author sees the figures: their tag follows the votes
    seen = client.get(url)["ETag"]
    services.vote_cast(poll=poll, voter_key="c:later", answer_ids=[a.pk])
    selectors.forget_counts(poll)
    assert client.get(url)["ETag"] != seen


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"Origin": "https://evil.example"}, True),
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, False),
        ({}, False),
    ],
)
def test_the_plain_form_refuses_posts_from_other_websites(client, poll, answers, headers, refused):
    response = client.post(f"/ru/polls/{poll.pk}/vote/", {"choice": [str(answers[0].pk)]}, headers=headers)
    if refused:
        assert response.status_code == 403 and response["X-Error-Code"] == "cross_site"
        assert "Голоса принимаются только со страниц этого сайта." in response.content.decode()
        assert not Vote.objects.exists()
    else:
        assert response.status_code == 302 and Vote.objects.count() == 1


def test_voting_in_place_on_the_poll_page_brings_the_results_shown_after_voting(client, editor):
    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_VOTE)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert f'id="poll-results-section-{poll.pk}"' in page and "poll-bars" not in page
    html = vote(client, poll, poll.answers.first().pk, htmx=True, in_page="1").content.decode()
    section = html[html.index(f'id="poll-results-section-{poll.pk}"') :]
    assert 'hx-swap-oob="true"' in section and "poll-bars" in section and "100&nbsp;%" in section
    assert f'hx-get="/ru/polls/{poll.pk}/results/"' in section  # live from now on
    assert "poll-bars" not in html[: html.index(f'id="poll-results-section-{poll.pk}"')]


def test_voting_in_an_embedded_widget_brings_no_page_section(client, editor):
    poll = make_poll(editor, results_visibility=ResultsVisibility.AFTER_VOTE)
    html = vote(client, poll, poll.answers.first().pk, htmx=True).content.decode()
    assert "poll-results-section" not in html and "poll-bars" in html


@pytest.mark.parametrize(
    ("user_name", "sees"),
    [("editor", True), ("other_editor", True), ("citizen", False), ("outsider", False), (None, False)],
)
def test_answers_in_voters_words_are_shown_to_the_author_and_editors_only(
    client, request, editor, user_name, sees
):
    from birgemiz.core.testing import UserFactory
    from birgemiz.polls import services

    poll = make_poll(editor, allow_other=True)
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[], other_text="<b>Ремонт</b> двора")
    services.vote_cast(poll=poll, voter_key="c:2", answer_ids=[], other_text="=HYPERLINK(1)")
    if user_name == "other_editor":
        client.force_login(UserFactory(roles=["editor"]))
    elif user_name:
        client.force_login(request.getfixturevalue(user_name))
    page = client.get(poll.get_absolute_url()).content.decode()
    csv_text = client.get(f"/ru/polls/{poll.pk}/results.csv").content.decode("utf-8-sig")
    assert "<b>Ремонт</b>" not in page  # escaped, never markup
    assert ("&lt;b&gt;Ремонт&lt;/b&gt; двора" in page) is sees
    assert ("Ответы своими словами" in page) is sees
    assert ("<b>Ремонт</b> двора" in csv_text) is sees
    assert ("'=HYPERLINK(1)" in csv_text) is sees  # a spreadsheet does not run it
    assert "=HYPERLINK" not in csv_text.replace("'=HYPERLINK", "")


def test_a_poll_past_its_closing_time_is_closed_everywhere(client, editor):
    """Nobody writes the status when the clock passes closes_at: every list, filter and page
    computes it."""
    from django.utils import translation

    now = timezone.now()
    past = make_poll(
        editor,
        question_ru="Прошедший опрос?",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now - dt.timedelta(hours=1),
    )
    current = make_poll(editor, question_ru="Текущий опрос?")
    assert Poll.objects.get(pk=past.pk).status == PollStatus.OPEN  # stored as it was
    api = {p["id"]: p["status"] for p in client.get("/api/v1/polls").json()["items"]}
    assert api == {past.pk: "closed", current.pk: "open"}
    assert client.get(f"/api/v1/polls/{past.pk}").json()["status"] == "closed"
    assert [p["id"] for p in client.get("/api/v1/polls?status=open").json()["items"]] == [current.pk]
    assert [p["id"] for p in client.get("/api/v1/polls?status=closed").json()["items"]] == [past.pk]
    open_page = client.get("/ru/polls/?status=open").content.decode()
    closed_page = client.get("/ru/polls/?status=closed").content.decode()
    assert "Текущий опрос?" in open_page and "Прошедший опрос?" not in open_page
    assert "Прошедший опрос?" in closed_page and "Текущий опрос?" not in closed_page
    with translation.override("ru"):
        closed_label, open_label = str(PollStatus.CLOSED.label), str(PollStatus.OPEN.label)
    detail = client.get(past.get_absolute_url()).content.decode()
    assert f'<p class="muted">{closed_label}' in detail and f'<p class="muted">{open_label}' not in detail
    listed = closed_page[closed_page.index("Прошедший опрос?") :]
    assert listed.split('<p class="muted">', 1)[1].startswith(closed_label)
    assert past not in selectors.open_polls(limit=10)


def test_closing_time_is_written_in_the_pages_words(client, editor):
    almaty = timezone.get_default_timezone()
    closes = dt.datetime(2027, 1, 5, 10, 52, tzinfo=almaty)
    poll = make_poll(editor, opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=closes)
    page = client.get(f"/kk/polls/{poll.pk}/").content.decode()
    assert "5 қаңтар 2027, 10:52" in page and "Т.Ж." not in page
    assert "5 января 2027, 10:52" in client.get(f"/ru/polls/{poll.pk}/").content.decode()
    assert "5 қаңтар 2027" in client.get("/kk/polls/").content.decode()
