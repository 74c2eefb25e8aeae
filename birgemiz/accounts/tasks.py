"""Background jobs of accounts (run by ``manage.py db_worker`` in production)."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from birgemiz.accounts.emails import render_email

log = logging.getLogger(__name__)


@task()
def send_email(*, name: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Render the e-mail template set ``name`` in ``language`` and send it to ``to``."""
    render_email(name, to=to, language=language, context=context).send()
    log.info("sent e-mail %s", name)
