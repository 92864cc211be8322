"""Database queries of an uncached home, section and sub-section page (counts, not times).

`./run bench page_queries` loads the demo paper into a fresh SQLite database in a temporary
data directory (page cache off), fetches each page once to warm per-process caches, then
counts the queries of a second fetch. The results are in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, benchmarks/ is not yet importable

from benchmarks._demo_site import start_demo_site  # noqa: E402


def main() -> None:
    start_demo_site("bench-queries-")
    from django.db import connection  # lazy: after start_demo_site chose the settings
    from django.test import Client  # lazy: idem
    from django.test.utils import CaptureQueriesContext  # lazy: idem

    client = Client()
    for url in ["/", "/national/", "/national/politics/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"{url:22} {response.status_code} {len(queries.captured_queries):3} queries")


if __name__ == "__main__":
    sys.exit(main())
