"""Query budgets: article and section pages cost a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.newsroom.services import ArticleDocument, publish_article

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_articles(section, n, tags=3, authors=2):
    import datetime as dt

    from django.utils import timezone

    for i in range(n):
        publish_article(
            ArticleDocument(
                source_id=f"query-test-{section.pk}-{i}",
                headline=f"Query budget article {i}",
                body=[("paragraph", f"<p>Body {i}</p>")],
                published_at=timezone.now() - dt.timedelta(hours=i),
                authors=[f"Writer {j}" for j in range(authors)],
                tags=[f"tag-{i}-{j}" for j in range(tags)],
            ),
            section,
        )


def test_section_page_queries_do_not_grow_with_articles(client, politics):
    before = count_queries(client, politics.url)
    add_articles(politics, 15, tags=5, authors=3)
    after = count_queries(client, politics.url)
    assert after <= before
    assert after <= 30


def test_article_page_queries_do_not_grow_with_tags_or_authors(client, politics):
    add_articles(politics, 1, tags=1, authors=1)
    few = politics.articles().get(source_id=f"query-test-{politics.pk}-0")
    small = count_queries(client, few.url)
    publish_article(
        ArticleDocument(
            source_id="query-test-many",
            headline="Many tags",
            body=[("paragraph", "<p>x</p>")],
            published_at=few.published_at,
            authors=[f"Writer {j}" for j in range(8)],
            tags=[f"t{j}" for j in range(20)],
        ),
        politics,
    )
    many = politics.articles().get(source_id="query-test-many")
    assert count_queries(client, many.url) <= small
    assert small <= 30


def test_home_page_query_budget(client):
    assert count_queries(client, "/") <= 20
