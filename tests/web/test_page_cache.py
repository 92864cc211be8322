"""The anonymous page cache serves repeat visits and forgets exactly what publishing changes."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_second_anonymous_visit_is_served_from_the_cache(client, article):
    first, body1 = queries_for(client, article.url)
    second, body2 = queries_for(client, article.url)
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
