"""Search index entries for generated articles, written in bulk.

On PostgreSQL with Wagtail's database backend the entries are computed by PostgreSQL
itself (`to_tsvector` in one INSERT ... SELECT per batch), giving the same rows Wagtail's
indexer writes one page at a time (tests/newsroom/test_generate_newsroom.py compares them);
title norms are refreshed once at the end, as Wagtail does after each batch. Any other
database or backend gets Wagtail's own `add_bulk`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.weights import get_weight
from wagtail.search.models import IndexEntry

from broadsheet.newsroom.models import ArticlePage

STAGING = "broadsheet_generated_text"


def uses_postgres_index() -> bool:
    backend = get_search_backend()
    return connection.vendor == "postgresql" and type(backend).__name__ == "PostgresSearchBackend"


def _vector(config: str | None, column: str, weight: str) -> str:
    configured = "%s::regconfig, " if config else ""
    return f"setweight(to_tsvector({configured}{column}), '{weight}')"


def index_articles(first_id: int, last_id: int, texts: Iterable[tuple[int, str, str, str, str]]):
    """Index the articles with ids first_id..last_id; texts: (id, title, subheadline,
    summary, searchable body), used on PostgreSQL only."""
    if not uses_postgres_index():
        backend = get_search_backend()
        articles = ArticlePage.objects.filter(pk__gte=first_id, pk__lte=last_id)
        backend.add_bulk(ArticlePage, list(articles))
        return
    config = get_search_backend().config
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    table = IndexEntry._meta.db_table
    title_weight = get_weight(ArticlePage.get_search_fields()[0].boost)
    body = " || ".join(_vector(config, c, "D") for c in ("subheadline", "summary", "body"))
    params: list[Any] = [content_type]
    params += [config] if config else []
    params += [config] * 3 if config else []
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (object_id text, title text,"
            " subheadline text, summary text, body text) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY {STAGING} FROM STDIN") as copy:
            for row in texts:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,"  # noqa: S608  # nosec B608
            " title_norm, title_text, body_text)"
            f" SELECT %s, object_id, {_vector(config, 'title', title_weight)},"
            " setweight(to_tsvector('simple', title), 'D'),"
            f" {body}, 1.0, title, concat_ws(' ', subheadline, summary, body)"
            f" FROM {STAGING}",
            params,
        )
        cursor.execute(f"TRUNCATE {STAGING}")


def refresh_title_norms() -> None:
    """Wagtail's title norm (average title length / this title's length) for new entries."""
    if not uses_postgres_index():
        return
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET title_norm ="  # noqa: S608  # nosec B608
            f" (SELECT avg(length(title)) FROM {table} WHERE length(title) > 0) / length(title)"
            " WHERE title_norm = 1.0 AND length(title) > 0"
        )
