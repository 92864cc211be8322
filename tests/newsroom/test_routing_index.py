"""The router reads a page by its url_path through an index, never by reading every page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names the index")
def test_the_article_route_is_an_index_lookup(client, article):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    routed = [q["sql"] for q in queries.captured_queries if '"url_path" = ' in q["sql"]]
    assert routed, "the router looks the page up by url_path"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + routed[0])
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "newsroom_page_url_path" in plan, plan
