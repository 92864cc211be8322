"""`python -m broadsheet run_worker`: the background worker for the site's queues.

django-tasks-db's db_worker over settings.BACKGROUND_QUEUES, after two checks at start-up:
jobs a killed worker left marked running are counted as failed attempts
(core.background.recover_abandoned), and each periodic job has a run waiting
(ensure_periodic). Importing core.background connects the retry of failed jobs.
TERM or Ctrl-C lets the job at hand finish, then stops.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from broadsheet.core import background


class Command(BaseCommand):
    help = "Run the background worker for the site's queues (e-mail, publishing, purges)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queues",
            default=",".join(settings.BACKGROUND_QUEUES),
            help="Comma-separated queues to take jobs from (default: all of the site's).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when no job is ready (default: 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs that are ready, then stop."
        )

    def handle(self, *args, queues: str, interval: float, batch: bool, **options) -> None:
        if settings.TASKS_BACKEND != "database":
            raise CommandError(
                "run_worker needs TASKS_BACKEND=database: with the immediate backend every "
                "job already runs where it is enqueued."
            )
        unknown = set(queues.split(",")) - set(settings.BACKGROUND_QUEUES)
        if unknown:
            raise CommandError(f"unknown queues: {', '.join(sorted(unknown))}")
        lost = background.recover_abandoned()
        if lost:
            self.stderr.write(f"{lost} job(s) a stopped worker left running: counted as failed")
        for path in background.ensure_periodic():
            self.stdout.write(f"started the periodic job {path}")
        call_command(
            "db_worker",
            queue_name=queues,
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=not batch,
            verbosity=options["verbosity"],
        )
