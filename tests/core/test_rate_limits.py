"""core.rate_limits: named limits per account and per address, counted in the shared cache.

Every test runs against the local-memory and the file cache (the file cache across real
processes too), and against Redis when the suite has one (BROADSHEET_TEST_REDIS_URL).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured

from broadsheet.core import rate_limits
from broadsheet.core.environment import env_rate
from broadsheet.core.rate_limits import RateLimited

LIMITS = {
    "probe": {"account": (3, 60), "address": (5, 60)},
    "other": {"account": (3, 60), "address": None},
}
BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "file": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"},
}
if os.environ.get("BROADSHEET_TEST_REDIS_URL"):
    BACKENDS["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["BROADSHEET_TEST_REDIS_URL"],
    }


@pytest.fixture(params=sorted(BACKENDS))
def limits(request, settings, tmp_path):
    """The limits above, on one cache backend; returns the backend's name."""
    backend = dict(BACKENDS[request.param])
    if request.param == "file":
        backend["LOCATION"] = str(tmp_path / "cache")
    settings.CACHES = {"default": backend}
    settings.RATE_LIMITS = LIMITS
    return request.param


def _allowed(n: int, **who) -> int:
    """How many of n checks of "probe" pass."""
    passed = 0
    for _ in range(n):
        try:
            rate_limits.check("probe", **who)
        except RateLimited:
            continue
        passed += 1
    return passed


def test_an_account_is_refused_past_its_count_with_the_seconds_to_wait(limits):
    count, seconds = LIMITS["probe"]["account"]
    for _ in range(count):
        rate_limits.check("probe", account=1)
    with pytest.raises(RateLimited) as caught:
        rate_limits.check("probe", account=1)
    error = caught.value
    assert error.status == 429 and error.code == "rate_limited"
    assert 1 <= error.retry_after <= seconds
    assert error.headers() == {"Retry-After": str(error.retry_after)}
    assert error.as_dict()["scope"] == "account" and error.as_dict()["limit"] == "probe"


def test_the_account_limit_counts_across_addresses(limits):
    count = LIMITS["probe"]["account"][0]
    passed = sum(_allowed(1, account=7, address=f"10.0.0.{i}") for i in range(count + 2))
    assert passed == count


def test_the_address_limit_counts_across_accounts(limits):
    count = LIMITS["probe"]["address"][0]
    passed = sum(_allowed(1, account=i, address="10.0.0.1") for i in range(count + 2))
    assert passed == count


def test_other_readers_other_addresses_and_other_limits_are_not_touched(limits):
    _allowed(10, account=1, address="10.0.0.1")
    assert _allowed(1, account=2, address="10.0.0.2") == 1
    rate_limits.check("other", account=1, address="10.0.0.1")  # its own count
    rate_limits.check("unnamed", account=1, address="10.0.0.1")  # no limit configured


def test_anonymous_requests_count_by_address_only(limits):
    count = LIMITS["probe"]["address"][0]
    assert _allowed(count + 3, account=None, address="10.0.0.3") == count


def test_a_new_window_opens_when_the_last_one_ends(limits, monkeypatch):
    if limits == "redis":
        pytest.skip("Redis expires keys by its own clock; the flood test covers Redis")
    count, seconds = LIMITS["probe"]["account"]
    assert _allowed(count + 1, account=3) == count
    later = time.time() + seconds + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert _allowed(count + 1, account=3) == count


def _hammer(n: int, start, queue) -> None:
    start.wait(timeout=60)
    queue.put(_allowed(n, address="10.9.9.9"))


def test_the_file_cache_counts_atomically_across_processes(settings, tmp_path):
    """Four processes at once, as an app server's workers: exactly the limit passes."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.RATE_LIMITS = {"probe": {"account": None, "address": (700, 600)}}
    context = multiprocessing.get_context("fork")
    queue, start = context.Queue(), context.Event()
    workers = [context.Process(target=_hammer, args=(250, start, queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    passed = sum(queue.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert passed == 700, passed


class BrokenCache(BaseCache):
    """A cache whose server is gone: every call fails as a client library's would."""

    def __init__(self, location, params):
        super().__init__(params)

    def __getattribute__(self, name):
        if name in {"add", "get", "set", "incr", "delete", "has_key", "touch", "clear"}:
            raise ConnectionError("cache server down")
        return super().__getattribute__(name)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("backend", ["broken", "redis-stopped"])
def test_when_the_cache_cannot_count_requests_pass_and_a_warning_is_logged(
    settings, caplog, backend
):
    settings.CACHES = {
        "default": (
            {"BACKEND": f"{__name__}.BrokenCache"}
            if backend == "broken"
            else {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
                "OPTIONS": {"socket_connect_timeout": 1},
            }
        )
    }
    settings.RATE_LIMITS = LIMITS
    with caplog.at_level(logging.WARNING, logger="broadsheet.core.rate_limits"):
        assert _allowed(10, account=1, address="10.0.0.1") == 10
    assert any("not counted" in record.getMessage() for record in caplog.records)


def test_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_X", "7/30")
    assert env_rate("RATE_LIMIT_X", "1/1") == (7, 30)
    monkeypatch.setenv("RATE_LIMIT_X", "off")
    assert env_rate("RATE_LIMIT_X", "1/1") is None
    for bad in ("7", "x/30", "0/30", "7/0"):
        monkeypatch.setenv("RATE_LIMIT_X", bad)
        with pytest.raises(ImproperlyConfigured):
            env_rate("RATE_LIMIT_X", "1/1")


def test_every_limit_the_site_uses_is_configured(settings):
    for name in ("comment_edit", "report", "recommend", "saved_words", "dictionary_lookup"):
        assert set(settings.RATE_LIMITS[name]) == {"account", "address"}
    assert settings.RATE_LIMITS["dictionary_lookup"]["address"] is not None
