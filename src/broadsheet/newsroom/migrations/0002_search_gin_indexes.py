"""Indexes that let PostgreSQL full-text search use GIN and join only the pages that match.

Wagtail's database backend searches `title || body` of its index entries and joins them to
pages on `object_id = page id::varchar`; without these two indexes PostgreSQL reads every
index entry and every article for each search (docs/PERFORMANCE.md, "A million articles").
Other databases have their own search tables: nothing to do there.
"""

from django.db import migrations

INDEXES = [
    (
        "newsroom_search_title_body_gin",
        "wagtailsearch_indexentry USING gin ((title || body))",
    ),
    (
        "newsroom_articlepage_id_text",
        "newsroom_articlepage (((page_ptr_id)::varchar(50)))",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
