"""The site generation: one value that every stored page carries, so that one change drops all.

Read with the path's generation in one round trip; set by `invalidate_site` (newsroom calls it
when the navigation changes); given to the caching proxies by `site_generation`, which they
put in their keys. On the embedded file cache and on Redis (started by ./run test).
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from broadsheet.core import page_cache
from broadsheet.core.tasks import EVERY_PAGE

pytestmark = pytest.mark.django_db
SITE_KEY = page_cache.GENERATION_KEY.format(path=EVERY_PAGE)


@pytest.fixture(autouse=True, params=["file", "redis"])
def page_cache_on(request, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    if request.param == "file":
        location = str(tmp_path / "cache")
        backend = "django.core.cache.backends.filebased.FileBasedCache"
    else:
        location = os.environ.get("BROADSHEET_TEST_REDIS_URL", "")
        if not location:
            pytest.skip("no Redis server: ./run test starts one")
        backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": tmp_path.name}
    }
    cache.clear()
    page_cache.clear_local_copy()


def warm(client, hits, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert hits.from_cache(client, url), f"{url} comes from the page cache"


def test_invalidating_the_site_drops_every_stored_page(client, page_cache_hits, politics, article):
    warm(client, page_cache_hits, politics.url, article.url)
    page_cache.invalidate_site()
    assert not page_cache_hits.from_cache(client, politics.url)
    assert not page_cache_hits.from_cache(client, article.url)


def test_another_workers_site_invalidation_is_seen_within_the_generation_ttl(
    client, page_cache_hits, article, monkeypatch
):
    """Set straight in the shared cache, as another process's `invalidate_site` does."""
    warm(client, page_cache_hits, article.url)
    cache.set(SITE_KEY, page_cache.new_generation())
    assert page_cache_hits.from_cache(
        client, article.url
    )  # this worker's copy is younger than the TTL
    monotonic = page_cache.time.monotonic
    later = monotonic() + page_cache._LocalMemo.GENERATION_TTL + 1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert not page_cache_hits.from_cache(client, article.url)


class Reads:
    """The shared cache, counting its reads."""

    def __init__(self, real) -> None:
        self.real, self.seen = real, []

    def __getattr__(self, name: str):
        found = getattr(self.real, name)
        if name not in ("get", "get_many"):
            return found

        def read(*args, **kwargs):
            self.seen.append((name, args))
            return found(*args, **kwargs)

        return read


def test_a_hit_reads_both_generations_in_one_round_trip(
    client, page_cache_hits, article, settings, monkeypatch
):
    """Behind the proxy every hit re-reads the generations: one `get_many`, as one `get`
    before the site generation. Otherwise a hit within the TTL reads nothing shared."""
    warm(client, page_cache_hits, article.url)
    reads = Reads(cache)
    monkeypatch.setattr(page_cache, "cache", reads)
    client.get(article.url)
    assert reads.seen == []
    settings.PROXY_PURGE_URLS = ["http://127.0.0.1:9"]
    assert page_cache_hits.from_cache(client, article.url)
    assert [name for name, _ in reads.seen] == ["get_many"], reads.seen


def test_the_proxies_get_the_site_generation_to_key_pages_by(client, article):
    first = client.get(page_cache.SITE_GENERATION_PATH)
    assert first.status_code == 204
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    generation = first[page_cache.SITE_GENERATION_HEADER]
    assert int(generation) > 0
    assert client.get(page_cache.SITE_GENERATION_PATH)[page_cache.SITE_GENERATION_HEADER] == (
        generation
    )
    page_cache.invalidate_site()
    again = client.get(page_cache.SITE_GENERATION_PATH)[page_cache.SITE_GENERATION_HEADER]
    assert again != generation


def test_an_invalidation_purges_the_proxies_once_for_every_page(settings, monkeypatch):
    sent = []
    monkeypatch.setattr(page_cache, "enqueue_on_commit", lambda job, paths: sent.append(paths))
    settings.PAGE_PURGERS = ["broadsheet.core.proxy_purge.purge_paths"]
    page_cache.invalidate_site()
    assert sent == [[EVERY_PAGE]]
