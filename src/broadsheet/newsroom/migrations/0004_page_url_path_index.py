"""An index on Wagtail's `wagtailcore_page.url_path`, which the article router reads.

`newsroom/routing.py` finds a page in one query by its `url_path`; Wagtail leaves that column
without an index (its own routing walks the tree by slug), so at a million articles every
uncached request read the whole page table (143 ms on PostgreSQL, docs/PERFORMANCE.md).
"""

from django.db import migrations

NAME = "newsroom_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_articletag_published_at"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {NAME}",
        )
    ]
