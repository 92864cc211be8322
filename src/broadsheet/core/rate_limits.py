"""Named rate limits, counted in Django's cache and shared by every worker and app server.

``settings.RATE_LIMITS`` maps a name ("report", "dictionary_lookup"...) to a limit per
account and per client address, each ``(count, seconds)`` or ``None``. ``check(name, ...)``
counts one request against both and raises ``RateLimited`` (a ``ReaderError``, 429 with
Retry-After) once either is over. Call it first, before any other work.

Counts live in the default cache: Redis where ``REDIS_URL`` is set (every app server sees the
same counts); with the file cache, small counter files in the cache's folder, each rewritten
in place under a lock (every worker of one machine); local memory (tests) under a thread
lock. A window opens at the first request and lasts its seconds.
If the cache cannot count (its server is down), the request goes through and a warning is
logged: a broken cache must not take the site down with it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import logging
import math
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from broadsheet.core.client import client_ip
from broadsheet.core.errors import ReaderError

logger = logging.getLogger(__name__)

SCOPES = ("account", "address")
# Part of every key; tests change it so that one test's counts never reach another.
NAMESPACE = "ratelimit:v1"
_thread_lock = threading.Lock()


class RateLimited(ReaderError):
    """Too many requests of one kind from one account or address: wait `retry_after` s."""

    def __init__(self, name: str, scope: str, retry_after: int) -> None:
        super().__init__(
            "rate_limited",
            wait_message(retry_after),
            status=429,
            retry_after=retry_after,
            limit=name,
            scope=scope,
        )


def wait_message(seconds: int) -> str:
    if seconds >= 120:
        minutes = math.ceil(seconds / 60)
        return ngettext(
            "You are doing this too often. Please wait %(count)d minute and try again.",
            "You are doing this too often. Please wait %(count)d minutes and try again.",
            minutes,
        ) % {"count": minutes}
    return ngettext(
        "You are doing this too often. Please wait %(count)d second and try again.",
        "You are doing this too often. Please wait %(count)d seconds and try again.",
        seconds,
    ) % {"count": seconds}


def limit_for(name: str, scope: str) -> tuple[int, int] | None:
    """The (count, seconds) of a named limit in one scope, or None where there is none."""
    return settings.RATE_LIMITS.get(name, {}).get(scope)


def check(name: str, *, account: object = None, address: str | None = None) -> None:
    """Count one request of kind `name`; raise RateLimited if the account or address is over.

    `account` is the reader's primary key (None for anonymous), `address` the client address
    (``core.client.client_ip``). Both are counted even when one is already over, so a flood from one
    address with many accounts and one account from many addresses are both caught.
    """
    refusal: RateLimited | None = None
    for scope, who in (("account", account), ("address", address)):
        limit = limit_for(name, scope)
        if limit is None or who in (None, ""):
            continue
        allowed, window = limit
        try:
            count, retry_after = _count(_key(name, scope, str(who)), window)
        except Exception:  # the cache server is down: fail open, say so
            logger.warning(
                "rate limit %s not counted: the cache is unavailable", name, exc_info=True
            )
            return
        if count > allowed and (refusal is None or retry_after > (refusal.retry_after or 0)):
            refusal = RateLimited(name, scope, retry_after)
    if refusal is not None:
        raise refusal


def check_request(name: str, request: HttpRequest) -> None:
    """`check` for the request's reader (if logged in) and client address."""
    user = getattr(request, "user", None)
    account = user.pk if user is not None and user.is_authenticated else None
    check(name, account=account, address=client_ip(request))


def refusal_page(request: HttpRequest, error: ReaderError) -> HttpResponse:
    """The no-JavaScript answer to a refusal: a page with its status and Retry-After."""
    response = render(request, "core/refusal.html", {"error": error}, status=error.status)
    for header, value in error.headers().items():
        response[header] = value
    return response


def _key(name: str, scope: str, who: str) -> str:
    # Addresses and account ids are kept only as a keyed hash.
    digest = hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256).hexdigest()
    return f"{NAMESPACE}:{name}:{scope}:{digest[:32]}"


def _count(key: str, window: int) -> tuple[int, int]:
    """Add one to the key's count in its window; return the count and the seconds left."""
    store = caches["default"]
    if isinstance(store, RedisCache):
        return _count_in_redis(store, key, window)
    if isinstance(store, FileBasedCache):
        folder = Path(settings.CACHES["default"]["LOCATION"]) / "rate-limits"
        return _count_in_file(folder, key, window)
    with _thread_lock:  # local memory (one process): its threads take turns
        now = time.time()
        until = store.get(f"{key}:until")
        if until is None or until <= now:  # a new window opens with this request
            store.set(f"{key}:until", now + window, timeout=window)
            store.set(key, 1, timeout=window)
            return 1, window
        count = int(store.get(key) or 0) + 1
        left = min(max(math.ceil(until - now), 1), window)
        store.set(key, count, timeout=left)
        return count, left


def _count_in_redis(store: BaseCache, key: str, window: int) -> tuple[int, int]:
    """SET NX opens a window, INCR counts in it: each atomic, shared by every app server."""
    now = time.time()
    if store.add(f"{key}:until", now + window, timeout=window):
        store.set(key, 1, timeout=window)  # a new window, whatever an old counter holds
        return 1, window
    try:
        count = store.incr(key)
    except ValueError:  # the counter expired a moment before its window's end
        store.set(key, 1, timeout=window)
        count = 1
    until = store.get(f"{key}:until")
    left = window if until is None else math.ceil(float(until) - now)
    return count, min(max(left, 1), window)


def _count_in_file(folder: Path, key: str, window: int) -> tuple[int, int]:
    """The file cache's counters: one small file per key in the cache's folder, rewritten in
    place under an exclusive lock that every worker of the machine respects.

    Not through FileBasedCache.set, which replaces a file by renaming a new one over it: on
    ext4 under load that took 2-3 ms per write here, against microseconds in place.
    """
    name = hashlib.sha256(key.encode()).hexdigest()[:40]
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        now = time.time()
        fields = os.pread(fd, 64, 0).split()
        until, count = (float(fields[0]), int(fields[1])) if len(fields) == 2 else (0.0, 0)
        opened = until <= now
        if opened:  # a new window opens with this request
            until, count = now + window, 0
        count += 1
        os.pwrite(fd, f"{until:20.3f} {count:20d}\n".encode(), 0)
    finally:
        os.close(fd)  # and with it the lock
    if opened and name.startswith("00"):  # now and then (1 in 256 new windows) sweep
        _sweep(folder, now)
    return count, min(max(math.ceil(until - now), 1), window)


def _sweep(folder: Path, now: float) -> None:
    """Delete the counters whose windows ended (a count in a deleted file starts afresh)."""
    for path in folder.iterdir():
        try:
            fields = path.read_bytes()[:64].split()
            if len(fields) != 2 or float(fields[0]) < now:
                path.unlink(missing_ok=True)
        except (OSError, ValueError):
            continue
