"""Editing a poll: through the service (rules, audit), on a page of its own; the admin only reads."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from birgemiz.core.models import AuditLog
from birgemiz.polls import services
from birgemiz.polls.choices import PollStatus
from birgemiz.polls.models import AnswerCount, Poll
from birgemiz.polls.tests.factories import make_poll

pytestmark = pytest.mark.django_db


def form_data(poll, **changes):
    answers = list(poll.answers.all())
    local = timezone.localtime
    data = {
        "question_ru": poll.question_ru, "question_kk": poll.question_kk, "kind": poll.kind,
        "max_choices": poll.max_choices, "topic": poll.topic, "mode": poll.mode,
        "results_visibility": poll.results_visibility,
        "opens_at": local(poll.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(poll.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "answers_ru": "\n".join(a.text_ru for a in answers),
        "answers_kk": "\n".join(a.text_kk for a in answers),
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit(client, poll, **changes):
    return client.post(f"/ru/polls/{poll.pk}/edit/", form_data(poll, **changes))


def test_a_draft_changes_freely_and_the_change_is_audited(client, editor):
    poll = make_poll(editor, status=PollStatus.DRAFT)
    client.force_login(editor)
    form = client.get(f"/ru/polls/{poll.pk}/edit/").content.decode()
    assert "Ответ 1\nОтвет 2\nОтвет 3" in form
    response = edit(client, poll, question_ru="Новый вопрос?", answers_ru="Да\nНет", answers_kk="Иә\nЖоқ")
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.question_ru == "Новый вопрос?"
    assert [(a.text_ru, a.text_kk) for a in poll.answers.all()] == [("Да", "Иә"), ("Нет", "Жоқ")]
    entry = AuditLog.objects.get(action="polls.update")
    assert entry.actor == editor and set(entry.details["fields"]) == {"question_ru", "answers"}


def test_after_votes_answers_are_neither_removed_nor_reworded(client, editor):
    poll = make_poll(editor)
    first = poll.answers.first()
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[first.pk])
    client.force_login(editor)
    for changes, message in [
        (
            {"answers_ru": "Ответ 1\nОтвет 2", "answers_kk": "Жауап 1\nЖауап 2"},
            "нельзя удалять или переформулировать",
        ),
        ({"answers_ru": "Другой ответ\nОтвет 2\nОтвет 3"}, "нельзя удалять или переформулировать"),
        ({"question_ru": "Другой вопрос?"}, "можно изменить только время закрытия и тему"),
        ({"mode": "verified"}, "можно изменить только время закрытия и тему"),
    ]:
        response = edit(client, poll, **changes)
        assert response.status_code == 200 and message in response.content.decode()
    poll.refresh_from_db()
    assert poll.question_ru == "Довольны ли вы освещением улиц?" and poll.mode == "open"
    assert [a.text_ru for a in poll.answers.all()] == ["Ответ 1", "Ответ 2", "Ответ 3"]
    assert not AuditLog.objects.filter(action="polls.update").exists()


def test_after_votes_the_closing_time_moves_and_answers_are_added_at_the_end(client, editor):
    poll = make_poll(editor)
    opens_at = poll.opens_at
    services.vote_cast(poll=poll, voter_key="c:1", answer_ids=[poll.answers.first().pk])
    client.force_login(editor)
    later = timezone.localtime(poll.closes_at + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = edit(
        client,
        poll,
        closes_at=later,
        answers_ru="Ответ 1\nОтвет 2\nОтвет 3\nОтвет 4",
        answers_kk="Жауап 1\nЖауап 2\nЖауап 3\nЖауап 4",
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.opens_at == opens_at  # sent back to the minute, kept to the microsecond
    assert timezone.localtime(poll.closes_at).strftime("%Y-%m-%dT%H:%M") == later
    new = poll.answers.last()
    assert new.text_ru == "Ответ 4" and AnswerCount.objects.filter(answer=new).count() == 8
    services.vote_cast(poll=poll, voter_key="c:2", answer_ids=[new.pk])
    assert services.reconcile(poll) == []


def test_an_opened_poll_keeps_its_answers_and_an_archived_one_is_not_edited(editor):
    poll = make_poll(editor)
    data = {"question_ru": poll.question_ru}
    with pytest.raises(ValidationError) as refused:
        services.poll_update(actor=editor, poll=poll, data=data, answers=[("Да", ""), ("Нет", "")])
    assert "answers_ru" in refused.value.message_dict
    services.poll_update(
        actor=editor, poll=poll, data=data, answers=[("Да", ""), ("Нет", ""), ("Не знаю", "")]
    )
    assert [a.text_ru for a in poll.answers.all()] == ["Да", "Нет", "Не знаю"]  # reworded: no votes yet
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.ARCHIVED)
    with pytest.raises(services.PollError) as refused:
        services.poll_update(actor=editor, poll=poll, data=data, answers=[("Да", ""), ("Нет", "")])
    assert refused.value.code == "archived"


@pytest.mark.parametrize(
    ("user_name", "may"),
    [("editor", True), ("other_editor", True), ("official", False), ("citizen", False), (None, False)],
)
def test_who_may_edit(client, request, editor, user_name, may):
    from birgemiz.core.testing import UserFactory

    poll = make_poll(editor)
    if user_name == "other_editor":
        client.force_login(UserFactory(roles=["editor"]))
    elif user_name:
        client.force_login(request.getfixturevalue(user_name))
    assert client.get(f"/ru/polls/{poll.pk}/edit/").status_code == (200 if may else 403 if user_name else 302)
    response = edit(client, poll, topic="свет")
    poll.refresh_from_db()
    assert (poll.topic == "свет") is may
    if may:
        assert response.status_code == 302
    assert ("/edit/" in client.get(poll.get_absolute_url()).content.decode()) is may


def test_the_admin_only_shows_polls(client, admin, editor):
    poll = make_poll(editor)
    client.force_login(admin)
    assert client.get(f"/admin/polls/poll/{poll.pk}/change/").status_code == 200
    response = client.post(f"/admin/polls/poll/{poll.pk}/change/", {"status": "archived", "question_ru": "?"})
    poll.refresh_from_db()
    assert response.status_code == 403 and poll.status == PollStatus.OPEN
    assert client.get("/admin/polls/poll/add/").status_code == 403
    assert client.post(f"/admin/polls/poll/{poll.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Poll.objects.filter(pk=poll.pk).exists()
