"""Mail goes through the task queue; the real database worker delivers it."""

import signal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from birgemiz.accounts import services
from birgemiz.accounts.emails import render_email
from birgemiz.accounts.tasks import send_email
from birgemiz.core.testing import UnverifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker installs its own signal handlers; give pytest its own back afterwards.
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# The worker closes connections between tasks, as in production: it needs real commits.
@pytest.mark.django_db(transaction=True)
def test_verification_mail_is_queued_then_sent_by_db_worker(
    database_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    user = UnverifiedUserFactory(email="queued@example.kz", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_send_verification(user=user)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "birgemiz.accounts.tasks.send_email"
    assert mailoutbox == []  # not sent by the web request

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["queued@example.kz"]
    assert mailoutbox[0].subject == "Confirm your e-mail for Birgemiz"


def test_task_arguments_are_json(mailoutbox):
    result = send_email.enqueue(
        name="verify_email", to="a@example.kz", language="ru", context={"url": "http://x/", "valid_days": 3}
    )
    assert result.status == "SUCCESSFUL"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("language", ["ru", "kk", "en", "xx"])
def test_every_mail_renders_subject_text_and_html(language):
    for name, context in [
        ("verify_email", {"full_name": "Асель", "url": "http://t/v/", "valid_days": 3}),
        ("password_reset", {"full_name": "", "email": "a@b.kz", "url": "http://t/r/"}),
    ]:
        message = render_email(name, to="a@example.kz", language=language, context=context)
        assert message.subject and "\n" not in message.subject
        assert context["url"] in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and context["url"] in html
        assert f'<html lang="{language if language != "xx" else "ru"}">' in html
        assert "&lt;" not in message.body  # the text part is not HTML-escaped
