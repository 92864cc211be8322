"""The demo paper in a fresh SQLite database, for benchmarks that measure the site in-process.

Each run gets its own temporary data directory (page cache off, plain static files); the
dictionary index of `$BROADSHEET_DATA_DIR` (or var/) is linked in rather than rebuilt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_demo_site(prefix: str, **environ: str) -> Path:
    """Configure and set up Django on a new data directory with the demo loaded; returns it."""
    shared_index = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    if shared_index.is_dir():
        (data_dir / "lexicon").symlink_to(shared_index, target_is_directory=True)
    os.environ.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        PAGE_CACHE_SECONDS="0",
        BROADSHEET_PLAIN_STATIC="true",
        ALLOWED_HOSTS="testserver",
        HTTPS="false",
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
        **environ,
    )
    import django  # lazy: only once the settings above are chosen

    django.setup()
    from django.core.management import call_command  # lazy: needs django.setup()

    call_command("migrate", verbosity=0)
    call_command("load_demo")
    return data_dir
