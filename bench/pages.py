#!/usr/bin/env python3
"""Page benchmark: gunicorn on 127.0.0.1 against a database, locust (headless) on each URL.

    .venv/bin/python bench/pages.py --urls /ru/ /ru/regions/karaganda/ --concurrency 20 --duration 15

For every URL it prints requests per second, p50/p95/p99 latency and the ratio of its requests
per second to a *floor*: an endpoint that returns the same bytes from memory through the same
middleware stack and server (bench/urls.py). A ratio near 1 means the page's own work (queries,
templates) costs little next to the framework; 0.25 means the page is four times as expensive.

The server runs production settings (DEBUG off, a generated SECRET_KEY, manifest static files)
over plain HTTP. Without --database-url it uses the SQLite file of `make run`, migrated and with
the demo content loaded. Later modules reuse this with their own URLs and bigger databases.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(args, floor_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        HTTPS="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL=args.log_level,
        BENCH_FLOOR_DIR=str(floor_dir),
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str], args) -> None:
    """Migrate (and load the demo when on the default database); collect static files if needed."""
    manage(env, "migrate", "--noinput", "-v", "0")
    if not args.database_url and not args.no_demo:
        manage(env, "demo")
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        print("Collecting static files (once)...", flush=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"), "birgemiz.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--no-control-socket",
        "--timeout", "60",
        "--log-level", "warning",
    ]  # fmt: skip
    with log.open("w") as fh:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": "ru"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def wait_healthy(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up (see its log above)")
        try:
            if fetch(f"{base}/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{base}/healthz did not answer 200 within {timeout:.0f}s")


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def drive(base: str, path: str, args, workdir: Path) -> dict:
    """Run locust headless on one path; measure after a warm-up second."""
    samples_file = workdir / f"samples-{secrets.token_hex(4)}.json"
    env = dict(os.environ, BENCH_PATH=path, BENCH_SAMPLES=str(samples_file))
    command = [
        str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "--users", str(args.concurrency), "--spawn-rate", str(args.concurrency),
        "--run-time", f"{args.duration + args.warmup}s", "--stop-timeout", "5",
        "--host", base, "--exit-code-on-error", "0",
    ]  # fmt: skip
    log = workdir / "locust.log"
    with log.open("a") as fh:
        subprocess.run(command, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, check=True)
    samples = json.loads(samples_file.read_text())
    if not samples:
        raise SystemExit(f"locust recorded no request for {path}; see {log}")
    first = min(s[0] for s in samples)
    window_start = first + args.warmup
    measured = [s for s in samples if s[0] >= window_start]
    window_end = max(s[0] + s[1] / 1000 for s in measured) if measured else window_start
    elapsed = max(window_end - window_start, 1e-9)
    ok_times = sorted(s[1] for s in measured if s[2])
    return {
        "path": path,
        "requests": len(measured),
        "errors": sum(1 for s in measured if not s[2]),
        "rps": len(ok_times) / elapsed,
        "p50": percentile(ok_times, 0.50),
        "p95": percentile(ok_times, 0.95),
        "p99": percentile(ok_times, 0.99),
        "mean": statistics.fmean(ok_times) if ok_times else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="", help="database to serve (default: the SQLite file of make run)"
    )
    parser.add_argument("--urls", nargs="+", default=["/ru/", "/ru/regions/karaganda/"])
    parser.add_argument("--concurrency", type=int, default=20, help="simultaneous users (closed loop)")
    parser.add_argument("--duration", type=int, default=15, help="measured seconds per URL")
    parser.add_argument("--warmup", type=int, default=2, help="seconds left out at the start of each run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--log-level", default="WARNING", help="the server's LOG_LEVEL (INFO logs every request)"
    )
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo content")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="birgemiz-bench-"))
    floor_dir = workdir / "floor"
    floor_dir.mkdir()
    env = server_env(args, floor_dir)
    prepare(env, args)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = workdir / "gunicorn.log"
    server = start_server(env, port, args.workers, server_log)
    results = []
    try:
        wait_healthy(base, server)
        pages = []
        for index, path in enumerate(args.urls):
            status, body, content_type = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}, not 200: nothing to benchmark")
            key = f"page{index}"
            (floor_dir / f"{key}.body").write_bytes(body)
            (floor_dir / f"{key}.type").write_text(content_type or "text/html; charset=utf-8")
            floor_status, floor_body, _ = fetch(f"{base}/bench/floor/{key}")
            assert floor_status == 200 and floor_body == body, "the floor must return the same bytes"
            pages.append((path, key, len(body)))
        cache = "redis" if os.environ.get("REDIS_URL") else "local memory"
        database = args.database_url or "sqlite (var/birgemiz.sqlite3)"
        print(
            f"\nbench/pages.py: gunicorn {args.workers} sync workers on 127.0.0.1, {os.cpu_count()} CPUs, "
            f"database {database.split('@')[-1]}, cache {cache}; locust {args.concurrency} users, "
            f"{args.duration}s per URL after {args.warmup}s warm-up; gzip accepted\n",
            flush=True,
        )
        for path, key, size in pages:
            print(f"  running {path} ...", flush=True)
            page = drive(base, path, args, workdir)
            floor = None
            if not args.no_floor:
                print(f"  running floor for {path} ({size} bytes) ...", flush=True)
                floor = drive(base, f"/bench/floor/{key}", args, workdir)
            results.append({"url": path, "bytes": size, "page": page, "floor": floor})
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if any(r["page"]["errors"] for r in results) else 0


def print_table(results: list[dict]) -> None:
    header = (
        f"{'URL':<32} {'bytes':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'floor req/s':>12} {'ratio':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for r in results:
        page, floor = r["page"], r["floor"]
        floor_rps = f"{floor['rps']:.0f}" if floor else "-"
        ratio = f"{page['rps'] / floor['rps']:.2f}" if floor and floor["rps"] else "-"
        print(
            f"{r['url']:<32} {r['bytes']:>8} {page['rps']:>8.0f} {page['p50']:>8.1f} {page['p95']:>8.1f} "
            f"{page['p99']:>8.1f} {page['errors']:>7} {floor_rps:>12} {ratio:>6}"
        )
        if floor:
            print(
                f"{'  floor (same bytes)':<32} {'':>8} {floor['rps']:>8.0f} {floor['p50']:>8.1f} "
                f"{floor['p95']:>8.1f} {floor['p99']:>8.1f} {floor['errors']:>7}"
            )
    print()


if __name__ == "__main__":
    sys.exit(main())
