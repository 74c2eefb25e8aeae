"""Demo polls: the eKaraganda road-repair poll with the counts the seed shows, stored as real
votes of generated accounts (so the counters, the reconciliation and the results all agree),
and two open polls. Loading again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from birgemiz.geo.models import Region
from birgemiz.polls import services
from birgemiz.polls.choices import ChoiceKind, PollMode, PollStatus, ResultsVisibility
from birgemiz.polls.models import Answer, Poll, Vote, VoteChoice

ROAD_QUESTION_RU = "Довольны ли вы качеством ремонта дорог в Караганде?"
#: (Russian, Kazakh, votes) in the seed's order; the wording is ours, the counts are the seed's.
ROAD_ANSWERS = [
    ("Да, ремонтируют очень хорошо", "Иә, өте жақсы жөндейді", 304),
    ("Качеством доволен(на), но мешают постоянные пробки", "Сапасына көңілім толады, бірақ кептелістер кедергі", 49),
    ("Нет, видно, что сделано плохо: через пару лет переделывать", "Жоқ, нашар жасалғаны көрініп тұр: екі жылдан соң қайта салады", 332),
    ("Сколько ни ремонтируй, толку нет: деньги на ветер", "Қанша жөндесе де пайдасы жоқ: ақша желге ұшады", 43),
]  # fmt: skip


#: The road poll's voters: generated accounts nobody can sign in to (no usable password, not
#: active), on a domain that cannot receive mail.
VOTER_EMAIL = "poll-voter-{:04d}@demo.birgemiz.invalid"


def generated_voters(n: int) -> list:
    """``n`` generated accounts, created in bulk the first time, the same ones after."""
    users = get_user_model().objects
    emails = [VOTER_EMAIL.format(i) for i in range(n)]
    have = set(users.filter(email__in=emails).values_list("email", flat=True))
    users.bulk_create(
        (
            get_user_model()(email=e, full_name="", password=make_password(None), is_active=False)
            for e in emails
            if e not in have
        ),
        batch_size=500,
    )
    return list(users.filter(email__in=emails).order_by("email"))


def _road_votes(poll: Poll) -> None:
    """The seed's counts as votes of generated accounts (idempotent). Votes under made-up
    browser keys, which an older demo stored, are replaced."""
    Vote.objects.filter(poll=poll, voter_key__startswith="c:demo-").delete()
    answers = list(poll.answers.order_by("position"))
    voters = iter(generated_voters(sum(n for _ru, _kk, n in ROAD_ANSWERS)))
    picks = [
        (next(voters), a) for a, (_ru, _kk, n) in zip(answers, ROAD_ANSWERS, strict=True) for _ in range(n)
    ]
    have = set(Vote.objects.filter(poll=poll).values_list("voter_key", flat=True))
    missing = [(user, answer) for user, answer in picks if f"u:{user.pk}" not in have]
    Vote.objects.bulk_create(
        (Vote(poll=poll, voter_key=f"u:{u.pk}", user=u, created_at=poll.opens_at) for u, _a in missing),
        batch_size=500,
    )
    saved = dict(Vote.objects.filter(poll=poll).values_list("voter_key", "pk"))
    VoteChoice.objects.bulk_create(
        (VoteChoice(vote_id=saved[f"u:{u.pk}"], answer=a) for u, a in missing), batch_size=500
    )
    services.reconcile(poll, fix=True)  # the counters from the votes just stored


def _road_poll(author, karaganda, now) -> None:
    poll = services.poll_create(
        author=author,
        data={
            "question_ru": ROAD_QUESTION_RU,
            "question_kk": "Қарағандыда жол жөндеу сапасына көңіліңіз тола ма?",
            "region": karaganda,
            "topic": "дороги",
            "mode": PollMode.OPEN,
            "status": PollStatus.CLOSED,
            "results_visibility": ResultsVisibility.ALWAYS,
            "opens_at": now - dt.timedelta(days=40),
            "closes_at": now - dt.timedelta(days=10),
        },
        answers=[(ru, kk) for ru, kk, _n in ROAD_ANSWERS],
    )
    _road_votes(poll)


@transaction.atomic
def load_demo_polls(stdout=None, show_passwords: bool = False) -> None:
    if road := Poll.objects.filter(question_ru=ROAD_QUESTION_RU).first():
        _road_votes(road)
        return
    users = get_user_model().objects
    author = users.filter(email="editor@birgemiz.kz").first() or users.filter(is_superuser=True).first()
    if author is None:
        return
    regions = {r.slug: r for r in Region.objects.filter(slug__in=["karaganda", "pavlodar", "akmola"])}
    now = timezone.now()
    _road_poll(author, regions.get("karaganda"), now)
    services.poll_create(
        author=author,
        data={
            "question_ru": "Какую тему стоит обсудить на следующем форуме НПО области?",
            "question_kk": "Облыстың келесі ҮЕҰ форумында қандай тақырыпты талқылау керек?",
            "region": regions.get("pavlodar"),
            "topic": "форум",
            "kind": ChoiceKind.MULTIPLE,
            "max_choices": 2,
            "allow_other": True,
            "mode": PollMode.OPEN,
            "status": PollStatus.OPEN,
            "results_visibility": ResultsVisibility.AFTER_VOTE,
            "opens_at": now - dt.timedelta(days=2),
            "closes_at": now + dt.timedelta(days=30),
        },
        answers=[
            ("Социальные услуги пожилым и людям с инвалидностью", "Қарттар мен мүгедектігі бар адамдарға әлеуметтік қызмет"),
            ("Участие НПО в обсуждении городских проектов", "ҮЕҰ-ның қалалық жобаларды талқылауға қатысуы"),
            ("Государственный социальный заказ и гранты", "Мемлекеттік әлеуметтік тапсырыс пен гранттар"),
            ("Молодёжное волонтёрство", "Жастар еріктілігі"),
        ],
    )  # fmt: skip
    services.poll_create(
        author=author,
        data={
            "question_ru": "Нужна ли в Кокшетау постоянная диалоговая площадка НПО и госорганов?",
            "question_kk": "Көкшетауда ҮЕҰ мен мемлекеттік органдардың тұрақты диалог алаңы керек пе?",
            "region": regions.get("akmola"),
            "topic": "диалог",
            "mode": PollMode.VERIFIED,
            "allow_change": True,
            "status": PollStatus.OPEN,
            "results_visibility": ResultsVisibility.ALWAYS,
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + dt.timedelta(days=21),
        },
        answers=[("Да, раз в месяц", "Иә, айына бір рет"), ("Да, раз в квартал", "Иә, тоқсанына бір рет"),
                 ("Нет, хватает форумов", "Жоқ, форумдар жеткілікті")],
    )  # fmt: skip
    if stdout:
        stdout.write(f"Polls: {Poll.objects.count()} ({Answer.objects.count()} answers)")
