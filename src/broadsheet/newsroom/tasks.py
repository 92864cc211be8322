"""The newsroom's background jobs: scheduled publishing and unpublishing."""

from __future__ import annotations

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from broadsheet.core.background import run_again_in


@task(queue_name="pages")
def publish_scheduled_pages() -> None:
    """Publish what is due (go_live_at) and unpublish what expired (expire_at), then come back.

    Wagtail's publish_scheduled does the work and is idempotent: a page it published is no
    longer due. The job enqueues its successor SCHEDULED_PUBLISHING_SECONDS later even when
    the work fails (the failed run stays listed for operators; the next run is its retry),
    so the schedule outlives errors; run_worker starts the chain when no link is waiting.
    """
    try:
        call_command("publish_scheduled", stdout=StringIO())
    finally:
        run_again_in(publish_scheduled_pages, settings.SCHEDULED_PUBLISHING_SECONDS)
