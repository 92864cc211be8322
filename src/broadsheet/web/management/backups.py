"""Online backups of the SQLite database and the media folder, and their restore.

A backup is one directory: `database.sqlite3`, a snapshot made with SQLite's backup API
(consistent while the app server keeps writing in WAL mode), `media/`, a copy of MEDIA_ROOT, and
`manifest.json`, written last, listing every file with its size and sha256. The directory is
built under a `.partial` name and renamed when complete. Restore checks every file against
the manifest, and the database copy with `PRAGMA integrity_check`, before it touches anything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
MEDIA = "media"
BUSY_TIMEOUT_SECONDS = 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def backup_name(now: datetime) -> str:
    return now.astimezone(UTC).strftime("broadsheet-%Y%m%dT%H%M%SZ")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> dict[str, dict]:
    return {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path != folder / MANIFEST
    }


def _integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    db.close()
    return "; ".join(str(row[0]) for row in rows)


def copy_database(source: Path, target: Path) -> None:
    """Snapshot `source` into `target` with SQLite's backup API (one step: one read snapshot).

    The copy is switched to a rollback journal so it is one self-contained file.
    """
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        live.close()


def take_backup(database: Path, media: Path, destination: Path) -> dict:
    """Back up the database, then the media folder, into `destination` (which must not exist).

    Returns the manifest. The database is copied first, so every file its rows name was on
    disk before the media copy began (unless deleted during it).
    """
    if not database.is_file():
        raise BackupError(f"There is no database at {database}; nothing to back up.")
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new destination.")
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    copy_database(database, partial / DATABASE)
    check = _integrity(partial / DATABASE)
    if check != "ok":
        raise BackupError(f"The database copy fails SQLite's integrity check: {check}")
    if media.is_dir():
        shutil.copytree(media, partial / MEDIA)
    else:
        (partial / MEDIA).mkdir()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": DATABASE,
        "media": MEDIA,
        "files": _files(partial),
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    partial.rename(destination)
    return manifest


def verify_backup(source: Path) -> dict:
    """The manifest of a complete, intact backup; BackupError naming every problem otherwise."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: it is not a complete backup.")
    try:
        manifest = json.loads(manifest_path.read_text())
        listed: dict[str, dict] = manifest["files"]
        fmt = manifest["format"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_path} is not a backup manifest ({error}).") from None
    if fmt != FORMAT:
        raise BackupError(f"{source} is a format {fmt} backup; this version reads {FORMAT}.")
    found = _files(source)
    problems = [f"{name}: missing" for name in sorted(set(listed) - set(found))]
    problems += [f"{name}: not in the manifest" for name in sorted(set(found) - set(listed))]
    problems += [
        f"{name}: size or sha256 differs from the manifest"
        for name in sorted(set(listed) & set(found))
        if listed[name] != found[name]
    ]
    if DATABASE not in listed:
        problems.append(f"{DATABASE}: not in the manifest")
    if problems:
        raise BackupError(f"{source} is incomplete or damaged:\n  " + "\n  ".join(problems))
    check = _integrity(source / DATABASE)
    if check != "ok":
        raise BackupError(f"{source / DATABASE} fails SQLite's integrity check: {check}")
    return manifest


def site_present(database: Path, media: Path) -> list[str]:
    """What a restore would overwrite: a database with tables, a media folder with files."""
    present = []
    if database.is_file() and database.stat().st_size > 0:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            if tables.fetchone()[0]:
                present.append(f"the database {database}")
        db.close()
    if media.is_dir() and any(path.is_file() for path in media.rglob("*")):
        present.append(f"the media folder {media}")
    return present


def restore_backup(
    source: Path, database: Path, media: Path, *, force: bool, log: Callable[[str], None]
) -> dict:
    """Replace the database and media folder with the backup in `source`; returns its manifest.

    Checks the backup completely first. Without `force`, refuses when a site is present.
    The database is written through SQLite's backup API, so the live file keeps its
    WAL mode and connections open in app servers see the restored content.
    """
    manifest = verify_backup(source)
    present = site_present(database, media)
    if present and not force:
        raise BackupError(
            "Restoring would overwrite " + " and ".join(present) + "; add --force to replace it."
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    saved = sqlite3.connect(f"file:{source / DATABASE}?mode=ro", uri=True)
    live = sqlite3.connect(database, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        saved.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
    finally:
        live.close()
        saved.close()
    log(f"database restored into {database}")
    incoming = media.with_name(media.name + ".restoring")
    outgoing = media.with_name(media.name + ".replaced")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source / MEDIA, incoming)
    if media.exists():
        media.rename(outgoing)
    incoming.rename(media)
    shutil.rmtree(outgoing, ignore_errors=True)
    log(f"media restored into {media}")
    return manifest
