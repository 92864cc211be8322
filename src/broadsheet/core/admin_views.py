"""Settings > Background jobs in the Wagtail admin: failed jobs and their errors for operators.

Staff see it with the permission "Can view Task Result" (of the app django_tasks_database),
given to a group in Settings > Groups; superusers always. Read-only: a job that gave up is
run again by fixing its cause and enqueuing it anew (docs/OPERATIONS.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from broadsheet.core import background

PERMISSION = "django_tasks_database.view_dbtaskresult"  # django-tasks-db's app label


def can_view_jobs(user) -> bool:
    return user.has_perm(PERMISSION)


def jobs(request):
    if not can_view_jobs(request.user):
        raise PermissionDenied
    rows = [
        {
            "row": row,
            "attempts": len(row.worker_ids),
            "gave_up": row.status == TaskResultStatus.FAILED,
            "error": background.last_line(row.traceback),
        }
        for row in background.failures()
    ]
    return render(
        request,
        "core/admin/jobs.html",
        {
            "rows": rows,
            "ready": DBTaskResult.objects.ready().count(),
            "max_attempts": settings.BACKGROUND_MAX_ATTEMPTS,
        },
    )
