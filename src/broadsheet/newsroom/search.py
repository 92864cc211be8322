"""Ranked search over a bounded set of candidates: the newest articles that match.

Wagtail's PostgreSQL backend ranks every match (ts_rank over the title and the body of each
index entry, then a sort), so its cost grows with the number of matches, and a common word
matches a third of the archive. `newest_matches` narrows the queryset first to the
SEARCH_CANDIDATES most recently indexed articles that match, found through the GIN index on
`title || body` (newsroom migration 0002) with the very tsquery the backend builds, in
widening windows of the newest entries (`newest_ids`); the backend then ranks those alone.
Relevance is therefore computed among the newest SEARCH_CANDIDATES matches (an index entry
is written when an article is first published and keeps its id when it is indexed again,
so its id follows publication). Other databases and backends (SQLite's FTS5 in
development) rank every match as before.
"""

from __future__ import annotations

import math
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, Max, Min, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

Q = TypeVar("Q", bound=QuerySet)
# The first window, in candidates: the newest FIRST_WINDOW x SEARCH_CANDIDATES index entries.
FIRST_WINDOW = 10


def ranks_a_bounded_set() -> bool:
    """Whether search ranks only the newest matches (PostgreSQL with Wagtail's database backend)."""
    backend = get_search_backend()
    return connection.vendor == "postgresql" and type(backend).__name__ == "PostgresSearchBackend"


def newest_matches(queryset: Q, terms: str, *, operator: str = "and") -> Q:
    """`queryset` narrowed to the SEARCH_CANDIDATES newest of its rows that match `terms`."""
    if not ranks_a_bounded_set():
        return queryset
    backend = get_search_backend()
    compiler = backend.query_compiler_class(queryset, terms, operator=operator)
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
    if tsquery is None:
        return queryset
    content_type = ContentType.objects.get_for_model(queryset.model)
    matching = (
        IndexEntry.objects.filter(content_type=content_type)
        .annotate(document=CombinedExpression(F("title"), "||", F("body"), SearchVectorField()))
        .filter(document=tsquery)
    )
    return queryset.filter(pk__in=newest_ids(matching, settings.SEARCH_CANDIDATES))


def newest_ids(matching: QuerySet, limit: int) -> list[int]:
    """Object ids of the `limit` newest entries of `matching`, looked for in widening windows.

    Common words: the newest FIRST_WINDOW x limit entries, read newest first, hold enough.
    Rarer ones: the share of matches found there sizes a window twice as wide as should be
    needed (at least twice the last), searched through the GIN index and the id index
    together (ordering by an expression keeps PostgreSQL from reading the id index newest
    first and testing every entry's text), and so on until the window holds the whole index.
    """
    bounds = IndexEntry.objects.aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"] or 0, bounds["high"] or 0
    page_id = Cast("object_id", IntegerField())
    window = FIRST_WINDOW * limit
    found = list(
        matching.filter(pk__gt=high - window)
        .order_by("-pk")
        .values_list(page_id, flat=True)[:limit]
    )
    newest_first = ExpressionWrapper(F("pk") + 0, output_field=IntegerField()).desc()
    while len(found) < limit and high - window >= low:
        share = max(len(found), 1) / window
        window = max(2 * window, math.ceil(2 * limit / share))
        found = list(
            matching.filter(pk__gt=high - window)
            .order_by(newest_first)
            .values_list(page_id, flat=True)[:limit]
        )
    return found
