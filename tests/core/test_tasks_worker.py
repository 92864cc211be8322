"""A real worker process (`python -m broadsheet run_worker`) on the database backend: it sends
a queued e-mail, retries a failing job, then keeps it failed for operators; TERM stops it.
(Kept to one test: each Django process takes seconds to start.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ENQUEUE = """
from django.core.mail import send_mail
from broadsheet.core.mail import send_email
send_mail("Hello from the queue", "Queued body.", None, ["reader@example.com"])
send_email.enqueue({"subject": "a message with no body"})
"""


@pytest.fixture
def site(tmp_path):
    """A data directory whose SQLite database has only the jobs table (all a worker needs
    for e-mail), and the environment of a production-like process."""
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "worker-test-secret-key",
        "DATABASE_URL": "",  # this test's own SQLite file, whatever the suite runs on
        "REDIS_URL": "",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "BACKGROUND_MAX_ATTEMPTS": "2",
        "BACKGROUND_RETRY_SECONDS": "1",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "broadsheet", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "django_tasks_database", "--noinput", "-v", "0")
    return env, manage, tmp_path / "broadsheet.sqlite3"


def statuses(database: Path) -> dict[str, tuple[str, int]]:
    """task path and first argument's subject -> (status, attempts), read with sqlite3."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT json_extract(args_kwargs, '$.args[0].subject'), status,"
            " json_array_length(worker_ids) FROM django_tasks_database_dbtaskresult"
            " WHERE queue_name = 'mail'"
        ).fetchall()
    return {subject: (status, attempts) for subject, status, attempts in rows}


def test_a_worker_process_sends_mail_and_retries_then_keeps_a_failed_job(site):
    env, manage, database = site
    manage("shell", "-c", ENQUEUE)
    assert statuses(database) == {
        "Hello from the queue": ("READY", 0),
        "a message with no body": ("READY", 0),
    }
    log = (database.parent / "worker.log").open("w+")
    worker = subprocess.Popen(
        [sys.executable, "-m", "broadsheet", "run_worker", "--queues", "mail", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        wanted = {
            "Hello from the queue": ("SUCCESSFUL", 1),
            "a message with no body": ("FAILED", 2),
        }
        while statuses(database) != wanted and time.monotonic() < deadline:
            assert worker.poll() is None, log.seek(0) or log.read()
            time.sleep(0.3)
        assert statuses(database) == wanted
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    log.seek(0)
    output = log.read()
    assert "Subject: Hello from the queue" in output  # the console backend delivered it
    assert "failed for good" in output  # logged for the operator, listed by background_jobs
