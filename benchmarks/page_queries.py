"""Database queries of an uncached home, section and sub-section page (counts, not times).

`./run bench page_queries` loads the demo paper into a fresh SQLite database in a temporary
data directory (page cache off), fetches each page once to warm per-process caches, then
counts the queries of a second fetch. The results are in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    shared_index = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"
    data_dir = Path(tempfile.mkdtemp(prefix="bench-queries-"))
    if shared_index.is_dir():
        (data_dir / "lexicon").symlink_to(shared_index, target_is_directory=True)
    os.environ.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        PAGE_CACHE_SECONDS="0",
        BROADSHEET_PLAIN_STATIC="true",
        ALLOWED_HOSTS="testserver",
        HTTPS="false",
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_demo")
    client = Client()
    for url in ["/", "/national/", "/national/politics/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"{url:22} {response.status_code} {len(queries.captured_queries):3} queries")


if __name__ == "__main__":
    sys.exit(main())
