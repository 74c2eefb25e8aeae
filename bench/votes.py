"""Vote ingestion against gunicorn on PostgreSQL: votes/s, latency, and exactly-once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/birgemiz_votes .venv/bin/python bench/votes.py

Creates the database's tables if needed and an open poll, then:
1. measures the raw single-row INSERT rate of the same PostgreSQL from Python (one connection,
   autocommit, a unique (poll, voter) key like the votes table) — the floor to compare with;
2. starts gunicorn (``--workers`` × ``--threads``), warms it with ``--warmup`` votes on another
   poll (a server in production is warm), and sends ``--users`` voters, one vote each
   (``POST /api/v1/polls/{id}/vote``, no cookie: each is a new browser), over ``--connections``
   keep-alive connections from an asyncio client;
3. then ``--repeaters`` voters who each try ``--tries`` times with their cookie: one vote counted,
   the rest refused with 409;
4. checks that the stored votes, the counters and the distinct voters agree (0 lost, 0 doubled).
It prints CPU time per vote of gunicorn, of this client and of the rest (PostgreSQL), from
/proc. The load generator runs on the same two cores as gunicorn and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "birgemiz.settings")
os.environ.setdefault("DEBUG", "true")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def busy_cpu_seconds() -> float:
    """CPU time the whole machine spent working (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its live children (gunicorn's arbiter and workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        process, parent = int(stat.parent.name), int(parts[1])
        if pid in (process, parent):
            total += (int(parts[11]) + int(parts[12])) / tick
    return total


def raw_insert_rate(dsn: str, rows: int) -> float:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_votes")
        conn.execute(
            "CREATE TABLE bench_raw_votes (id bigserial primary key, poll_id int, voter_key varchar(64),"
            " created_at timestamptz default now(), unique (poll_id, voter_key))"
        )
        started = time.perf_counter()
        for i in range(rows):
            conn.execute("INSERT INTO bench_raw_votes (poll_id, voter_key) VALUES (%s, %s)", (1, f"c:{i}"))
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_raw_votes")
    return rows / elapsed


class Client:
    """A minimal HTTP/1.1 keep-alive client: cheap enough to leave the cores to the server."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n"
        )
        if cookie:
            head += f"Cookie: {cookie}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            self.reader = self.writer = None
        return status, headers, data


async def run_load(host, port, path, body, jobs: list[tuple[int, int]], connections: int):
    """jobs: (voter index, tries). Returns latencies and status counts."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker():
        client = Client(host, port)
        while not queue.empty():
            _voter, tries = queue.get_nowait()
            cookie = ""
            for _ in range(tries):
                started = time.perf_counter()
                status, headers, _data = await client.post(path, body, cookie)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                set_cookie = headers.get("set-cookie", "")
                if set_cookie.startswith("birgemiz_voter="):
                    cookie = set_cookie.split(";", 1)[0]

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return time.perf_counter() - started, latencies, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--repeaters", type=int, default=100)
    parser.add_argument("--tries", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument("--port", type=int, default=8611)
    parser.add_argument("--raw-rows", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured votes that warm the workers")
    args = parser.parse_args()
    dsn = os.environ.get("DATABASE_URL", "")
    if not dsn.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database (the benchmark is about PostgreSQL).")
        return 2

    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from birgemiz.accounts.models import User
    from birgemiz.polls import services
    from birgemiz.polls.choices import PollMode, PollStatus
    from birgemiz.polls.models import Poll

    call_command("migrate", verbosity=0)
    author, _ = User.objects.get_or_create(email="bench-votes@example.kz", defaults={"full_name": "Bench"})
    poll = services.poll_create(
        author=author,
        data={"question_ru": f"Бенчмарк {secrets.token_hex(3)}", "mode": PollMode.OPEN,
              "status": PollStatus.OPEN, "opens_at": timezone.now() - dt.timedelta(minutes=1),
              "closes_at": timezone.now() + dt.timedelta(hours=1)},
        answers=[("Да", "Иә"), ("Нет", "Жоқ"), ("Не знаю", "Білмеймін")],
    )  # fmt: skip
    answer = poll.answers.first().pk
    warm_up = services.poll_create(
        author=author,
        data={"question_ru": f"Разогрев {secrets.token_hex(3)}", "mode": PollMode.OPEN,
              "status": PollStatus.OPEN, "opens_at": timezone.now() - dt.timedelta(minutes=1),
              "closes_at": timezone.now() + dt.timedelta(hours=1)},
        answers=[("Да", "Иә"), ("Нет", "Жоқ")],
    )  # fmt: skip
    warm = (warm_up.pk, warm_up.answers.first().pk)
    connection.close()

    raw = raw_insert_rate(dsn.replace("postgres://", "postgresql://", 1), args.raw_rows)
    print(f"raw single-row INSERT (Python, one connection, autocommit): {raw:,.0f} rows/s")

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + secrets.token_urlsafe(40)),
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RATE_LIMIT_POLL_VOTES_PER_MINUTE": "100000000",  # one address sends every vote here
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "birgemiz.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", args.worker_class,
         "--log-level", "warning", "--keep-alive", "30", *os.environ.get("BENCH_GUNICORN_ARGS", "").split()],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        # A server in production is warm: every worker has imported its code and opened its
        # database connection before the burst. Warm them on a throwaway poll, unmeasured.
        warm_poll, warm_answer = warm
        asyncio.run(
            run_load(
                "127.0.0.1", args.port, f"/api/v1/polls/{warm_poll}/vote",
                json.dumps({"choices": [warm_answer]}).encode(), [(i, 1) for i in range(args.warmup)],
                args.connections,
            )
        )  # fmt: skip
        path = f"/api/v1/polls/{poll.pk}/vote"
        body = json.dumps({"choices": [answer]}).encode()
        busy0, server0, client0 = (
            busy_cpu_seconds(),
            process_tree_cpu_seconds(server.pid),
            time.process_time(),
        )
        elapsed, lat, statuses = asyncio.run(
            run_load(
                "127.0.0.1", args.port, path, body, [(i, 1) for i in range(args.users)], args.connections
            )
        )
        busy = busy_cpu_seconds() - busy0
        server_cpu = process_tree_cpu_seconds(server.pid) - server0
        client_cpu = time.process_time() - client0
        rate = args.users / elapsed
        print(
            f"{args.users} voters × 1 vote over {args.connections} connections "
            f"(gunicorn {args.workers}×{args.threads} {args.worker_class}): {rate:,.0f} votes/s, "
            f"p50 {pct(lat, 50) * 1000:.1f} / p95 {pct(lat, 95) * 1000:.1f} / "
            f"p99 {pct(lat, 99) * 1000:.1f} ms, "
            f"statuses {dict(sorted(statuses.items()))}"
        )
        print(f"ratio to the raw INSERT rate: {rate / raw:.2f}")
        per_vote = 1000 / args.users
        print(
            f"CPU per vote: {busy * per_vote:.2f} ms in all (gunicorn {server_cpu * per_vote:.2f}, "
            f"this client {client_cpu * per_vote:.2f}, PostgreSQL and the rest "
            f"{(busy - server_cpu - client_cpu) * per_vote:.2f}); "
            f"{os.cpu_count()} cores busy {busy / elapsed / (os.cpu_count() or 1):.0%}"
        )
        elapsed2, lat2, statuses2 = asyncio.run(
            run_load(
                "127.0.0.1", args.port, path, body, [(i, args.tries) for i in range(args.repeaters)],
                min(args.connections, args.repeaters),
            )
        )  # fmt: skip
        print(
            f"{args.repeaters} voters × {args.tries} tries: "
            f"{args.repeaters * args.tries / elapsed2:,.0f} requests/s, p50 {pct(lat2, 50) * 1000:.1f} / "
            f"p95 {pct(lat2, 95) * 1000:.1f} ms, statuses {dict(sorted(statuses2.items()))}"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from birgemiz.polls import selectors

    poll = Poll.objects.get(pk=poll.pk)
    stored = poll.votes.count()
    expected = args.users + args.repeaters
    selectors.forget_counts(poll)
    counted = selectors.results(poll)
    drift = services.reconcile(poll)
    lost, doubled = max(0, expected - stored), max(0, stored - expected)
    print(
        f"stored votes {stored}, distinct voters {expected}, counters {counted.voters} voters / "
        f"{counted.choices} answers, drift {len(drift)}: {lost} lost, {doubled} doubled"
    )
    ok = stored == expected == counted.voters == counted.choices and not drift
    print(f"goal ≥ 2,000 votes/s: {'met' if rate >= 2000 else 'not met'}; ≥ 50 % of raw: "
          f"{'met' if rate >= raw / 2 else 'not met'}; exactly-once: {'yes' if ok else 'NO'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
