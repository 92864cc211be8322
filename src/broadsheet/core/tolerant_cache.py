"""Django's Redis cache, made to tolerate a stopped or unreachable Redis server.

Everything that uses the default cache (Wagtail's site root paths, the page cache, the
dictionary's glossary, the rate limits) keeps working while Redis is down: a read is a miss,
a write does nothing, and Django's documented answer for a missing key is given instead of
an error. The rule for each call:

    get -> the default          get_many -> {}          has_key, add, touch, delete -> False
    set, delete_many -> nothing  set_many -> every key (as not stored)    clear -> False
    incr, decr -> ValueError, as for a missing key (Django's API): a counter that cannot
    count looks like a counter that does not exist yet.

Each failure is logged as a warning once per outage. After a failure the server is left
alone for `RETRY_SECONDS` (an OPTIONS entry, default 5): calls in that time are misses at
once instead of each waiting for a connection. The socket timeouts are short by default
(`socket_connect_timeout` and `socket_timeout`, 0.5 s), so a server that hangs rather than
refuses costs a request at most that long before the rest period starts.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# What a stopped, restarting or unreachable server raises (BusyLoadingError included).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class _Outages:
    """When each server may be tried again; shared by the threads of a process.

    Django gives every thread its own cache object, so this state lives outside them.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.until: dict[str, float] = {}

    def resting(self, server: str) -> bool:
        until = self.until.get(server)
        return until is not None and time.monotonic() < until

    def failed(self, server: str, seconds: float, what: str, error: Exception) -> None:
        with self.lock:
            first = server not in self.until
            self.until[server] = time.monotonic() + seconds
        if first:
            log.warning(
                "cache server %s unavailable (%s: %s); serving without it, retrying every %ss",
                server,
                what,
                error,
                seconds,
            )

    def answered(self, server: str) -> None:
        if server in self.until:
            with self.lock:
                if self.until.pop(server, None) is not None:
                    log.info("cache server %s answers again", server)


_outages = _Outages()


class TolerantRedisCache(RedisCache):
    """RedisCache whose calls treat a connection failure as a miss (see the module doc)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **options}})
        self._server_name = server if isinstance(server, str) else ",".join(server)

    def _call(self, what: str, miss: Any, call, *args, **kwargs) -> Any:
        if _outages.resting(self._server_name):
            return miss
        try:
            result = call(*args, **kwargs)
        except UNAVAILABLE as error:
            _outages.failed(self._server_name, self.retry_seconds, what, error)
            return miss
        _outages.answered(self._server_name)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, super().incr, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found: the cache server is unavailable.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)


def forget_outages() -> None:
    """Try every server again at once (tests restart servers under a running process)."""
    with _outages.lock:
        _outages.until.clear()
