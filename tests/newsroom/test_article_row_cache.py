"""The router keeps an article's row in the shared cache (newsroom/routing.py, `_article`):
a warm uncached render reads nothing from the database, and every change to the article,
its place or its slug, or to a view restriction above it, is served at once.

The suite runs with the page cache off, so each request here routes and renders the page.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from broadsheet.newsroom.models import SectionPage

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def headline(response) -> str:
    html = response.content.decode()
    start = html.index('<h1 class="bs-article__headline">')
    return html[start : html.index("</h1>", start)].split(">", 1)[1]


def test_a_warm_uncached_render_makes_no_query(client, article):
    first, first_queries = get(client, article.url)
    again, queries = get(client, article.url)
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert first_queries > 0 and queries == 0


def test_an_edit_is_served_at_once(client, article):
    get(client, article.url)
    article.title = "A corrected headline"
    article.save_revision().publish()
    response, _ = get(client, article.url)
    assert headline(response) == "A corrected headline"


def test_an_unpublished_or_deleted_article_is_gone_at_once(client, article, politics):
    other = politics.articles()[1]
    get(client, article.url), get(client, other.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    url = other.url
    other.delete()
    assert client.get(url).status_code == 404


def test_a_moved_article_leaves_its_old_address(client, article):
    old = article.url
    get(client, old)
    business = SectionPage.objects.get(url_path="/home/business/")
    article.move(business, pos="last-child")
    article.refresh_from_db()
    assert client.get(old).status_code != 200  # Wagtail's redirect to the new address
    response, _ = get(client, article.url)
    assert response.status_code == 200 and article.url.startswith("/business/")


def test_a_new_slug_leaves_the_old_address(client, article, django_capture_on_commit_callbacks):
    old = article.url
    get(client, old)
    article.slug = "a-new-slug-for-the-story"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals it on commit
        article.save_revision().publish()
    article.refresh_from_db()
    assert client.get(old).status_code != 200
    assert client.get(article.url).status_code == 200


def test_a_view_restriction_above_a_kept_row_applies_at_once(client, article, politics):
    get(client, article.url), get(client, article.url)
    PageViewRestriction.objects.create(
        page=politics, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    response = client.get(article.url)
    assert b"Password required" in response.content
    assert article.title.encode() not in response.content


def test_each_language_reads_its_own_row(client, article):
    get(client, article.url)
    client.cookies.load({"django_language": "ko"})
    korean, _ = get(client, article.url)
    again, queries = get(client, article.url)
    assert korean.status_code == 200 and again.content == korean.content and queries == 0


@pytest.mark.parametrize("change", ["move", "slug"])
def test_a_stored_copy_of_the_old_address_is_not_served(
    client, article, settings, page_cache_hits, django_capture_on_commit_callbacks, change
):
    """With the page cache on, the old address's stored page goes too (core.page_cache's
    receivers for a move and a new slug); without them it would be answered for a day."""
    settings.PAGE_CACHE_SECONDS = 300
    old = article.url
    client.get(old)
    assert page_cache_hits.from_cache(client, old)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a slug on commit
        if change == "move":
            article.move(SectionPage.objects.get(url_path="/home/business/"), pos="last-child")
        else:
            article.slug = "a-new-slug-for-the-story"
            article.save_revision().publish()
    before = page_cache_hits.count
    client.get(old)
    assert page_cache_hits.count == before, "the old address came from the page cache"
