"""The anonymous page cache serves repeat visits and forgets exactly what publishing changes."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.core import page_cache
from broadsheet.newsroom.services import ArticleDocument, publish_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["file", "redis"])
def page_cache_on(request, settings, tmp_path):
    """The embedded file cache, and Redis as production runs it (started by ./run test)."""
    settings.PAGE_CACHE_SECONDS = 300
    if request.param == "file":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    else:
        url = os.environ.get("BROADSHEET_TEST_REDIS_URL")
        if not url:
            pytest.skip("no Redis server: ./run test starts one")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"test-{tmp_path.name}",
            }
        }
    from django.core.cache import cache

    from broadsheet.core import page_cache

    cache.clear()
    page_cache.clear_local_copy()
    yield
    page_cache.clear_local_copy()


def queries_for(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content


def test_second_anonymous_visit_is_served_from_the_cache(client, article, page_cache_hits):
    first, body1 = queries_for(client, article.url)
    second, body2 = queries_for(client, article.url)
    assert page_cache_hits.count == 1
    assert body1 == body2
    assert second < first
    assert second == 0, "a hit costs no database query"


def test_languages_are_cached_apart(client, article, compile_translations):
    queries_for(client, article.url)
    client.cookies["django_language"] = "ko"
    _, korean = queries_for(client, article.url)
    assert 'lang="ko"' in korean.decode()


def test_publishing_an_article_refreshes_its_section_and_home(client, politics):
    _, before = queries_for(client, politics.url)
    publish_article(
        ArticleDocument(
            source_id="cache-test",
            headline="A freshly published headline",
            body=[("paragraph", "<p>Fresh.</p>")],
            published_at=politics.articles().first().published_at,
        ),
        politics,
    )
    _, after = queries_for(client, politics.url)
    assert b"A freshly published headline" not in before
    assert b"A freshly published headline" in after
    _, home = queries_for(client, "/")
    assert b"A freshly published headline" in home


def test_display_choices_are_cached_apart(client, article):
    """A dark or large-text copy stored for one reader is never served to another."""
    _, plain = queries_for(client, article.url)
    client.cookies["bs_theme"] = "dark"
    client.cookies["bs_text"] = "larger"
    _, dark = queries_for(client, article.url)
    del client.cookies["bs_theme"], client.cookies["bs_text"]
    _, plain_again = queries_for(client, article.url)
    assert b'class="bs-theme-system bs-text-standard"' in plain
    assert b'class="bs-theme-dark bs-text-larger"' in dark
    assert plain_again == plain


def test_a_made_up_display_cookie_shares_the_default_copy(client, article, page_cache_hits):
    """Unknown cookie values mean the default: they cannot multiply the stored copies."""
    queries_for(client, article.url)
    client.cookies["bs_theme"] = "neon"
    client.cookies["bs_text"] = "x" * 50
    count, body = queries_for(client, article.url)
    assert count == 0 and page_cache_hits.count == 1
    assert b'class="bs-theme-system bs-text-standard"' in body


def test_cached_pages_vary_on_cookie(client, article):
    """Browsers and shared caches keep one copy per cookie, so a new choice shows at once."""
    response = client.get(article.url)
    assert "Cookie" in response["Vary"]


def test_logged_in_readers_are_never_served_cached_pages(client, django_user_model, article):
    queries_for(client, article.url)
    user = django_user_model.objects.create_user("reader-cache")
    client.force_login(user)
    count, _ = queries_for(client, article.url)
    assert count > 3


def test_another_workers_invalidation_is_seen_within_the_generation_ttl(
    client, politics, monkeypatch
):
    """Workers keep a local copy; a generation bumped elsewhere (here: straight in the shared
    cache) is noticed once the local generation is older than GENERATION_TTL."""
    from django.core.cache import cache

    from broadsheet.core import page_cache

    queries_for(client, politics.url)
    assert queries_for(client, politics.url)[0] == 0
    cache.incr(page_cache.GENERATION_KEY.format(path=politics.url))
    monotonic = page_cache.time.monotonic
    monkeypatch.setattr(
        page_cache.time, "monotonic", lambda: monotonic() + page_cache._LocalMemo.GENERATION_TTL + 1
    )
    assert queries_for(client, politics.url)[0] > 0


def stored_keys() -> list[str]:
    """The page cache's keys in the shared cache (file cache: one file per key)."""
    backend = caches["default"]
    if hasattr(backend, "_dir"):
        return [name for name in os.listdir(backend._dir) if name.endswith(backend.cache_suffix)]
    client = backend._cache.get_client()
    return [key.decode() for key in client.keys(backend.make_key("*"))]


def _publish(politics, headline: str) -> None:
    publish_article(
        ArticleDocument(
            source_id=headline.lower().replace(" ", "-"),
            headline=headline,
            body=[("paragraph", "<p>Fresh.</p>")],
            published_at=politics.articles().first().published_at,
        ),
        politics,
    )


def test_unknown_paths_store_no_key_and_bounded_generations(client, settings):
    """A flood of made-up URLs (404s) adds no key to the shared cache and at most
    PAGE_CACHE_LOCAL_MAX_ENTRIES remembered generations to a worker."""
    settings.PAGE_CACHE_LOCAL_MAX_ENTRIES = 8
    client.get("/no-such-section/")  # Wagtail keeps its site's root paths in the cache too
    before = set(stored_keys())
    for i in range(40):
        assert client.get(f"/no-such-section-{i}/").status_code == 404
    assert set(stored_keys()) == before
    assert len(page_cache._memo.generations) <= settings.PAGE_CACHE_LOCAL_MAX_ENTRIES
    assert len(page_cache._memo.pages) == 0


def test_only_valid_canonical_page_numbers_are_stored(client, politics, article):
    """`?page=N` is stored only when N is the list page the page rendered, written plainly."""
    client.get(f"{article.url}?page=2")  # Wagtail keeps its site's root paths in the cache too
    before = set(stored_keys())
    for url in (
        f"{article.url}?page=x",
        f"{politics.url}?page=01",
        f"{politics.url}?page=+1",
        f"{politics.url}?page=1&page=1",
    ):
        client.get(url)
    assert set(stored_keys()) == before
    assert len(page_cache._memo.pages) == 0
    assert client.get(f"{politics.url}?page=999").status_code == 404
    assert set(stored_keys()) == before
    assert client.get(f"{politics.url}?page=1").status_code == 200
    # The first page stored also starts the site generation.
    assert len(set(stored_keys()) - before) == 3, "the page, its path's and the site's generation"
    assert len(page_cache._memo.pages) == 1


def test_a_workers_copy_is_bounded_in_entries_and_bytes(client, politics, settings):
    """The per-worker LRU keeps at most PAGE_CACHE_LOCAL_MAX_ENTRIES and _MAX_BYTES."""
    articles = list(politics.articles()[:5])
    settings.PAGE_CACHE_LOCAL_MAX_ENTRIES = 3
    sizes = [len(client.get(a.url).content) for a in articles]
    assert len(page_cache._memo.pages) == settings.PAGE_CACHE_LOCAL_MAX_ENTRIES
    biggest = max(sizes)  # room for any one of the pages, never two
    settings.PAGE_CACHE_LOCAL_MAX_BYTES = biggest + 1
    for a in articles:
        client.get(a.url)
    assert len(page_cache._memo.pages) == 1
    assert page_cache._memo.bytes <= settings.PAGE_CACHE_LOCAL_MAX_BYTES


def test_every_key_is_stored_with_a_finite_timeout(client, article, politics, monkeypatch):
    """Pages and generations expire; nothing is stored for ever."""
    backend = caches["default"]
    timeouts = []
    for name in ("set", "add", "touch"):
        original = getattr(backend, name)

        def recording(*args, _original=original, **kwargs):
            timeouts.append(kwargs.get("timeout", args[2] if len(args) > 2 else args[1]))
            return _original(*args, **kwargs)

        monkeypatch.setattr(backend, name, recording)
    client.get(article.url)
    page_cache.clear_local_copy()
    client.get(article.url)
    _publish(politics, "A headline that bumps generations")
    assert len(timeouts) >= 3
    assert all(isinstance(t, int) and t > 0 for t in timeouts), timeouts


def test_a_purged_page_is_not_resurrected_when_its_generation_is_evicted(client, politics):
    """The shared cache may evict a path's generation; the old copy must not come back."""
    queries_for(client, politics.url)
    _publish(politics, "A headline the old copy lacks")
    cache.delete(page_cache.GENERATION_KEY.format(path=politics.url))
    page_cache.clear_local_copy()
    count, body = queries_for(client, politics.url)
    assert count > 0, "re-rendered"
    assert b"A headline the old copy lacks" in body


class UnreachableCache:
    """A cache whose server is down: every call raises as redis-py does."""

    def __getattr__(self, name):
        def unreachable(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return unreachable


def test_pages_are_served_when_the_cache_server_is_down(client, article, politics, monkeypatch):
    """The page cache's server fails: readers get the view's page, publishing still works.

    (Only the page cache's calls fail here: Wagtail's own use of the default cache is
    another component's concern.)
    """
    monkeypatch.setattr(page_cache, "cache", UnreachableCache())
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 200
        assert article.title.encode() in response.content
    _publish(politics, "Published while the cache is down")
    assert b"Published while the cache is down" in client.get(politics.url).content
