"""Fixed-window rate limits kept in the cache (Redis in production, shared by every host).

Limits are named in ``settings.RATE_LIMITS`` (count, seconds). ``hit`` counts one attempt and
says whether it is still allowed; views answer 429 with a translated page when not.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the N-th address from the right."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(name: str, key: str) -> bool:
    """Count an attempt at ``name`` by ``key``; False once the window's budget is spent."""
    limit, window = settings.RATE_LIMITS[name]
    bucket = int(time.time() // window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rl:{name}:{bucket}:{digest}"
    # add() is atomic on Redis and locmem, so two hosts never both start the counter at 1.
    if cache.add(cache_key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=window + 1)
            count = 1
    return count <= limit


def hit_request(name: str, request: HttpRequest, extra: str = "") -> bool:
    """Rate-limit by client address (and ``extra``, e.g. the e-mail tried)."""
    allowed = hit(name, client_ip(request))
    if extra:
        allowed = hit(name, f"extra:{extra.lower()}") and allowed
    return allowed
