"""Tag and archive pages come from the page cache and are purged with the articles they list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.core import page_cache
from broadsheet.newsroom.models import SectionPage
from broadsheet.newsroom.services import ArticleDocument, publish_article

pytestmark = pytest.mark.django_db
KST = dt.timezone(dt.timedelta(hours=9))
MAY = dt.datetime(1991, 5, 10, 9, tzinfo=KST)
PAGES = ["/tags/purge-tag/", "/archive/", "/archive/1991/", "/archive/1991/05/"]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    page_cache.clear_local_copy()


def publish(section, key, when, tags):
    return publish_article(
        ArticleDocument(
            source_id=f"purge-test-{key}",
            headline=f"Purge headline {key}",
            body=[("paragraph", "<p>Body</p>")],
            published_at=when,
            tags=tags,
        ),
        section,
    ).article


def read(client, url) -> tuple[str, int]:
    """The page's HTML and the queries it cost (0: it came from the page cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def test_publishing_unpublishing_retagging_and_moving_purge_tag_and_archive_pages(client, politics):
    publish(politics, "stays", MAY, ["purge-tag"])
    mover = publish(politics, "mover", MAY + dt.timedelta(hours=1), ["purge-tag"])
    for url in PAGES:
        read(client, url)
        assert read(client, url)[1] == 0, f"{url} is served from the page cache"

    fresh = publish(politics, "fresh", MAY + dt.timedelta(days=2), ["purge-tag"])
    for url in PAGES[:1] + PAGES[3:]:
        assert "Purge headline fresh" in read(client, url)[0], url
    assert 'href="/archive/1991/05/12/"' in read(client, "/archive/1991/05/")[0]

    fresh.unpublish()
    for url in PAGES[:1] + PAGES[3:]:
        assert "Purge headline fresh" not in read(client, url)[0], url

    # Retagged and redated: the lists that showed it before are purged too.
    publish(politics, "mover", MAY + dt.timedelta(days=40), ["another-tag"])
    assert "Purge headline mover" not in read(client, "/tags/purge-tag/")[0]
    assert "Purge headline mover" not in read(client, "/archive/1991/05/")[0]
    assert "Purge headline mover" in read(client, "/archive/1991/06/")[0]
    assert "Purge headline mover" in read(client, "/tags/another-tag/")[0]

    national = SectionPage.objects.get(url_path="/home/national/")
    mover.refresh_from_db()
    mover.move(national, pos="last-child")
    assert f'href="/national/{mover.slug}/"' in read(client, "/tags/another-tag/")[0]


def test_purging_an_article_purges_its_tag_and_archive_pages(client, article):
    """What a visible comment does (talk's refresh): the cards' comment counts are fresh."""
    tag = article.tags.first()
    day = article.published_at.astimezone(KST)
    urls = [f"/tags/{tag.slug}/", f"/archive/{day:%Y}/{day:%m}/{day:%d}/"]
    for url in urls:
        read(client, url)
    page_cache.invalidate_pages([article])
    for url in urls:
        assert read(client, url)[1] > 0, f"{url} is rendered afresh"
