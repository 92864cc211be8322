"""`manage backup` takes a consistent online copy of a live SQLite site; `manage restore` puts
it back exactly, and refuses an incomplete backup or an overwrite it was not told to make."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from broadsheet.web.management.backups import (
    DATABASE,
    MANIFEST,
    BackupError,
    restore_backup,
    take_backup,
    verify_backup,
)
from tests.live_site import free_port, prepare_site

ROOT = Path(__file__).resolve().parents[2]

# Run inside the site's own process (python -m broadsheet shell -c): post a comment as a
# reader through the comments service, on the newest politics article.
POST_COMMENT = """
import uuid
from django.contrib.auth import get_user_model
from django.utils import timezone
from broadsheet.newsroom.services import find_section
from broadsheet.talk.models import Commenter, ModerationSettings
from broadsheet.talk.services import post_comment
config = ModerationSettings.load()
config.hold_first_comments = 0
config.save()
name = "reader-" + uuid.uuid4().hex[:8]
user = get_user_model().objects.create_user(username=name, email=name + "@example.org")
Commenter.objects.create(user=user, display_name=name, accepted_policy_at=timezone.now())
article = find_section("national/politics").articles().first()
post_comment(article, user, TEXT, idempotency_key=uuid.uuid4().hex)
"""

# Delete the second politics article (it leaves the section page and the home page).
DELETE_PAGE = """
from broadsheet.newsroom.services import find_section
find_section("national/politics").articles()[1].delete()
"""

# Print the rendered pages as JSON: home, a section, the commented article, the policy page.
RENDER = """
import json
from django.test import Client
from broadsheet.newsroom.services import find_section
from broadsheet.talk.models import PolicyPage
section = find_section("national/politics")
urls = ["/", section.url, section.articles().first().url, PolicyPage.objects.live().first().url]
client = Client()
pages = {}
for url in urls:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
print("PAGES" + json.dumps(pages))
"""

# Per-response values that differ between two renderings of the same content.
VOLATILE = re.compile(r'(nonce|csrfmiddlewaretoken" value|csrf-token" content)="[^"]*"')


def site_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        SECRET_KEY="backup-test-secret-key",
        HTTPS="false",
        PAGE_CACHE_SECONDS="0",
        ALLOWED_HOSTS="testserver,localhost",
        BROADSHEET_PLAIN_STATIC="true",
    )
    return env


def manage(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", *args],
        env=site_env(data_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def shell(data_dir: Path, code: str) -> str:
    return manage(data_dir, "shell", "-c", code).stdout


def rendered(data_dir: Path, first: str = "") -> dict[str, list]:
    """The pages as RENDER prints them, after running `first` in the same process."""
    output = shell(data_dir, f"{first}\n{RENDER}")
    pages = json.loads(output[output.index("PAGES") + len("PAGES") :])
    for page in pages.values():
        assert page[0] == 200
        page[1] = VOLATILE.sub(r'\1=""', page[1])
    return pages


def media_files(media: Path) -> dict[str, bytes]:
    return {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }


def test_restore_puts_back_the_pages_and_media_of_the_backup(tmp_path):
    """Back up a live demo site, change it, restore: every page renders as before."""
    site = prepare_site(tmp_path / "site", free_port()).data_dir  # the demo, migrated
    before = rendered(site, f"TEXT = 'Kept by the backup'\n{POST_COMMENT}")
    media = site / "media"
    (media / "original_images").mkdir(parents=True, exist_ok=True)  # the demo's figures too
    (media / "original_images" / "photo.jpg").write_bytes(b"\xff\xd8 kept")
    media_before = media_files(media)  # renditions the pages made included
    assert "Kept by the backup" in "".join(page[1] for page in before.values())

    backup = tmp_path / "backup"
    manage(site, "backup", str(backup))
    assert (backup / MANIFEST).is_file()

    changed = rendered(site, f"{DELETE_PAGE}\nTEXT = 'Written after the backup'\n{POST_COMMENT}")
    (media / "original_images" / "photo.jpg").unlink()
    (media / "original_images" / "new.jpg").write_bytes(b"\xff\xd8 new")
    assert "Written after the backup" in "".join(page[1] for page in changed.values())

    refused = manage(site, "restore", str(backup), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    manage(site, "restore", str(backup), "--force")

    assert rendered(site) == before
    assert media_files(media) == media_before  # photo.jpg back, new.jpg gone
    assert media_before["original_images/photo.jpg"] == b"\xff\xd8 kept"


def test_backup_on_postgresql_says_to_use_pg_dump(tmp_path):
    """With DATABASE_URL set, backup does not pretend: it names pg_dump and the docs."""
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", "backup"],
        env={**site_env(tmp_path), "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "pg_dump" in result.stderr
    assert "docs/OPERATIONS.md" in result.stderr
    assert not (tmp_path / "backups").exists()


def writing_database(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("CREATE TABLE ledger (order_id INTEGER REFERENCES orders, amount INTEGER)")
    db.execute("CREATE INDEX ledger_order ON ledger(order_id)")
    return db


def test_backup_taken_while_another_thread_writes_is_consistent(tmp_path):
    """Each write adds a row to two tables in one transaction; every backup taken meanwhile
    passes SQLite's integrity check and holds both rows of every transaction or neither."""
    live = tmp_path / "live.sqlite3"
    writer = writing_database(live)
    stop = threading.Event()
    written = []

    def write():
        n = 0
        while not stop.is_set():
            n += 1
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO orders VALUES (?, ?)", (n, "x" * 500))
            writer.execute("INSERT INTO ledger VALUES (?, ?)", (n, n))
            writer.execute("COMMIT")
            written.append(n)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        counts = []
        for attempt in range(5):
            while len(written) < (attempt + 1) * 200:
                stop.wait(0.01)
            destination = tmp_path / f"backup{attempt}"
            take_backup(live, tmp_path / "no-media", destination)
            with sqlite3.connect(destination / DATABASE) as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                orders, ledger, unmatched = copy.execute(
                    "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM ledger),"
                    " (SELECT count(*) FROM orders WHERE id NOT IN (SELECT order_id FROM ledger))"
                ).fetchone()
            copy.close()
            assert orders == ledger and unmatched == 0
            counts.append(orders)
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert counts == sorted(counts) and counts[-1] > counts[0] > 0, "the copies saw live writes"


@pytest.fixture
def backup(tmp_path):
    live = tmp_path / "live.sqlite3"
    writing_database(live).close()
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "a.jpg").write_bytes(b"a")
    take_backup(live, media, tmp_path / "backup")
    return tmp_path / "backup"


def nothing_logged(message: str) -> None:
    pass


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda b: (b / MANIFEST).unlink(), "no manifest.json"),
        (lambda b: (b / "media" / "images" / "a.jpg").write_bytes(b"b"), "sha256 differs"),
        (lambda b: (b / "media" / "images" / "a.jpg").unlink(), "missing"),
        (lambda b: (b / "media" / "extra.jpg").write_bytes(b"x"), "not in the manifest"),
        (lambda b: (b / MANIFEST).write_text("{"), "not a backup manifest"),
    ],
)
def test_restore_refuses_an_incomplete_backup_before_touching_anything(
    backup, tmp_path, damage, problem
):
    """A missing manifest or a file that does not match it stops the restore first."""
    damage(backup)
    target = tmp_path / "target"
    with pytest.raises(BackupError, match=problem):
        restore_backup(
            backup, target / "db.sqlite3", target / "media", force=True, log=nothing_logged
        )
    assert not target.exists()


def test_restore_into_an_empty_data_dir_needs_no_force(backup, tmp_path):
    """An empty data directory is not a site: restore writes it without --force."""
    target = tmp_path / "target"
    restore_backup(backup, target / "db.sqlite3", target / "media", force=False, log=nothing_logged)
    assert media_files(target / "media") == {"images/a.jpg": b"a"}
    with sqlite3.connect(target / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    verify_backup(backup)


def test_a_media_file_named_like_the_manifest_is_checked_too(tmp_path):
    """Only the top-level manifest.json is the manifest; an upload of that name is a file."""
    live = tmp_path / "live.sqlite3"
    writing_database(live).close()
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / MANIFEST).write_text("an upload")
    take_backup(live, media, tmp_path / "backup")
    (tmp_path / "backup" / "media" / "documents" / MANIFEST).write_text("changed")
    with pytest.raises(BackupError, match="sha256 differs"):
        verify_backup(tmp_path / "backup")
