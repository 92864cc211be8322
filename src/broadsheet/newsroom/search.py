"""Ranked search over a bounded set of candidates: the newest articles that match.

Wagtail's PostgreSQL backend ranks every match (ts_rank over the title and the body of each
index entry, then a sort), so its cost grows with the number of matches, and a common word
matches a third of the archive. `newest_matches` narrows the queryset first to the
SEARCH_CANDIDATES most recently indexed articles that match, found through the GIN index on
`title || body` (newsroom migration 0002) with the very tsquery the backend builds; the
backend then ranks those alone. Relevance is therefore computed among the newest
SEARCH_CANDIDATES matches (an index entry is written when an article is first published and
keeps its id when it is indexed again, so its id follows publication). Other databases and
backends (SQLite's FTS5 in development) rank every match as before.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, IntegerField, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

Q = TypeVar("Q", bound=QuerySet)


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
    newest = (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model))
        .annotate(document=CombinedExpression(F("title"), "||", F("body"), SearchVectorField()))
        .filter(document=tsquery)
        .order_by("-pk")
        .values_list(Cast("object_id", IntegerField()))[: settings.SEARCH_CANDIDATES]
    )
    return queryset.filter(pk__in=newest)
