"""Rows written in bulk: COPY on PostgreSQL, batched INSERTs elsewhere (SQLite, for tests).

The generator hands plain Python values for a model's columns; here they become rows of its
table the fastest way the database offers. Ids are handed out by the generator itself
(`reserve_ids`), so rows can point at each other before they are written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

INSERT_BATCH = 500


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of `count` free primary keys above every existing one (the table is locked)."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN EXCLUSIVE MODE')
    highest = model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
    return highest + 1


def reset_sequences(*models_: type[models.Model]) -> None:
    """Point each table's id sequence past the ids written explicitly (PostgreSQL only)."""
    if not is_postgresql():
        return  # SQLite's AUTOINCREMENT follows the largest id by itself
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(statement)


def write_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    raw: Sequence[str] = (),
) -> int:
    """Write rows of `model`'s own table; `columns` are attribute names (`page_ptr_id`...).

    Values are Python values, except the columns named in `raw`, which already hold what the
    database stores (a StreamField's JSON text).
    """
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in columns]
    prepared = [name not in raw for name in columns]
    table = model._meta.db_table
    names = ", ".join(f'"{f.column}"' for f in fields)
    written = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(fields))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608  # nosec B608
        batch: list[list[Any]] = []
        for row in rows:
            batch.append(
                [
                    f.get_db_prep_save(v, connection) if prep else v
                    for f, prep, v in zip(fields, prepared, row, strict=True)
                ]
            )
            if len(batch) >= INSERT_BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
