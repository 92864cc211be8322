"""./run manage restore SOURCE [--force]: put back a backup made by ./run manage backup."""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from broadsheet.web.management.backups import BackupError, restore_backup
from broadsheet.web.management.commands.backup import POSTGRES_ADVICE, sqlite_database


class Command(BaseCommand):
    help = (
        "Restore the SQLite database and the media folder from a backup directory, after "
        "checking every file against its manifest. Refuses to overwrite a site without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a directory written by ./run manage backup")
        parser.add_argument(
            "--force", action="store_true", help="replace the current database and media"
        )

    def handle(self, *args, source, force=False, **options):
        media = Path(settings.MEDIA_ROOT)
        database = sqlite_database()
        if database is None:
            raise CommandError(POSTGRES_ADVICE.format(media=media))
        try:
            restore_backup(Path(source), database, media, force=force, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Cached pages and counters describe the replaced site (sessions live in the database).
        cache.clear()
        self.stdout.write(f"restored from {source}; the cache was cleared")
