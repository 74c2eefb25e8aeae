"""One URL, hit as fast as the users can (closed loop); raw timings saved for exact percentiles.

Driven by bench/pages.py through the environment: BENCH_PATH (the URL path) and
BENCH_SAMPLES (where to write ``[[start_unix_time, response_ms, ok], ...]`` at the end).
"""

from __future__ import annotations

import json
import os

from locust import FastHttpUser, constant, events, task

PATH = os.environ.get("BENCH_PATH", "/healthz")
SAMPLES_FILE = os.environ.get("BENCH_SAMPLES", "")
# Like a browser: compressed responses, Russian first.
HEADERS = {"Accept-Encoding": "gzip", "Accept-Language": "ru,kk;q=0.8,en;q=0.5"}
samples: list[tuple[float, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    started = kwargs.get("start_time") or 0.0
    samples.append((started, float(response_time), exception is None))


@events.quitting.add_listener
def _save(environment, **kwargs):
    if SAMPLES_FILE:
        with open(SAMPLES_FILE, "w") as fh:
            json.dump(samples, fh)


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        self.client.get(PATH, headers=HEADERS, name=PATH)
