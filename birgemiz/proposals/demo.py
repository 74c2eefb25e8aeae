# ruff: noqa: E501  (demo texts)
"""Demo proposals: the questions the seeds' meetings raised (in our own words), at different
stages, some overdue, and the ideas of the interactive panel «Будущее страны – в наших руках».
Idempotent: runs again without adding anything."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from birgemiz.orgs.choices import MemberRole
from birgemiz.orgs.models import Organisation, Sphere
from birgemiz.proposals import deadlines, services
from birgemiz.proposals.choices import ForwardUp, Origin, Status
from birgemiz.proposals.models import Panel, Proposal, ProposalEvent

#: A step that extends the deadline (with its public reason) instead of changing the status.
EXTEND = "extend"

# (title, text, addressee, on behalf of, sphere, author, days ago, [(status, text, days after receipt)…])
PROPOSALS = (
    ("Участие НКО в обсуждении городских проектов",
     "Предлагаем приглашать представителей некоммерческих организаций на обсуждение проектов благоустройства, "
     "транспорта и социальных объектов города до их утверждения, а повестку публиковать заранее.",
     "pavlodar-akimat", "women-future", "civil_society", "ngo.leader@birgemiz.kz", 60,
     [(Status.UNDER_CONSIDERATION, "Предложение передано в отдел строительства для проработки.", 3),
      (Status.ACCEPTED, "Со следующего квартала проекты будут выноситься на общественное обсуждение с участием НКО; "
                        "график обсуждений опубликуем на сайте акимата.", 12)]),
    ("Социальные услуги для пожилых людей и людей с инвалидностью",
     "Просим расширить услуги социальных работников на дому для одиноких пожилых граждан и людей с "
     "инвалидностью, в том числе в выходные дни, и привлекать к этому НКО через социальный заказ.",
     "pavlodar-akimat", "umit-uzbeu", "social_protection", "ngo.leader@birgemiz.kz", 45,
     [(Status.FORWARDED, "Вопрос относится к компетенции отдела внутренней политики; предложение перенаправлено.", 2)]),
    ("Помощь обществу слепых в проведении культурных мероприятий",
     "Филиал общества слепых просит содействия в организации концертов и вечеров: бесплатный зал, "
     "озвучивание программы и сопровождение участников.",
     "pavlodar-ovp", None, "culture", "citizen@birgemiz.kz", 40, []),
    ("Диалоговая площадка НКО и государственных органов",
     "Предлагаем ежеквартальную открытую площадку, где НКО и государственные органы обсуждают социальные "
     "проекты, а итоги и поручения публикуются с ответственными и сроками.",
     "pavlodar-ovp", None, "civil_society", "ngo.leader@birgemiz.kz", 30,
     [(Status.UNDER_CONSIDERATION, "Готовим положение о площадке.", 5)]),
    ("Участие НКО в рабочих группах по программам развития",
     "Предлагаем включать представителей НКО в рабочие группы проектного офиса по программам развития области.",
     "pavlodar-ovp", None, "civil_society", "citizen@birgemiz.kz", 25,
     [(Status.ANSWERED, "Состав рабочих групп утверждается приказом; заявки НКО принимаются до 1 числа месяца, "
                        "порядок подачи опубликован на сайте.", 9)]),
    ("Прозрачность социального заказа",
     "Публиковать итоги конкурсов государственного социального заказа с баллами экспертов и отчётами исполнителей.",
     "pavlodar-akimat", None, "civil_society", "ngo.leader@birgemiz.kz", 20,
     [(Status.REJECTED, "Баллы экспертов содержат персональные оценки и не публикуются; итоги и отчёты уже "
                        "размещаются на портале.", 10)]),
    ("Пандусы у входов в поликлиники",
     "Установить пандусы и поручни у входов в городские поликлиники, где их до сих пор нет.",
     "pavlodar-akimat", None, "disability", "citizen@birgemiz.kz", 90,
     [(Status.ACCEPTED, "Включено в план ремонта на этот год.", 10),
      (Status.IMPLEMENTED, "Пандусы установлены у шести поликлиник; фотоотчёт приложен к плану.", 70)]),
    ("Социальное такси для людей с инвалидностью",
     "Предлагаем запустить социальное такси для людей с инвалидностью и пожилых граждан с оплатой по "
     "льготному тарифу и заказом по телефону и через сайт.",
     "pavlodar-akimat", "umit-uzbeu", "disability", "ngo.leader@birgemiz.kz", 12,
     [(Status.UNDER_CONSIDERATION, "Запросили расчёты у отдела занятости и социальных программ.", 2),
      (EXTEND, "Для ответа нужны расчёт стоимости перевозок и согласование с областным бюджетом; срок ответа "
               "продлён до двух месяцев со дня получения.", 8)]),
    ("Молодёжь в экологических проектах",
     "Предлагаем грантовый конкурс для молодёжных экологических инициатив с наставниками из НКО.",
     "pavlodar-akimat", None, "youth", "ngo.leader@birgemiz.kz", 4, []),
)  # fmt: skip

#: Ideas collected on the interactive panel (the seeds: "more than 30 proposals"), in our words.
PANEL = (
    "Закрепить за каждым районом ответственного за связь с НКО",
    "Публиковать план закупок социальных услуг на год вперёд",
    "Учитывать опыт НКО при оценке заявок на гранты",
    "Снизить отчётность для малых грантов",
    "Создать ресурсный центр для сельских НКО",
    "Проводить обучение НКО проектному менеджменту",
    "Открыть коворкинг для общественных организаций",
    "Ввести наставничество опытных НКО для новых",
    "Поощрять волонтёров бонусами в городских сервисах",
    "Создать единую карту социальных проектов области",
    "Привлекать бизнес к софинансированию социальных проектов",
    "Проводить ежегодный отчёт акимов перед НКО",
    "Включить НКО в общественные советы по бюджету",
    "Поддержать инклюзивные спортивные секции",
    "Организовать бесплатные юридические консультации для НКО",
    "Упростить регистрацию общественных объединений",
    "Развивать школьное самоуправление вместе с НКО",
    "Публиковать ответы госорганов на обращения НКО",
    "Создать фонд малых инициатив для сёл",
    "Проводить форумы НКО в каждом районе",
    "Ввести рейтинг открытости государственных органов",
    "Поддержать НКО, работающие с трудными подростками",
    "Расширить доступ НКО к помещениям на льготной основе",
    "Сделать обучение грантовому письму на казахском языке",
    "Учредить премию за лучший социальный проект года",
    "Помочь НКО с цифровыми инструментами отчётности",
    "Создать реестр волонтёров для чрезвычайных ситуаций",
    "Привлекать НКО к мониторингу качества социальных услуг",
    "Проводить выездные приёмы госорганов в сёлах",
    "Развивать экологические инициативы молодёжи",
    "Укрепить сотрудничество НКО со СМИ",
    "Поддержать культурные центры этнических объединений",
)

PANEL_BODY = "karaganda-uvp"
PANEL_AUTHOR_BODY = "grazhdane-kz"


def _backdate(proposal: Proposal, received: dt.date) -> None:
    created = timezone.make_aware(dt.datetime.combine(received, dt.time(10)))
    due = deadlines.first_answer_due(received)
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=created, status_changed_at=created, clock_started_on=received, due_at=due
    )
    ProposalEvent.objects.filter(proposal=proposal, kind="submitted").update(created_at=created, due_at=due)
    proposal.refresh_from_db()


def _moved(event: ProposalEvent, when: dt.date) -> None:
    """Put a status change on the day it happened in the demo's story."""
    at = timezone.make_aware(dt.datetime.combine(when, dt.time(15)))
    ProposalEvent.objects.filter(pk=event.pk).update(created_at=at)
    p = event.proposal
    fields = {"status_changed_at": at}
    if p.first_answered_at and p.first_answered_at > at:
        fields["first_answered_at"] = at
    if event.forwarded_to_id:
        fields.update(clock_started_on=when, due_at=deadlines.first_answer_due(when))
    Proposal.objects.filter(pk=p.pk).update(**fields)


def _official(body: Organisation, email: str, name: str):
    user, _created = get_user_model().objects.get_or_create(
        email=email,
        defaults={"full_name": name, "email_verified_at": timezone.now(), "preferred_language": "ru"},
    )
    from birgemiz.orgs.models import Membership

    Membership.objects.get_or_create(organisation=body, user=user, defaults={"role": MemberRole.EDITOR})
    return user


@transaction.atomic
def load_demo_proposals(stdout=None, show_passwords: bool = False) -> None:
    if Proposal.objects.filter(title=PROPOSALS[0][0]).exists():
        return
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@birgemiz.kz")}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=[
        "pavlodar-akimat", "pavlodar-ovp", "women-future", "umit-uzbeu", PANEL_BODY, PANEL_AUTHOR_BODY])}  # fmt: skip
    if len(orgs) < 6 or "citizen@birgemiz.kz" not in users:
        return  # the registry's or the accounts' demo did not run
    spheres = {s.code: s for s in Sphere.objects.all()}
    officials = {
        "pavlodar-akimat": _official(orgs["pavlodar-akimat"], "akimat.pavlodar@birgemiz.kz", "Алия Бекова"),
        "pavlodar-ovp": users.get("official@birgemiz.kz"),
        PANEL_BODY: _official(orgs[PANEL_BODY], "uvp.karaganda@birgemiz.kz", "Нурлан Сейтказин"),
    }
    from birgemiz.orgs.models import Membership

    Membership.objects.get_or_create(
        organisation=orgs["pavlodar-ovp"],
        user=officials["pavlodar-ovp"],
        defaults={"role": MemberRole.EDITOR},
    )
    for ngo in ("women-future", "umit-uzbeu"):
        Membership.objects.get_or_create(
            organisation=orgs[ngo], user=users["ngo.leader@birgemiz.kz"], defaults={"role": MemberRole.MEMBER}
        )
    today = timezone.localdate()
    for title, text, body, ngo, sphere, author, days_ago, steps in PROPOSALS:
        p = services.proposal_submit(
            author=users[author], title=title, text=text, addressee=orgs[body],
            on_behalf_of=orgs[ngo] if ngo else None, sphere=spheres.get(sphere),
        )  # fmt: skip
        received = today - dt.timedelta(days=days_ago)
        _backdate(p, received)
        for status, answer, after in steps:
            actor = officials[p.addressee.slug]
            if status == EXTEND:
                event = services.proposal_extend(actor=actor, proposal=p, text=answer)
                at = timezone.make_aware(dt.datetime.combine(received + dt.timedelta(days=after), dt.time(15)))
                ProposalEvent.objects.filter(pk=event.pk).update(created_at=at)
                p.refresh_from_db()
                continue
            kwargs = {"forward_to": orgs["pavlodar-ovp"]} if status == Status.FORWARDED else {}
            event = services.proposal_change_status(
                actor=actor, proposal=p, to_status=status, text=answer, **kwargs
            )
            _moved(event, received + dt.timedelta(days=after))
            p.refresh_from_db()
    # The interactive panel: more than 30 ideas, handed to the regional body; one sent up to the
    # Civil Forum. At the events demo's session of that name when there is one.
    from birgemiz.events.models import Session

    session = Session.objects.filter(
        title_ru__icontains="Будущее страны", collects_proposals=True, panel=None
    ).first()
    panel = Panel.objects.create(
        title="Будущее страны – в наших руках", addressee=orgs[PANEL_BODY], region=orgs[PANEL_BODY].region,
        session=session, is_open=False,
    )  # fmt: skip
    delegate = users.get("citizen@birgemiz.kz")
    received = today - dt.timedelta(days=10)
    for i, title in enumerate(PANEL):
        p = services.proposal_submit(
            author=delegate, title=title, addressee=orgs[PANEL_BODY], origin=Origin.EVENT,
            text=f"{title}: предложение участников интерактивной панели «Будущее страны – в наших руках».",
            extra=services.panel_origin(panel),
        )  # fmt: skip
        Proposal.objects.filter(pk=p.pk).update(panel=panel)  # collected then; the panel is closed now
        _backdate(p, received)
        if i == 0:
            event = services.proposal_change_status(
                actor=users.get("moderator@birgemiz.kz") or officials[PANEL_BODY], proposal=p,
                to_status=Status.FORWARDED, text="Передано на X Гражданский форум.", forward_up=ForwardUp.CIVIL_FORUM,
            )  # fmt: skip
            _moved(event, received + dt.timedelta(days=2))
    if stdout is not None:
        stdout.write(f"  proposals: {len(PROPOSALS) + len(PANEL)} (some overdue, one extended)\n")
