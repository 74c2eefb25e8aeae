"""Demo content: the five events of the seeds with their real titles, places, organisers and
dates where the seeds give them (the others are set in the right season and marked so in
the description), plus one upcoming forum open for registration.

Texts are written for the demo; names, titles and places come from the seeds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from birgemiz.events import services
from birgemiz.events.choices import (
    EventFormat,
    EventKind,
    EventStatus,
    OrganiserRole,
    SessionKind,
    SpeakerRole,
)
from birgemiz.events.models import Event, EventLink, EventSeries
from birgemiz.geo.models import City, Region
from birgemiz.orgs.choices import OrgKind, StateBodyKind
from birgemiz.orgs.models import Organisation

ALMATY = ZoneInfo("Asia/Almaty")

#: Organisations the events need when the orgs demo has not created them: slug → data.
EXTRA_ORGS = {
    "akimat-vko": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.AKIMAT,
        "name_ru": "Акимат Восточно-Казахстанской области", "short_name_ru": "Акимат ВКО",
        "name_kk": "Шығыс Қазақстан облысының әкімдігі", "region": "east-kazakhstan", "city": "ust-kamenogorsk",
    },
    "vktu-serikbayev": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.OTHER,
        "name_ru": "Восточно-Казахстанский технический университет им. Д. Серикбаева", "short_name_ru": "ВКТУ",
        "region": "east-kazakhstan", "city": "ust-kamenogorsk",
    },
    "kz-civil-alliance": {"kind": OrgKind.NGO, "name_ru": "Гражданский альянс Казахстана", "region": "astana"},
    "akmola-uvp": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.INTERNAL_POLICY,
        "name_ru": "Управление внутренней политики Акмолинской области", "region": "akmola", "city": "kokshetau",
    },
    "akmola-alliance": {"kind": OrgKind.NGO, "name_ru": "Гражданский альянс Акмолинской области", "region": "akmola"},
    "karaganda-uvp": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.INTERNAL_POLICY,
        "name_ru": "Управление внутренней политики Карагандинской области", "region": "karaganda",
    },
    "karaganda-alliance": {
        "kind": OrgKind.NGO, "name_ru": "Гражданский альянс Карагандинской области", "region": "karaganda",
    },
    "nko-uvp": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.INTERNAL_POLICY,
        "name_ru": "Управление внутренней политики Северо-Казахстанской области", "region": "north-kazakhstan",
    },
    "pavlodar-ovp": {
        "kind": OrgKind.STATE_BODY, "state_body_kind": StateBodyKind.INTERNAL_POLICY,
        "name_ru": "Отдел внутренней политики города Павлодара", "region": "pavlodar", "city": "pavlodar",
    },
    "pavlodar-alliance": {"kind": OrgKind.NGO, "name_ru": "Гражданский альянс Павлодарской области", "region": "pavlodar"},
    "tumar": {"kind": OrgKind.NGO, "name_ru": "Центр Тұмар", "region": "pavlodar", "city": "pavlodar"},
}  # fmt: skip


def _at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def _org(slug: str) -> Organisation:
    org = Organisation.objects.filter(slug=slug).first()
    if org is not None:
        return org
    from birgemiz.orgs import services as orgs
    from birgemiz.orgs.selectors import invalidate_lists

    data = dict(EXTRA_ORGS[slug])
    region = Region.objects.filter(slug=data.pop("region", "")).first()
    city = City.objects.filter(slug=data.pop("city", ""), region=region).first() if region else None
    org = orgs.org_create(actor=None, data={**data, "region": region, "city": city})
    Organisation.objects.filter(pk=org.pk).update(slug=slug)
    org.slug = slug
    invalidate_lists()  # the slug was changed without a signal
    return org


def _place(region_slug: str, city_slug: str):
    region = Region.objects.filter(slug=region_slug).first()
    return region, City.objects.filter(region=region, slug=city_slug).first()


def _event(slug, *, organisers, sessions=(), links=(), **data) -> Event:
    region, city = _place(data.pop("region"), data.pop("city"))
    event = services.event_create(
        actor=None,
        data={"region": region, "city": city, "status": EventStatus.PUBLISHED, **data},
        organisers=[(_org(key), role) for key, role in organisers],
        slug=slug,
    )
    for position, (session_data, speakers) in enumerate(sessions):
        session = services.session_save(actor=None, event=event, data={**session_data, "position": position})
        for name, role, title, org_key in speakers:
            services.speaker_add(
                actor=None, session=session, name=name, role=role, title=title,
                organisation=_org(org_key) if org_key else None,
            )  # fmt: skip
    for position, (url, title) in enumerate(links):
        EventLink.objects.create(event=event, url=url, title=title, position=position)
    return event


@transaction.atomic
def load_demo_events(stdout=None, show_passwords: bool = False) -> None:
    if Event.objects.filter(slug="sko-forum-xii").exists():
        return
    regional, _c = EventSeries.objects.get_or_create(
        slug="sko-ngo-forum", defaults={"name_ru": "областной форум НПО", "name_kk": "облыстық ҮЕҰ форумы"}
    )
    akmola_series, _c = EventSeries.objects.get_or_create(
        slug="akmola-civil-forum",
        defaults={
            "name_ru": "Гражданский форум Акмолинской области",
            "name_kk": "Ақмола облысының Азаматтық форумы",
        },
    )
    S, P, M = SessionKind, SpeakerRole.SPEAKER, SpeakerRole.MODERATOR

    _event(
        "sko-forum-xii", kind=EventKind.FORUM, series=regional, ordinal=12,
        title_ru="областной форум неправительственных организаций", title_kk="облыстық үкіметтік емес ұйымдар форумы",
        theme_ru="Голос в унисон со временем: гражданское общество и национальные ценности",
        theme_kk="Уақытпен үндес үн: азаматтық қоғам және ұлттық құндылықтар",
        description_ru=(
            "Двенадцатый областной форум НПО Северо-Казахстанской области. Говорили о том, как меняется "
            "законодательство о некоммерческом секторе, вспоминали первый Гражданский форум 2003 года и "
            "подвели итоги конкурса «Лучшая неправительственная организация года»: отмечены 13 НПО. "
            "Дата в демо-данных условная: в источнике она не указана."
        ),
        region="north-kazakhstan", city="petropavlovsk", starts_at=_at(2023, 10, 20), ends_at=_at(2023, 10, 20, 17),
        format=EventFormat.OFFLINE, venue="Дворец школьников", capacity=300,
        organisers=[("nko-uvp", OrganiserRole.CUSTOMER)],
        sessions=[
            ({"kind": S.PLENARY, "title_ru": "Пленарное заседание", "title_kk": "Пленарлық отырыс",
              "starts_at": _at(2023, 10, 20, 10), "ends_at": _at(2023, 10, 20, 13), "place": "Дворец школьников"}, []),
            ({"kind": S.AWARDS, "title_ru": "Итоги конкурса «Лучшая НПО года»", "title_kk": "«Жылдың үздік ҮЕҰ» байқауының қорытындысы",
              "starts_at": _at(2023, 10, 20, 15)}, []),
        ],
    )  # fmt: skip

    _event(
        "akmola-civil-forum-ix", kind=EventKind.FORUM, series=akmola_series, ordinal=9,
        title_ru="Гражданский форум Акмолинской области", title_kk="Ақмола облысының Азаматтық форумы",
        theme_ru="Общество и государство: 30 лет партнерства и развития #Birgemiz",
        theme_kk="Қоғам және мемлекет: 30 жылдық әріптестік пен даму #Birgemiz",
        description_ru=(
            "Девятый региональный Гражданский форум: открытие в Кокшетау с участием акима области, "
            "награждение премией «Қамқор – 2020» и медалью «Халық алғысы», а на следующий день — "
            "диалоговые площадки в ZOOM, где НПО области делились опытом. В области 718 НПО."
        ),
        region="akmola", city="kokshetau", starts_at=_at(2020, 11, 19), ends_at=_at(2020, 11, 20, 17),
        format=EventFormat.HYBRID, online_url="https://zoom.us/", capacity=200,
        organisers=[("akmola-uvp", OrganiserRole.CUSTOMER), ("akmola-alliance", OrganiserRole.EXECUTOR),
                    ("kz-civil-alliance", OrganiserRole.PARTNER)],
        sessions=[
            ({"kind": S.OPENING, "title_ru": "Открытие форума", "title_kk": "Форумның ашылуы",
              "starts_at": _at(2020, 11, 19, 10), "ends_at": _at(2020, 11, 19, 12), "place": "Кокшетау"},
             [("Ермек Маржикпаев", P, "аким Акмолинской области", ""),
              ("Бану Нургазиева", P, "президент", "kz-civil-alliance")]),
            ({"kind": S.AWARDS, "title_ru": "Премия акима «Қамқор – 2020»", "title_kk": "Әкімнің «Қамқор – 2020» сыйлығы",
              "starts_at": _at(2020, 11, 19, 12)}, []),
            ({"kind": S.PLATFORM, "title_ru": "Диалоговая площадка: опыт НПО и государственный социальный заказ",
              "title_kk": "Диалог алаңы: ҮЕҰ тәжірибесі және мемлекеттік әлеуметтік тапсырыс",
              "starts_at": _at(2020, 11, 20, 10), "online_url": "https://zoom.us/", "collects_proposals": True}, []),
        ],
    )  # fmt: skip

    _event(
        "karaganda-ngo-conference-2021", kind=EventKind.CONFERENCE,
        title_ru="Гражданский сектор Карагандинской области – 30 лет вместе",
        title_kk="Қарағанды облысының азаматтық секторы – 30 жыл бірге",
        description_ru=(
            "Конференция НПО в Темиртау, выставка-ярмарка лучших проектов НПО за годы Независимости и "
            "итоги конкурса «Лучшее НПО-2021». На интерактивной панели «Будущее страны – в наших руках» "
            "собрали более 30 предложений для X Гражданского форума Казахстана. Делегаты из всех районов "
            "области подключались онлайн. Месяц по источнику, число условное."
        ),
        region="karaganda", city="temirtau", starts_at=_at(2021, 12, 17), ends_at=_at(2021, 12, 17, 18),
        format=EventFormat.HYBRID, online_url="https://zoom.us/", venue="Темиртау", capacity=250,
        organisers=[("karaganda-uvp", OrganiserRole.CUSTOMER), ("karaganda-alliance", OrganiserRole.EXECUTOR)],
        sessions=[
            ({"kind": S.PLENARY, "title_ru": "Конференция НПО", "title_kk": "ҮЕҰ конференциясы",
              "starts_at": _at(2021, 12, 17, 10), "ends_at": _at(2021, 12, 17, 12)}, []),
            ({"kind": S.PLATFORM, "title_ru": "Интерактивная панель «Будущее страны – в наших руках»",
              "title_kk": "«Елдің болашағы – біздің қолымызда» интерактивті панелі",
              "starts_at": _at(2021, 12, 17, 12), "collects_proposals": True}, []),
            ({"kind": S.EXHIBITION, "title_ru": "Выставка-ярмарка проектов НПО", "title_kk": "ҮЕҰ жобаларының көрме-жәрмеңкесі",
              "starts_at": _at(2021, 12, 17, 13)}, []),
            ({"kind": S.AWARDS, "title_ru": "Награждение: конкурс «Лучшее НПО-2021»", "title_kk": "Марапаттау: «Үздік ҮЕҰ-2021» байқауы",
              "description_ru": "Победители в номинациях: ОО «Граждане Казахстана», ОО «Заман Жарғысы» и "
                                "Карагандинский филиал ОО «Казахстанское международное бюро по правам человека и соблюдению законности».",
              "starts_at": _at(2021, 12, 17, 15)}, []),
        ],
    )  # fmt: skip

    _event(
        "vko-civil-forum-2025", kind=EventKind.FORUM,
        title_ru="Гражданский форум «Голос региона: Общественные советы как драйвер перемен»",
        title_kk="«Өңір үні: Қоғамдық кеңестер – өзгерістердің қозғаушы күші» азаматтық форумы",
        theme_ru="Общественные советы, общественный контроль и участие граждан в решениях",
        description_ru=(
            "Форум к 30-летию Конституции собрал более ста активных жителей области. Утренние сессии шли "
            "в юртах этнодеревни Левобережного музея-заповедника, пленарное заседание — в Колонном зале "
            "ВКТУ им. Д. Серикбаева. В конце наградили самых активных представителей гражданского сектора. "
            "Число условное: в источнике указан только год."
        ),
        region="east-kazakhstan", city="ust-kamenogorsk", starts_at=_at(2025, 8, 28, 9), ends_at=_at(2025, 8, 28, 18),
        format=EventFormat.OFFLINE, venue="Колонный зал ВКТУ им. Д. Серикбаева", cover_credit="Акимат ВКО", capacity=150,
        organisers=[("akimat-vko", OrganiserRole.CUSTOMER), ("kz-civil-alliance", OrganiserRole.PARTNER),
                    ("vktu-serikbayev", OrganiserRole.PARTNER)],
        sessions=[
            ({"kind": S.PLATFORM, "title_ru": "Сессии в юртах: законодательство, НПО, инклюзия, экология, молодёжь, село",
              "title_kk": "Киіз үйдегі сессиялар: заңнама, ҮЕҰ, инклюзия, экология, жастар, ауыл",
              "starts_at": _at(2025, 8, 28, 9), "ends_at": _at(2025, 8, 28, 12),
              "place": "Этнодеревня Левобережного музея-заповедника", "collects_proposals": True}, []),
            ({"kind": S.PLENARY, "title_ru": "Пленарное заседание", "title_kk": "Пленарлық отырыс",
              "starts_at": _at(2025, 8, 28, 14), "ends_at": _at(2025, 8, 28, 16), "place": "Колонный зал ВКТУ"},
             [("Ербол Нургалиев", P, "заместитель акима ВКО", "akimat-vko"),
              ("Бибигуль Жексенбай", P, "депутат Сената, заместитель председателя Национального Курултая", ""),
              ("Бану Нургазиева", P, "президент", "kz-civil-alliance")]),
            ({"kind": S.AWARDS, "title_ru": "Церемония награждения", "title_kk": "Марапаттау рәсімі",
              "starts_at": _at(2025, 8, 28, 16)}, []),
        ],
    )  # fmt: skip

    _event(
        "pavlodar-ngo-meeting", kind=EventKind.MEETING,
        title_ru="Первая встреча НПО Павлодара с заместителем акима города",
        title_kk="Павлодар ҮЕҰ-ның қала әкімінің орынбасарымен алғашқы кездесуі",
        description_ru=(
            "Активные НПО города впервые собрались с заместителем акима Саяном Мукановым. В городе "
            "зарегистрировано 511 НПО, действуют 315. Говорили о диалоговых площадках, социальных проектах "
            "и о том, как НПО рассказывать о себе. Год в демо-данных условный."
        ),
        region="pavlodar", city="pavlodar", starts_at=_at(2018, 4, 6, 15), ends_at=_at(2018, 4, 6, 17),
        format=EventFormat.OFFLINE, venue="Культурно-досуговый центр «Колос»", capacity=80,
        organisers=[("pavlodar-ovp", OrganiserRole.ORGANISER), ("pavlodar-alliance", OrganiserRole.PARTNER),
                    ("tumar", OrganiserRole.PARTNER)],
        sessions=[
            ({"kind": S.SECTION, "title_ru": "Встреча с заместителем акима",
              "title_kk": "Әкім орынбасарымен кездесу", "starts_at": _at(2018, 4, 6, 15), "place": "КДЦ «Колос»"},
             [("Саян Муканов", M, "заместитель акима города Павлодара", ""),
              ("Ержан Рахимжанов", P, "руководитель отдела внутренней политики", "pavlodar-ovp"),
              ("Ажар Сагандыкова", P, "", "pavlodar-alliance"),
              ("Багжанат Каирбекова", P, "", "tumar")]),
        ],
    )  # fmt: skip

    # One upcoming forum, open for registration, so that the demo shows the registration.
    today = dt.date.today()
    year = today.year + (1 if today.month >= 10 else 0)
    _event(
        "sko-forum-xiii", kind=EventKind.FORUM, series=regional, ordinal=13,
        title_ru="областной форум неправительственных организаций", title_kk="облыстық үкіметтік емес ұйымдар форумы",
        description_ru="Демо: предстоящий форум с двумя диалоговыми площадками, очно и онлайн.",
        region="north-kazakhstan", city="petropavlovsk", starts_at=_at(year, 10, 16), ends_at=_at(year, 10, 16, 17),
        format=EventFormat.HYBRID, venue="Дворец школьников", online_url="https://zoom.us/", capacity=120,
        organisers=[("nko-uvp", OrganiserRole.CUSTOMER)],
        sessions=[
            ({"kind": S.PLATFORM, "title_ru": "Диалоговая площадка «НПО и общественные советы»",
              "title_kk": "«ҮЕҰ және қоғамдық кеңестер» диалог алаңы", "starts_at": _at(year, 10, 16, 10),
              "collects_proposals": True, "capacity": 60}, []),
            ({"kind": S.PLATFORM, "title_ru": "Диалоговая площадка «Молодёжь и волонтёрство»",
              "title_kk": "«Жастар және волонтерлік» диалог алаңы", "starts_at": _at(year, 10, 16, 10),
              "collects_proposals": True, "capacity": 60}, []),
        ],
    )  # fmt: skip
    if stdout:
        stdout.write(f"  events: {Event.objects.count()} events (the five of the seeds and one upcoming)\n")
