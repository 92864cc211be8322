"""Background work with the database backend: queued e-mail, retries, the failures page,
scheduled publishing as a periodic job, the purge job. The worker runs in this process here
(`run_worker --batch`); tests/core/test_tasks_worker.py runs a real worker process."""

from __future__ import annotations

import datetime as dt
import signal
import uuid
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from broadsheet.core import background
from broadsheet.core.mail import message_from_json, message_to_json, send_email
from broadsheet.core.page_cache import invalidate_paths
from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.staff import create_staff_user
from broadsheet.newsroom.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db

PURGED: list[list[str]] = []


def record_purge(paths: list[str]) -> None:
    """A stand-in for the caching proxy's purge (settings.PAGE_PURGERS)."""
    PURGED.append(paths)


@pytest.fixture
def queued(settings, monkeypatch):
    """The production set-up: the database backend and e-mail through the queue."""
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.BACKGROUND_QUEUES,
        }
    }
    settings.EMAIL_BACKEND = "broadsheet.core.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BACKGROUND_RETRY_SECONDS = 0
    settings.BACKGROUND_MAX_ATTEMPTS = 2
    # The worker drops "obsolete" connections between jobs: here that would be the test's.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_jobs(*queues: str) -> None:
    """The worker, until no job is ready (its signal handlers undone afterwards)."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    args = ["--queues", ",".join(queues)] if queues else []
    try:
        call_command("run_worker", "--batch", *args, verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_an_email_waits_in_the_queue_until_the_worker_sends_it(queued):
    """send_mail in a request only stores a job: the outbox is empty until the worker runs."""
    send_mail("Your reply", "Someone replied.", None, ["reader@example.com"])
    assert mail.outbox == []
    row = DBTaskResult.objects.get()
    assert row.queue_name == "mail" and row.status == TaskResultStatus.READY
    run_jobs("mail")
    assert [m.subject for m in mail.outbox] == ["Your reply"]
    assert mail.outbox[0].to == ["reader@example.com"]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL


def test_a_queued_message_keeps_its_parts():
    message = EmailMultiAlternatives(
        "제목", "본문", "desk@example.com", ["a@example.com"], cc=["c@example.com"]
    )
    message.attach_alternative("<p>본문</p>", "text/html")
    message.attach("notes.txt", "plain words", "text/plain")
    again = message_from_json(message_to_json(message))
    assert (again.subject, again.body, again.from_email) == ("제목", "본문", "desk@example.com")
    assert again.to == ["a@example.com"] and again.cc == ["c@example.com"]
    assert list(again.alternatives) == [("<p>본문</p>", "text/html")]
    assert again.attachments[0][:2] == ("notes.txt", "plain words")


def test_a_failing_job_is_retried_then_kept_as_failed(queued):
    """A job that raises goes back in the queue; after its last attempt it stays FAILED."""
    send_email.enqueue({"subject": "no body"})  # KeyError in every attempt
    row = DBTaskResult.objects.get()
    run_jobs("mail")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 2  # BACKGROUND_MAX_ATTEMPTS
    assert "KeyError" in background.last_line(row.traceback)
    assert list(background.failures()) == [row]
    report = StringIO()
    call_command("background_jobs", stdout=report)
    assert "broadsheet.core.mail.send_email attempts=2 FAILED" in report.getvalue()
    assert "KeyError: 'body'" in report.getvalue()
    call_command("background_jobs", "--retry", str(row.pk), stdout=StringIO())
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.run_after <= timezone.now()
    with pytest.raises(CommandError):
        call_command("background_jobs", "--retry", str(row.pk), stdout=StringIO())


def test_a_retried_job_that_succeeds_clears_its_error(queued, settings):
    settings.BACKGROUND_RETRY_SECONDS = 3600
    send_email.enqueue({"subject": "no body"})
    run_jobs("mail")
    row = DBTaskResult.objects.get(queue_name="mail")
    assert row.status == TaskResultStatus.READY and row.run_after > timezone.now()
    assert list(background.failures()) == [row]  # listed as waiting for its retry
    good = message_to_json(EmailMultiAlternatives("Fixed", "Body", None, ["a@example.com"]))
    DBTaskResult.objects.filter(pk=row.pk).update(
        run_after=timezone.now(), args_kwargs={"args": [good], "kwargs": {}}
    )
    run_jobs("mail")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.traceback == ""
    assert list(background.failures()) == []


def test_the_failures_page_shows_the_error_to_staff_with_the_permission(
    queued, client, verified_login
):
    send_email.enqueue({"subject": "no body"})
    run_jobs("mail")
    staff, _ = create_staff_user("ops", "editor", uuid.uuid4().hex)
    operators = Group.objects.create(name="Operators")
    operators.permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    verified_login(client, staff)
    refused = client.get("/admin/background-jobs/")  # Wagtail: back to the dashboard
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    staff.groups.add(operators)
    page = client.get("/admin/background-jobs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "broadsheet.core.mail.send_email" in text and "KeyError" in text
    assert "Failed" in text


def test_a_worker_lost_mid_job_counts_as_a_failed_attempt(queued, settings):
    send_email.enqueue({"subject": "stuck"})
    long_ago = timezone.now() - dt.timedelta(seconds=settings.BACKGROUND_ABANDONED_SECONDS + 1)
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["gone"]
    )
    assert background.recover_abandoned() == 1
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY and "stopped" in row.traceback


def test_scheduled_publishing_runs_as_a_periodic_job(queued, politics):
    """An article due to go live is published by the job, which enqueues its next run once."""
    article = ArticlePage(title="Scheduled", slug="scheduled-job", body=[], live=False)
    politics.add_child(instance=article)
    article.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(seconds=1))
    assert background.ensure_periodic() == ["broadsheet.newsroom.tasks.publish_scheduled_pages"]
    assert background.ensure_periodic() == []  # one chain, not two
    # The worker runs what is ready; the successor waits SCHEDULED_PUBLISHING_SECONDS.
    run_jobs("pages")
    article.refresh_from_db()
    assert article.live
    rows = DBTaskResult.objects.filter(task_path=publish_scheduled_pages.module_path)
    assert sorted(rows.values_list("status", flat=True)) == ["READY", "SUCCESSFUL"]
    waiting = rows.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()
    background.run_again_in(publish_scheduled_pages, 60)
    assert rows.filter(status=TaskResultStatus.READY).count() == 1


def test_invalidating_pages_enqueues_their_purge_after_the_commit(
    queued, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_PURGERS = ["tests.core.test_tasks.record_purge"]
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_paths(["/national/", "/national/politics/"])
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    row = DBTaskResult.objects.get()
    assert row.task_path == "broadsheet.core.tasks.purge_paths"
    run_jobs("pages")
    assert PURGED == [["/national/", "/national/politics/"]]


def test_no_purge_job_without_purgers(queued, settings, django_capture_on_commit_callbacks):
    settings.PAGE_PURGERS = []
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_paths(["/national/"])
    assert not DBTaskResult.objects.exists()
