"""Redis stopped: the site keeps serving pages, comments and the dictionary.

The cache backend (core/tolerant_cache.py) answers a failed call as a miss; these tests
drive it against a port where nothing listens, against a Redis of the test's own that is
stopped and started again, and through the site in-process. test_servers_under_faults.py
stops Redis under a real app server.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from broadsheet.core import tolerant_cache
from broadsheet.core.tolerant_cache import TolerantRedisCache
from broadsheet.talk.models import Commenter, ModerationSettings
from tests.faults.servers import ROOT, Redis, free_port


def _backend(url: str, **options) -> TolerantRedisCache:
    return TolerantRedisCache(url, {"OPTIONS": {"RETRY_SECONDS": 0, **options}})


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    tolerant_cache.forget_outages()
    yield
    tolerant_cache.forget_outages()


def test_every_call_to_a_stopped_server_is_a_miss_or_a_no_op(caplog):
    """The documented answer of each call when Redis does not answer (module doc)."""
    cache = _backend(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="broadsheet.core.tolerant_cache"):
        assert cache.get("k") is None
        assert cache.get("k", "fallback") == "fallback"
        assert cache.set("k", 1) is None
        assert cache.add("k", 1) is False
        assert cache.touch("k") is False
        assert cache.delete("k") is False
        assert cache.has_key("k") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.delete_many(["a", "b"]) is None
        assert cache.clear() is False
        assert cache.get_or_set("k", "computed") == "computed"
        # A counter that cannot count is a counter that does not exist (Django's ValueError).
        with pytest.raises(ValueError):
            cache.incr("k")
        with pytest.raises(ValueError):
            cache.decr("k")
    assert "unavailable" in caplog.text


def test_one_warning_per_outage_and_calls_rest_meanwhile(caplog, monkeypatch):
    """After a failure the server is left alone for RETRY_SECONDS: no connection attempts."""
    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"RETRY_SECONDS": 3600}}
    )
    with caplog.at_level(logging.WARNING, logger="broadsheet.core.tolerant_cache"):
        assert cache.get("k") is None
        attempts = []
        monkeypatch.setattr(
            type(cache._cache), "get", lambda *a: attempts.append(a) or None, raising=True
        )
        for _ in range(50):
            assert cache.get("k") is None
    assert attempts == []
    assert caplog.text.count("unavailable") == 1


def test_short_socket_timeouts_by_default_and_settings_win():
    cache = _backend("redis://127.0.0.1:1/0")
    assert cache._options["socket_timeout"] == 0.5
    assert cache._options["socket_connect_timeout"] == 0.5
    assert "RETRY_SECONDS" not in cache._options
    assert _backend("redis://127.0.0.1:1/0", socket_timeout=2)._options["socket_timeout"] == 2


def test_a_real_redis_stopped_and_started_again(tmp_path):
    """Values round-trip; with the server stopped, misses; started again, it serves again."""
    redis = Redis(tmp_path)
    redis.start()
    try:
        cache = _backend(redis.url)
        cache.set("k", {"v": 1})
        assert cache.get("k") == {"v": 1}
        assert cache.add("n", 1) is True
        assert cache.incr("n") == 2
        redis.stop()
        assert cache.get("k", "miss") == "miss"
        with pytest.raises(ValueError):
            cache.incr("n")
        redis.start()  # an empty server: no persistence
        assert cache.get("k", "miss") == "miss"
        cache.set("k", "again")
        assert cache.get("k") == "again"
    finally:
        redis.stop()


def test_settings_choose_the_tolerant_backend_and_sessions_do_not_need_redis():
    """REDIS_URL selects TolerantRedisCache; sessions live in the database either way."""
    code = (
        "import json; from broadsheet import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], "
        "getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db')]))"
    )
    env = {"REDIS_URL": "redis://127.0.0.1:1/0", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    backend, sessions = json.loads(out.stdout)
    assert backend == "broadsheet.core.tolerant_cache.TolerantRedisCache"
    assert sessions == "django.contrib.sessions.backends.db"


def test_the_site_serves_pages_comments_and_the_dictionary_without_redis(
    home, politics, article, django_user_model
):
    """In-process, every cache call fails to connect: readers see no difference but speed."""
    down = {
        "default": {
            "BACKEND": "broadsheet.core.tolerant_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    config = ModerationSettings.load()
    config.hold_first_comments = 0
    config.save()
    reader = django_user_model.objects.create_user(username="no-redis-reader")
    Commenter.objects.create(
        user=reader, display_name="No Redis reader", accepted_policy_at=timezone.now()
    )
    with override_settings(CACHES=down, PAGE_CACHE_SECONDS=300):
        assert isinstance(caches["default"], TolerantRedisCache)
        anonymous = Client()
        for url in (home.url, politics.url, article.url, article.url, "/dictionary/"):
            assert anonymous.get(url).status_code == 200, url
        assert anonymous.get("/api/dictionary/economy").status_code == 200
        client = Client(enforce_csrf_checks=False)
        client.force_login(reader)
        response = client.post(
            f"/api/comments/articles/{article.pk}",
            {"text": "Served without Redis."},
            content_type="application/json",
            headers={"Idempotency-Key": "no-redis-0001"},
        )
        assert response.status_code == 201, response.content
        assert b"Served without Redis." in anonymous.get(article.url).content
