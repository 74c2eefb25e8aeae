"""Demo organisations: the ones the regional news pages name (in our own words), and Pavlodar's
511 registered NGOs of which 315 are active (FACTS.md, seed 004), so the figures page shows
the real proportion. Idempotent: runs again without adding anything."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from birgemiz.geo.models import City, Region
from birgemiz.orgs import search, services
from birgemiz.orgs.bin import check_digit
from birgemiz.orgs.choices import MemberRole, OrgKind, OrgStatus, StateBodyKind
from birgemiz.orgs.models import LegalForm, Organisation, Sphere
from birgemiz.orgs.selectors import invalidate_lists

PAVLODAR_REGISTERED, PAVLODAR_ACTIVE = 511, 315


def demo_bin(year: int, month: int, serial: int, *, unit: str = "0") -> str:
    """A BIN that passes the check: YYMM, 4 (resident legal entity), unit, serial, check digit."""
    while True:
        prefix = f"{year % 100:02d}{month:02d}4{unit}{serial % 100000:05d}"
        digit = check_digit(prefix)
        if digit is not None:
            return prefix + str(digit)
        serial += 1


# (key, kind, state body kind, legal form, name_ru, name_kk, region, city, spheres, leader, title, registered)
NAMED = (
    ("kz-civil-alliance", OrgKind.NGO, "", "association_of_legal_entities", "Гражданский альянс Казахстана",
     "Қазақстанның Азаматтық альянсы", "astana", "astana", ("civil_society",), "Бану Нургазиева", "Президент", (2005, 3)),
    ("akmola-alliance", OrgKind.NGO, "", "association_of_legal_entities", "Гражданский альянс Акмолинской области",
     "Ақмола облысының Азаматтық альянсы", "akmola", "kokshetau", ("civil_society",), "", "", (2008, 5)),
    ("karaganda-alliance", OrgKind.NGO, "", "association_of_legal_entities", "Гражданский альянс Карагандинской области",
     "Қарағанды облысының Азаматтық альянсы", "karaganda", "karaganda", ("civil_society",), "", "", (2007, 9)),
    ("pavlodar-alliance", OrgKind.NGO, "", "association_of_legal_entities", "Гражданский альянс Павлодарской области",
     "Павлодар облысының Азаматтық альянсы", "pavlodar", "pavlodar", ("civil_society",), "Ажар Сагандыкова",
     "Представитель", (2009, 2)),
    ("karaganda-uvp", OrgKind.STATE_BODY, StateBodyKind.INTERNAL_POLICY, "", "Управление внутренней политики Карагандинской области",
     "Қарағанды облысының ішкі саясат басқармасы", "karaganda", "karaganda", (), "", "", (2002, 1)),
    ("nko-uvp", OrgKind.STATE_BODY, StateBodyKind.INTERNAL_POLICY, "", "Управление внутренней политики Северо-Казахстанской области",
     "Солтүстік Қазақстан облысының ішкі саясат басқармасы", "north-kazakhstan", "petropavlovsk", (), "", "", (2002, 2)),
    ("akmola-uvp", OrgKind.STATE_BODY, StateBodyKind.INTERNAL_POLICY, "", "Управление внутренней политики Акмолинской области",
     "Ақмола облысының ішкі саясат басқармасы", "akmola", "kokshetau", (), "", "", (2002, 3)),
    ("pavlodar-ovp", OrgKind.STATE_BODY, StateBodyKind.INTERNAL_POLICY, "", "Отдел внутренней политики города Павлодара",
     "Павлодар қаласының ішкі саясат бөлімі", "pavlodar", "pavlodar", (), "Ержан Рахимжанов", "Руководитель", (2003, 4)),
    ("pavlodar-akimat", OrgKind.STATE_BODY, StateBodyKind.AKIMAT, "", "Акимат города Павлодара",
     "Павлодар қаласының әкімдігі", "pavlodar", "pavlodar", ("local_government",), "", "", (1999, 6)),
    ("vko-akimat", OrgKind.STATE_BODY, StateBodyKind.AKIMAT, "", "Акимат Восточно-Казахстанской области",
     "Шығыс Қазақстан облысының әкімдігі", "east-kazakhstan", "ust-kamenogorsk", ("local_government",), "", "", (1999, 7)),
    ("grazhdane-kz", OrgKind.NGO, "", "public_association", "Граждане Казахстана", "Қазақстан азаматтары",
     "karaganda", "temirtau", ("civil_society", "youth"), "", "", (2012, 10)),
    ("zaman-zhargysy", OrgKind.NGO, "", "public_association", "Заман Жарғысы", "Заман Жарғысы",
     "karaganda", "karaganda", ("law", "civil_society"), "", "", (2014, 6)),
    ("kibpchsz", OrgKind.NGO, "", "public_association",
     "Казахстанское международное бюро по правам человека и соблюдению законности",
     "Адам құқықтары және заңдылықты сақтау жөніндегі Қазақстан халықаралық бюросы",
     "almaty", "almaty", ("human_rights", "law"), "", "", (1993, 7)),
    ("women-future", OrgKind.NGO, "", "public_association", "Женщины – за будущее нации", "",
     "pavlodar", "pavlodar", ("women", "civil_society"), "Жанна Бороздина", "Председатель", (2006, 3)),
    ("umit-uzbeu", OrgKind.NGO, "", "public_foundation", "Үміт үзбеу", "Үміт үзбеу",
     "pavlodar", "pavlodar", ("social_protection", "disability", "veterans"), "Гаухар Омарова", "Директор", (2011, 9)),
    ("tumar", OrgKind.NGO, "", "public_foundation", "Центр Тұмар", "Тұмар орталығы",
     "pavlodar", "pavlodar", ("science", "education"), "Багжанат Каирбекова", "", (2013, 2)),
    ("ana-uii", OrgKind.NGO, "", "public_foundation", "Ана Үйі", "Ана Үйі",
     "astana", "astana", ("women", "children", "social_protection"), "", "", (2016, 4)),
    ("zhenskii-luch", OrgKind.NGO, "", "public_association", "Женский луч", "",
     "east-kazakhstan", "ust-kamenogorsk", ("women",), "", "", (2010, 11)),
    ("institute-lsg", OrgKind.NGO, "", "private_institution", "Институт развития местного самоуправления", "",
     "north-kazakhstan", "petropavlovsk", ("local_government", "civil_society"), "", "", (2015, 5)),
    ("batyr", OrgKind.NGO, "", "public_association", "Батыр", "Батыр",
     "akmola", "kokshetau", ("sport", "youth"), "", "", (2017, 8)),
)  # fmt: skip

ADJECTIVES = ("Добрые", "Новые", "Светлые", "Зелёные", "Молодые", "Активные", "Открытые", "Дружные", "Чистые")
NOUNS = ("сердца", "горизонты", "инициативы", "берега", "люди", "крылья", "шаги", "истоки", "голоса", "руки")
WORDS_KK = ("Жарқын", "Болашақ", "Мейірім", "Бірлік", "Шаңырақ", "Ұрпақ", "Нұр", "Сенім", "Жастар", "Достық")


@transaction.atomic
def load_demo_orgs(stdout=None, show_passwords: bool = False) -> None:
    if Organisation.objects.filter(slug="pavlodar-alliance").exists():
        return
    forms = {f.code: f for f in LegalForm.objects.all()}
    spheres = {s.code: s for s in Sphere.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    cities = {(c.region.slug, c.slug): c for c in City.objects.select_related("region")}
    orgs = {}
    for n, (
        key,
        kind,
        sb_kind,
        form,
        name_ru,
        name_kk,
        region,
        city,
        codes,
        leader,
        title,
        (y, m),
    ) in enumerate(NAMED):
        city_obj = cities.get((region, city)) or next((c for (r, s), c in cities.items() if s == city), None)
        orgs[key] = services.org_create(
            actor=None,
            data={
                "kind": kind, "state_body_kind": sb_kind, "legal_form": forms.get(form), "name_ru": name_ru,
                "name_kk": name_kk, "region": regions.get(region) or (city_obj.region if city_obj else None),
                "city": city_obj, "spheres": [spheres[c] for c in codes], "leader_name": leader,
                "leader_title": title, "registered_on": dt.date(y, m, 10), "bin": demo_bin(y, m, 1000 + n),
                "status": OrgStatus.ACTIVE, "description": "",
            },
        )  # fmt: skip
        Organisation.objects.filter(pk=orgs[key].pk).update(slug=key)
        orgs[key].slug = key
    # A branch: the Karaganda branch of the human-rights bureau.
    branch = services.org_create(
        actor=None,
        data={
            "kind": OrgKind.NGO, "legal_form": forms["branch"], "parent": orgs["kibpchsz"],
            "name_ru": "Карагандинский филиал ОО «Казахстанское международное бюро по правам человека и соблюдению законности»",
            "short_name_ru": "КМБПЧ, Карагандинский филиал", "region": regions["karaganda"],
            "city": cities[("karaganda", "karaganda")], "spheres": [spheres["human_rights"]],
            "registered_on": dt.date(1999, 4, 1), "bin": demo_bin(1999, 4, 2000, unit="1"),
        },
    )  # fmt: skip
    Organisation.objects.filter(pk=branch.pk).update(slug="kibpchsz-karaganda")
    for region_key in ("akmola", "karaganda", "pavlodar"):
        alliance = orgs[f"{region_key}-alliance"]
        alliance.umbrellas.add(orgs["kz-civil-alliance"])
    for key in ("women-future", "umit-uzbeu", "tumar"):
        orgs[key].umbrellas.add(orgs["pavlodar-alliance"])
    for key in ("grazhdane-kz", "zaman-zhargysy"):
        orgs[key].umbrellas.add(orgs["karaganda-alliance"])
    _generate_pavlodar(forms, spheres, regions["pavlodar"], cities[("pavlodar", "pavlodar")])
    _link_demo_people(orgs)
    if stdout:
        stdout.write(
            f"  orgs: {Organisation.objects.count()} organisations (Pavlodar: 511 NGOs, 315 active)\n"
        )


def _generate_pavlodar(forms, spheres, region, city) -> None:
    """Fill Pavlodar city up to 511 NGOs on the register, 315 of them active."""
    rng = random.Random(511)  # noqa: S311  demo data, reproducible
    existing = Organisation.objects.filter(kind=OrgKind.NGO, city=city)
    active_now = existing.filter(status=OrgStatus.ACTIVE).count()
    to_make = PAVLODAR_REGISTERED - existing.count()
    active_to_make = PAVLODAR_ACTIVE - active_now
    other = [OrgStatus.INACTIVE] * 6 + [OrgStatus.SUSPENDED] * 2 + [OrgStatus.IN_LIQUIDATION]
    form_pool = (
        [forms["public_association"]] * 6 + [forms["public_foundation"]] * 3 + [forms["private_institution"]]
    )
    sphere_list = list(spheres.values())
    rows = []
    for n in range(to_make):
        if n % 3 == 0:
            name_ru, name_kk = "", f"{rng.choice(WORDS_KK)} {rng.choice(WORDS_KK).lower()} {n}"
        else:
            name_ru, name_kk = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {n}", ""
        year = rng.randint(1996, 2023)
        org = Organisation(
            kind=OrgKind.NGO, legal_form=rng.choice(form_pool), name_ru=name_ru, name_kk=name_kk,
            slug=f"pavlodar-ngo-{n + 1}", region=region, city=city, registered_on=dt.date(year, rng.randint(1, 12), 1),
            bin=demo_bin(year, rng.randint(1, 12), 50000 + n * 7),
            status=OrgStatus.ACTIVE if n < active_to_make else rng.choice(other),
        )  # fmt: skip
        org.search_text = search.index_text(name_ru, name_kk, org.bin)
        rows.append(org)
    # BINs must stay unique even if two random months collide with a serial.
    seen = set(Organisation.objects.exclude(bin=None).values_list("bin", flat=True))
    for org in rows:
        while org.bin in seen:
            org.bin = demo_bin(int("20" + org.bin[:2]) if org.bin[:2] < "30" else int("19" + org.bin[:2]),
                               int(org.bin[2:4]), int(org.bin[6:11]) + 1)  # fmt: skip
        seen.add(org.bin)
    created = Organisation.objects.bulk_create(rows, batch_size=500)
    through = Organisation.spheres.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, sphere_id=rng.choice(sphere_list).pk) for o in created],
        batch_size=1000,
    )
    invalidate_lists()  # bulk rows and slug updates send no signals


def _link_demo_people(orgs) -> None:
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@birgemiz.kz")}
    links = (
        ("ngo.leader@birgemiz.kz", "akmola-alliance", MemberRole.LEADER),
        ("official@birgemiz.kz", "nko-uvp", MemberRole.EDITOR),
    )
    for email, key, role in links:
        if email in users:
            services.member_add(actor=None, org=orgs[key], user=users[email], role=role)
