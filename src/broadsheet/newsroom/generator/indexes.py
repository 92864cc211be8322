"""Secondary indexes set aside during a large bulk run and built once at the end.

A COPY maintains every index of its table row by row: a GIN insertion per search entry, a
B-tree insertion per index per comment. Building an index once over the finished table (one
sort) costs a fraction of that. `deferred_indexes(models)` drops the tables' indexes that back
no constraint (primary keys and unique indexes stay: they check the rows, and foreign keys need
the referenced keys) and, when the block ends, normally or by an exception, creates each again
from the definition the database itself recorded (PostgreSQL's `pg_get_indexdef`, SQLite's
`sqlite_master.sql`): the very index the migrations made. The definitions are also kept in a
small table until the index is back, so that a run killed outright (no `finally` runs) leaves
them to `restore_indexes()`, which the next run calls first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models, transaction

STASH = "broadsheet_deferred_index"
# Below this many new rows, maintaining the indexes costs less than building them again.
DEFER_MIN_ROWS = 10_000

# A table's indexes that back no constraint: (name, CREATE INDEX statement).
_PG_INDEXES = """
SELECT i.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY i.relname
"""
_SQLITE_INDEXES = """
SELECT name, sql FROM sqlite_master
WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'
ORDER BY name
"""


def should_defer(new_rows: int, existing_rows: int) -> bool:
    """Whether to build the indexes after the run: it is large and at least doubles the table."""
    return new_rows >= DEFER_MIN_ROWS and new_rows >= existing_rows


def secondary_indexes(model: type[models.Model]) -> list[tuple[str, str]]:
    """(name, definition) of each index of the model's table that backs no constraint."""
    query = _PG_INDEXES if connection.vendor == "postgresql" else _SQLITE_INDEXES
    with connection.cursor() as cursor:
        cursor.execute(query, [model._meta.db_table])
        return [(name, definition) for name, definition in cursor.fetchall()]


def _prepare(cursor) -> None:
    """A stash table, and on PostgreSQL no foreign key checks left pending (they are deferred
    to the commit, and an index cannot be dropped or built while a transaction has some: when
    the run happens inside a larger transaction, a test's)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {STASH} (name varchar(255) PRIMARY KEY, definition text)"
    )


def restore_indexes(log: Callable[[str], None] = lambda message: None) -> int:
    """Create every index a killed run left in the stash; returns how many."""
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        cursor.execute(f"SELECT name, definition FROM {STASH} ORDER BY name")  # noqa: S608  # nosec B608
        stashed = cursor.fetchall()
        for name, definition in stashed:
            log(f"indexes: building {name}")
            cursor.execute(definition)
            cursor.execute(f"DELETE FROM {STASH} WHERE name = %s", [name])  # noqa: S608  # nosec B608
    return len(stashed)


@contextmanager
def deferred_indexes(
    models_: Sequence[type[models.Model]], log: Callable[[str], None] = lambda message: None
) -> Iterator[list[str]]:
    """Drop the tables' secondary indexes for the block; build them again when it ends."""
    restore_indexes(log)
    dropped: list[tuple[str, str]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        for model in models_:
            for name, definition in secondary_indexes(model):
                cursor.execute(f"INSERT INTO {STASH} VALUES (%s, %s)", [name, definition])  # noqa: S608  # nosec B608
                cursor.execute(f'DROP INDEX "{name}"')
                dropped.append((name, definition))
    log(f"indexes: {len(dropped)} set aside until the data is written")
    try:
        yield [name for name, _ in dropped]
    finally:
        restore_indexes(log)
