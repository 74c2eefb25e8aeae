#!/usr/bin/env python3
# ruff: noqa: E501, S106  (a script: long SQL lines; "!" is Django's unusable password)
"""Proposals at national scale, on PostgreSQL: 100,000 proposals and 1,000,000 supports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/birgemiz_proposals \
        .venv/bin/python bench/proposals.py [--proposals 100000] [--supports 1000000] [--runs 200]

Fills the database once (COPY; later runs reuse the rows), then renders pages in process with
production settings (DEBUG off, no network in the way) and prints p50/p95 and the number of
SQL queries of: the list (several filters and sorts, a deep page), one proposal's page and the
accountability dashboard; then 1,000 people support one proposal at once from 64 threads, each
with its own database connection, and checks that the public count is exactly right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "birgemiz.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")  # in process, no TLS in the way
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")


def setup():
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import logging
    import warnings

    logging.getLogger("birgemiz.request").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")


BODIES = 60
USERS = 20_000


def fill(n_proposals: int, n_supports: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from birgemiz.geo.models import Region
    from birgemiz.orgs.models import Organisation, Sphere
    from birgemiz.proposals import deadlines
    from birgemiz.proposals.models import Proposal

    have = Proposal.objects.count()
    if have >= n_proposals:
        print(f"reusing {have:,} proposals")
        return
    t0 = time.perf_counter()
    rng = random.Random(5)
    regions = list(Region.objects.all())
    spheres = list(Sphere.objects.values_list("pk", flat=True))
    bodies = list(Organisation.objects.filter(slug__startswith="bench-body-"))
    if not bodies:
        Organisation.objects.bulk_create(
            Organisation(kind="state_body", state_body_kind="akimat", name_ru=f"Акимат {i} (бенчмарк)",
                         slug=f"bench-body-{i}", region=regions[i % len(regions)])
            for i in range(BODIES)
        )  # fmt: skip
        bodies = list(Organisation.objects.filter(slug__startswith="bench-body-"))
    User = get_user_model()
    if User.objects.filter(email__startswith="bench-").count() < USERS:
        now = timezone.now()
        User.objects.bulk_create(
            (User(email=f"bench-{i}@bench.kz", full_name=f"Участник {i}", password="!", email_verified_at=now)
             for i in range(USERS)), batch_size=5000, ignore_conflicts=True,
        )  # fmt: skip
    users = list(User.objects.filter(email__startswith="bench-").values_list("pk", flat=True))
    today = timezone.localdate()
    statuses = ["received"] * 4 + [
        "under_consideration",
        "forwarded",
        "accepted",
        "answered",
        "rejected",
        "implemented",
    ]
    # The deadline of each day of receipt, computed before COPY (the calendar reads the database,
    # which a connection busy with COPY cannot answer).
    due_of = {
        today - dt.timedelta(days=d): deadlines.first_answer_due(today - dt.timedelta(days=d))
        for d in range(731)
    }
    cols = ("title, text, sphere_id, region_id, addressee_id, author_id, language, origin, status, forwarded_up, "
            "created_at, clock_started_on, due_at, extended, first_answered_at, status_changed_at, supports, "
            "comments_count, hidden_reason, off_wall, embedding_version")  # fmt: skip
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY proposals_proposal ({cols}) FROM STDIN") as copy,
    ):
        for i in range(n_proposals - have):
            body = bodies[i % len(bodies)]
            received = today - dt.timedelta(days=rng.randrange(0, 730))
            status = rng.choice(statuses)
            created = timezone.make_aware(dt.datetime.combine(received, dt.time(rng.randrange(9, 18))))
            answered = None
            if status in ("accepted", "answered", "rejected", "implemented"):
                answered = created + dt.timedelta(days=rng.randrange(1, 40))
            copy.write_row((
                f"Предложение {i}: улучшить социальные услуги", f"Текст предложения номер {i}.",
                rng.choice(spheres), body.region_id, body.pk, rng.choice(users), "ru", "online", status, "",
                created, received, None if answered else due_of[received], False, answered, answered or created,
                0, 0, "", False, "",
            ))  # fmt: skip
    print(f"proposals: {n_proposals:,} in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    ids = list(Proposal.objects.values_list("pk", flat=True))
    per_user = max(1, n_supports // len(users))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE proposals_support")
        with cursor.connection.cursor().copy(
            "COPY proposals_support (proposal_id, user_id, created_at) FROM STDIN"
        ) as copy:
            now = timezone.now()
            # Popular proposals get more: a skewed pick, like real support.
            for user in users:
                for pk in {ids[int(len(ids) * rng.random() ** 3)] for _ in range(per_user)}:
                    copy.write_row((pk, user, now))
        cursor.execute(
            "UPDATE proposals_proposal p SET supports = s.n FROM "
            "(SELECT proposal_id, count(*) AS n FROM proposals_support GROUP BY proposal_id) s WHERE s.proposal_id = p.id"
        )
        cursor.execute("ANALYZE")
    print(f"supports: {Proposal.objects.model.support_rows.rel.related_model.objects.count():,} "
          f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip


def measure(client, url: str, runs: int, *, cold: bool = False) -> tuple[float, float, int, int]:
    """``cold``: clear the cache before every request (the dashboard keeps its figures 5 minutes)."""
    from django.core.cache import cache
    from django.db import connection

    client.get(url)
    if cold:
        cache.clear()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries), response.status_code


def pages(runs: int) -> None:
    from django.test import Client

    from birgemiz.proposals.models import Proposal

    client = Client(secure=True)
    popular = Proposal.objects.order_by("-supports").values_list("pk", flat=True).first()
    urls = [
        "/ru/proposals/",
        "/ru/proposals/?sort=supported",
        "/ru/proposals/?sort=unanswered",
        "/ru/proposals/?overdue=on",
        "/ru/proposals/?status=answered&region=pavlodar",
        "/ru/proposals/?body=bench-body-7",
        "/ru/proposals/?page=200",
        f"/ru/proposals/{popular}/",
        "/ru/proposals/dashboard/",
        "/ru/proposals/dashboard/ (cold)",
        "/api/v1/proposals?sort=supported",
    ]
    print(f"{'page':55} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for url in urls:
        cold = url.endswith(" (cold)")
        path = url.removesuffix(" (cold)")
        p50, p95, queries, status = measure(client, path, max(5, runs // 20) if cold else runs, cold=cold)
        assert status == 200, (url, status)
        print(f"{url:55} {p50:8.1f} {p95:8.1f} {queries:8d}")


def concurrent_supports(n: int = 1000, threads: int = 64) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    from birgemiz.proposals import services
    from birgemiz.proposals.models import Proposal, Support

    User = get_user_model()
    tag = secrets.token_hex(3)
    now = timezone.now()
    User.objects.bulk_create(
        User(email=f"crowd-{tag}-{i}@bench.kz", password="!", email_verified_at=now) for i in range(n)
    )
    crowd = list(User.objects.filter(email__startswith=f"crowd-{tag}-"))
    proposal = Proposal.objects.order_by("?").first()
    before = proposal.supports

    def one(user):
        try:
            services.support_add(user=user, proposal=proposal)
        finally:
            connections.close_all()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, crowd))
    took = time.perf_counter() - t0
    proposal.refresh_from_db()
    rows = Support.objects.filter(proposal=proposal).count()
    ok = proposal.supports == before + n == rows
    print(f"{n} concurrent supports from {threads} threads in {took:.1f} s: count {before} -> {proposal.supports}, "
          f"rows {rows}: {'EXACT' if ok else 'WRONG'}")  # fmt: skip
    if not ok:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    setup()
    fill(args.proposals, args.supports)
    pages(args.runs)
    concurrent_supports()


if __name__ == "__main__":
    main()
