"""`python -m broadsheet background_jobs`: the jobs that failed, for operators at a terminal.

The same list as the Wagtail admin's Settings > Background jobs (core.admin_views): jobs
that gave up after their last attempt, and jobs waiting for a retry, with their error.
`--retry ID` puts a job that gave up back in the queue (once its cause is fixed): it runs
once more, and stays failed if it fails again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from broadsheet.core import background


class Command(BaseCommand):
    help = "List recent failed background jobs (given up, or waiting for a retry)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=50, help="How many (default: 50).")
        parser.add_argument(
            "--retry", metavar="ID", help="Put a failed job back in the queue to run now."
        )

    def handle(self, *args, limit: int, retry: str | None, **options) -> None:
        if retry:
            self._retry(retry)
            self.stdout.write(f"job {retry} will run again")
            return
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

    def _retry(self, job_id: str) -> None:
        try:
            done = DBTaskResult.objects.filter(pk=job_id, status=TaskResultStatus.FAILED).update(
                status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
            )
        except ValidationError:
            raise CommandError(f"{job_id!r} is not a job id") from None
        if not done:
            raise CommandError(f"no failed job {job_id}")
