"""`python -m broadsheet background_jobs`: the jobs that failed, for operators at a terminal.

The same list as the Wagtail admin's Settings > Background jobs (core.admin_views): jobs
that gave up after their last attempt, and jobs waiting for a retry, with their error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from broadsheet.core import background


class Command(BaseCommand):
    help = "List recent failed background jobs (given up, or waiting for a retry)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=50, help="How many (default: 50).")

    def handle(self, *args, limit: int, **options) -> None:
        waiting = DBTaskResult.objects.ready().count()
        self.stdout.write(f"{waiting} job(s) ready to run")
        rows = list(background.failures(limit))
        if not rows:
            self.stdout.write("no failed jobs")
            return
        for row in rows:
            state = (
                "FAILED"
                if row.status == TaskResultStatus.FAILED
                else f"retrying at {row.run_after:%Y-%m-%d %H:%M:%S %Z}"
            )
            self.stdout.write(
                f"{row.enqueued_at:%Y-%m-%d %H:%M:%S} {row.task_path} "
                f"attempts={len(row.worker_ids)} {state} id={row.pk}\n"
                f"    {background.last_line(row.traceback)}"
            )
