"""On PostgreSQL, search ranks only the SEARCH_CANDIDATES newest matches (newsroom/search.py):
the number of rows ranked is bounded by a LIMIT on the candidate set, whatever the archive."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.models import IndexEntry

from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.search import newest_matches, ranks_a_bounded_set
from broadsheet.newsroom.views import search_articles

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bounded candidate set is PostgreSQL's"
)


def common_word() -> str:
    """A word of the demo archive that many articles share."""
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ArticlePage))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE length(word) > 4 ORDER BY ndoc DESC, word LIMIT 1",
            [str(entries.values("body").query)],
        )
        return cursor.fetchone()[0]


def test_the_ranked_set_is_the_newest_matches_and_no_more(db, settings):
    assert ranks_a_bounded_set()
    word = common_word()
    matching = ArticlePage.objects.live().search(word, operator="and", order_by_relevance=False)
    assert len(matching) > 3
    settings.SEARCH_CANDIDATES = 3
    with CaptureQueriesContext(connection) as queries:
        found = search_articles(word, 1).object_list
    sqls = [q["sql"] for q in queries.captured_queries]
    ranked = next(sql for sql in sqls if "ts_rank" in sql)
    ids = re.search(r'"newsroom_articlepage"\."page_ptr_id" IN \(([^)]*)\)', ranked)
    assert ids and len(ids.group(1).split(",")) <= 3
    candidates = [sql for sql in sqls if "@@" in sql and "ts_rank" not in sql]
    assert candidates and all(sql.endswith("LIMIT 3") for sql in candidates)
    newest = IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in matching])
    newest_ids = set(newest.order_by("-pk").values_list("object_id", flat=True)[:3])
    assert {str(a.pk) for a in found} == newest_ids


def test_the_candidates_use_the_backends_own_query(db):
    """Every term must match, as in the backend's ranking: a miss among the terms finds nothing."""
    articles = ArticlePage.objects.live()
    word = common_word()
    assert newest_matches(articles, word).exists()
    assert not newest_matches(articles, f"{word} zzyzxnotaword").exists()
