"""500 people register at once for the last 100 places of an event (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/birgemiz_events .venv/bin/python bench/events.py

Creates an event with ``--taken`` confirmed registrations and ``--free`` places left, then
``--people`` threads (``--workers`` at a time, each its own database connection) call the
registration service together. Prints the outcome (exactly ``--free`` confirmed, the rest
waitlisted, no error), the throughput and the latency percentiles, then removes its rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "birgemiz.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--free", type=int, default=100)
    parser.add_argument("--taken", type=int, default=300)
    parser.add_argument(
        "--workers", type=int, default=48, help="concurrent connections (PostgreSQL allows ~100)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from birgemiz.accounts.models import User
    from birgemiz.events import services
    from birgemiz.events.choices import RegStatus
    from birgemiz.events.models import Event, Registration

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database: the bench measures row locks.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    stamp = int(time.time())
    starts = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(
        slug=f"bench-{stamp}", title_ru="Бенчмарк регистрации", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6), status="published", capacity=args.taken + args.free,
    )  # fmt: skip
    now = timezone.now()
    verified = {"email_verified_at": now, "personal_data_consent_at": now}
    earlier = User.objects.bulk_create(
        [
            User(email=f"bench-{stamp}-t{i}@example.kz", full_name=f"Делегат {i}", **verified)
            for i in range(args.taken)
        ]
    )
    Registration.objects.bulk_create(
        [Registration(event=event, user=u, status=RegStatus.CONFIRMED) for u in earlier]
    )
    people = User.objects.bulk_create(
        [
            User(email=f"bench-{stamp}-p{i}@example.kz", full_name=f"Участник {i}", **verified)
            for i in range(args.people)
        ]
    )
    go = threading.Event()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(share) -> None:
        # Each worker keeps its own connection (as a gunicorn worker would) and waits for the
        # start signal, so that every worker asks for a place at the same moment.
        connection.ensure_connection()
        go.wait()
        for user in share:
            t0 = time.perf_counter()
            try:
                services.registration_create(event=event, user=user)
            except Exception as error:  # noqa: BLE001  counted and printed
                with lock:
                    errors.append(repr(error))
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)
        connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(people[i :: args.workers],)) for i in range(args.workers)
    ]
    for t in threads:
        t.start()
    time.sleep(1)  # every worker connected and waiting
    started = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    new = Registration.objects.filter(event=event, user__in=people)
    confirmed = new.filter(status=RegStatus.CONFIRMED).count()
    waitlisted = new.filter(status=RegStatus.WAITLISTED).count()
    total_confirmed = Registration.objects.filter(event=event, status=RegStatus.CONFIRMED).count()
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"people registering at once : {args.people} ({args.workers} connections)")
    print(f"places left before         : {args.free} of {args.taken + args.free}")
    print(f"confirmed now              : {confirmed}")
    print(f"waitlisted                 : {waitlisted}")
    print(f"errors                     : {len(errors)} {errors[:3] if errors else ''}")
    print(f"confirmed in total         : {total_confirmed} (capacity {event.capacity})")
    print(f"wall time                  : {elapsed:.2f} s, {args.people / elapsed:.0f} registrations/s")
    print(f"latency ms p50/p95/max     : {quantiles[49]:.1f} / {quantiles[94]:.1f} / {max(latencies):.1f}")
    ok = confirmed == args.free and waitlisted == args.people - args.free and not errors
    print("RESULT", "OK" if ok else "WRONG")
    Registration.objects.filter(event=event).delete()
    event.delete()
    User.objects.filter(email__startswith=f"bench-{stamp}-").delete()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
