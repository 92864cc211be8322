"""Background work: how the site enqueues jobs, retries failed ones and keeps periodic ones going.

Jobs are django-tasks `Task`s defined in each app's `tasks.py` with `@task(queue_name=...)`
(queues in `settings.BACKGROUND_QUEUES`). With the database backend (django-tasks-db) a job
is a row in `django_tasks_db_dbtaskresult` that `python -m broadsheet run_worker` runs;
with the immediate backend (the tests) it runs at once where it is enqueued.

Conventions (docs/OPERATIONS.md, "Background work"):
- `enqueue_on_commit(task, *args)` from code inside a write: the job is enqueued once the
  transaction commits, never for a write that was rolled back. Arguments are JSON values
  (ids, not objects); a job loads what it needs and does nothing when it is gone.
- A job may run more than once (a retry, a worker killed after the work but before its row
  was marked): make it idempotent.
- A job that raises is retried (`retry_failed`, connected in every process that imports
  this module, which run_worker does) after BACKGROUND_RETRY_SECONDS, doubling, until it has
  run BACKGROUND_MAX_ATTEMPTS times; then it stays FAILED with its traceback for operators
  (`failures()`: the admin's Background jobs page and `manage background_jobs`).
- A periodic job (`settings.BACKGROUND_PERIODIC_TASKS`) calls `run_again_in(task, seconds)`
  when it ends, even when it fails (it is not retried: its next run is the retry);
  run_worker's `ensure_periodic()` enqueues one that has none waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)
# A periodic run still marked running after this long is taken for one whose worker died.
PERIODIC_RUN_LIMIT = timedelta(minutes=10)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue the job when the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def defers(task: Task) -> bool:
    """Whether the task's backend can hold a job until later (the database backend can)."""
    return bool(task.get_backend().supports_defer)


def _is_periodic(task_path: str) -> bool:
    return task_path in settings.BACKGROUND_PERIODIC_TASKS


def retry_delay(attempts: int) -> timedelta:
    """The wait before the next attempt after `attempts` failed ones: doubling, capped."""
    seconds = settings.BACKGROUND_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


def _schedule_retry(row: DBTaskResult) -> bool:
    """Put a failed row back in the queue for a later attempt, unless it has had them all.

    A periodic job is not retried: its next run is the retry.
    """
    attempts = len(row.worker_ids)
    if attempts >= settings.BACKGROUND_MAX_ATTEMPTS or _is_periodic(row.task_path):
        return False
    row.status = TaskResultStatus.READY
    row.run_after = timezone.now() + retry_delay(attempts)
    row.finished_at = None
    row.save(update_fields=["status", "run_after", "finished_at"])
    return True


@receiver(task_finished, dispatch_uid="bs-background-retry")
def retry_failed(sender, task_result, **kwargs) -> None:
    """A job of the database backend that failed goes back in the queue for another attempt.

    The row keeps the failure's traceback until an attempt succeeds, so a job that is
    waiting for its retry shows why. Errors here are logged, never raised into the worker.
    """
    row = getattr(task_result, "db_result", None)
    if row is None or task_result.status != TaskResultStatus.FAILED:
        return
    try:
        if _schedule_retry(row):
            logger.warning(
                "job %s (%s) failed on attempt %d; retrying at %s",
                row.pk,
                row.task_path,
                len(row.worker_ids),
                row.run_after.isoformat(),
            )
        else:
            logger.error("job %s (%s) failed for good", row.pk, row.task_path)
    except Exception:
        logger.exception("could not schedule a retry of job %s", row.pk)


def recover_abandoned(now=None) -> int:
    """Rows still RUNNING long after they started lost their worker: count a failed attempt.

    Each goes back in the queue (or, after its last attempt, to FAILED) with a note saying
    so. Returns how many were found.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.BACKGROUND_ABANDONED_SECONDS)
    found = 0
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for row in stale:
        found += 1
        row.exception_class_path = "broadsheet.core.background.WorkerLost"
        row.traceback = f"The worker stopped while running this job (started {row.started_at})."
        row.status = TaskResultStatus.FAILED
        row.finished_at = now
        row.save(update_fields=["exception_class_path", "traceback", "status", "finished_at"])
        _schedule_retry(row)
    return found


def run_again_in(task: Task, seconds: float) -> None:
    """A periodic job's successor, unless one is already waiting (two chains become one)."""
    if not defers(task):
        return  # the immediate backend would run it now, and again, for ever
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        task.using(run_after=timezone.now() + timedelta(seconds=seconds)).enqueue()


def ensure_periodic(paths: Iterable[str] | None = None) -> list[str]:
    """Enqueue each periodic job that has no row waiting or running; returns those enqueued."""
    started = []
    for path in settings.BACKGROUND_PERIODIC_TASKS if paths is None else paths:
        task = import_string(path)
        # A run that started long ago lost its worker (two chains, should that be wrong,
        # merge into one: run_again_in enqueues no successor while one is waiting).
        recent = timezone.now() - PERIODIC_RUN_LIMIT
        live = DBTaskResult.objects.filter(task_path=task.module_path).filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gte=recent)
        )
        if defers(task) and not live.exists():
            task.enqueue()
            started.append(path)
    return started


def failures(limit: int = 100):
    """Recent jobs that failed: those given up on, and those waiting for a retry."""
    return (
        DBTaskResult.objects.filter(
            Q(status=TaskResultStatus.FAILED)
            | (Q(status=TaskResultStatus.READY) & ~Q(exception_class_path=""))
        )
        .only(
            "id",
            "status",
            "task_path",
            "queue_name",
            "args_kwargs",
            "worker_ids",
            "enqueued_at",
            "finished_at",
            "run_after",
            "exception_class_path",
            "traceback",
        )
        .order_by("-enqueued_at")[:limit]
    )


def last_line(traceback: str) -> str:
    """The error itself: the last non-empty line of a traceback."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
