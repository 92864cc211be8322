"""./run manage backup [DEST]: an online backup of the SQLite database and the media folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from broadsheet.web.management.backups import BackupError, backup_name, take_backup

POSTGRES_ADVICE = (
    "This site's database is PostgreSQL (DATABASE_URL is set); backup and restore handle "
    "SQLite only, so nothing was done. Use PostgreSQL's own tools: pg_dump --format=custom "
    "and pg_restore for dumps, and WAL archiving with base backups (pg_basebackup) for "
    "point-in-time recovery, as docs/OPERATIONS.md (Backups, PostgreSQL) describes. Copy the "
    "media folder ({media}) with each database backup."
)


def sqlite_database() -> Path | None:
    """The path of the SQLite database, or None when the site runs on another database."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3":
        return None
    return Path(default["NAME"])


class Command(BaseCommand):
    help = (
        "Back up the SQLite database (SQLite's backup API, safe while the site runs) and the "
        "media folder into DEST, by default <data dir>/backups/broadsheet-<UTC time>."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", help="the backup directory to create")

    def handle(self, *args, destination=None, **options):
        media = Path(settings.MEDIA_ROOT)
        database = sqlite_database()
        if database is None:
            raise CommandError(POSTGRES_ADVICE.format(media=media))
        target = (
            Path(destination)
            if destination
            else Path(settings.DATA_DIR) / "backups" / backup_name(timezone.now())
        )
        try:
            manifest = take_backup(database, media, target.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup written to {target} ({len(manifest['files'])} files)")
