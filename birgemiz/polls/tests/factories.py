from __future__ import annotations

import datetime as dt

from django.utils import timezone

from birgemiz.polls import services
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus, ResultsVisibility


def make_poll(author, *, answers=3, **data):
    now = timezone.now()
    fields = {
        "question_ru": "Довольны ли вы освещением улиц?",
        "question_kk": "Көше жарығына көңіліңіз тола ма?",
        "mode": PollMode.OPEN,
        "status": PollStatus.OPEN,
        "kind": ChoiceKind.SINGLE,
        "results_visibility": ResultsVisibility.ALWAYS,
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(days=7),
    }
    fields.update(data)
    return services.poll_create(
        author=author,
        data=fields,
        answers=[(f"Ответ {i}", f"Жауап {i}") for i in range(1, answers + 1)],
    )
