"""The site's URLs plus ``/bench/floor/<key>``, used only by bench/pages.py.

The floor returns, from memory, the very bytes a page returned (saved by the benchmark into
``$BENCH_FLOOR_DIR``), through the same middleware stack, so that a page's requests per second
divided by the floor's shows what the page's own work costs beyond the framework, the
middleware, the server and the transfer of that many bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from birgemiz import urls as site_urls

_bodies: dict[str, tuple[bytes, str]] = {}


def floor(request: HttpRequest, key: str) -> HttpResponse:
    if key not in _bodies:
        directory = Path(os.environ.get("BENCH_FLOOR_DIR", ""))
        body_file = directory / f"{key}.body"
        if not os.environ.get("BENCH_FLOOR_DIR") or not body_file.is_file():
            raise Http404("no such floor body")
        _bodies[key] = (body_file.read_bytes(), (directory / f"{key}.type").read_text().strip())
    body, content_type = _bodies[key]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bench/floor/<slug:key>", floor, name="bench_floor"), *site_urls.urlpatterns]

handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
