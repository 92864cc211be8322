"""Database queries, database time and CPU time of uncached reader pages (page cache off).

`./run bench page_queries` loads the demo paper into a fresh SQLite database in a temporary
data directory, then for the home page, a section, a sub-section and an article: fetches a
different page of the same kind first (what every page shares is then warm, as on a running
server), counts the queries and their wall time on the first fetch of the page, and measures the
CPU time (`time.process_time`) of 50 more fetches. The results are in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, benchmarks/ is not yet importable

from benchmarks._demo_site import start_demo_site  # noqa: E402

ROUNDS = 50


def timed(spent: list[float], execute, sql, params, many, context):
    """A database execute wrapper that records each query's wall time in `spent`."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent.append(time.perf_counter() - started)


def main() -> None:
    start_demo_site("bench-queries-")
    from django.db import connection  # lazy: after start_demo_site chose the settings
    from django.test import Client  # lazy: idem

    from broadsheet.newsroom.models import ArticlePage  # lazy: idem

    two = list(ArticlePage.objects.live().filter(url_path__startswith="/home/national/politics/"))
    pages = [
        ("/", "/national/"),
        ("/national/", "/business/"),
        ("/national/politics/", "/national/"),
        (two[0].url, two[1].url),
    ]
    client = Client()
    print(f"{'page':52}{'status':>7}{'queries':>8}{'DB ms':>8}{'CPU ms':>8}")
    for url, warm in pages:
        client.get(warm)
        spent: list[float] = []
        with connection.execute_wrapper(partial(timed, spent)):
            response = client.get(url)
        captured = spent
        db_ms = 1000 * sum(spent)
        started = time.process_time()
        for _ in range(ROUNDS):
            client.get(url)
        cpu_ms = 1000 * (time.process_time() - started) / ROUNDS
        print(
            f"{url[:52]:52}{response.status_code:>7}{len(captured):>8}{db_ms:>8.2f}{cpu_ms:>8.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
