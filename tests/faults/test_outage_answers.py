"""A database that fails mid-request gets a 503 with Retry-After, never a 500 (in-process).

The real outage, a PostgreSQL server restarted under a running app server, is in
test_postgres_restart.py; here the failure is injected where a view or a middleware meets
the database, so every path of web.outage is taken quickly.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from broadsheet.core import page_cache
from broadsheet.talk import views as talk_views
from broadsheet.talk.models import Commenter
from broadsheet.talk.services import threads
from broadsheet.web.outage import is_outage
from tests.faults.servers import ROOT


def _down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def _assert_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
    assert "no-cache" in response["Cache-Control"]


def test_a_page_whose_database_is_down_answers_503_with_retry_after(article, monkeypatch):
    """A reader page (Wagtail serving an article) whose query fails: the outage page."""
    monkeypatch.setattr(page_cache, "wagtail_serve", _down)
    response = Client(raise_request_exception=False).get(article.url)
    _assert_503(response)
    assert b"Temporarily unavailable" in response.content


def test_the_api_answers_503_as_json_in_its_error_shape(article, monkeypatch):
    monkeypatch.setattr(threads, "thread_page", _down)
    monkeypatch.setattr("broadsheet.talk.services.thread_page", _down)
    response = Client(raise_request_exception=False).get(f"/api/comments/articles/{article.pk}")
    _assert_503(response)
    body = json.loads(response.content)
    assert body["code"] == "unavailable"
    assert body["retry_after"] == settings.DATABASE_RETRY_AFTER


def test_a_form_post_answers_503(article, django_user_model, monkeypatch):
    """The no-JavaScript comment form: the write fails to connect, the reader may retry."""
    reader = django_user_model.objects.create_user(username="outage-reader")
    Commenter.objects.create(
        user=reader, display_name="Outage reader", accepted_policy_at=timezone.now()
    )
    monkeypatch.setattr(talk_views.services, "post_comment", _down)
    client = Client(raise_request_exception=False)
    client.force_login(reader)
    response = client.post(
        f"/comments/article/{article.pk}/", {"text": "Hello", "idempotency_key": "k" * 16}
    )
    _assert_503(response)


def test_an_outage_outside_a_view_answers_503_too(db, monkeypatch):
    """Wagtail's redirect middleware queries on every 404: its failure is no 500 either."""
    monkeypatch.setattr(Redirect, "get_for_site", _down)
    response = Client(raise_request_exception=False).get("/no-such-page/")
    _assert_503(response)


def test_other_errors_stay_500(article, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(page_cache, "wagtail_serve", broken)
    response = Client(raise_request_exception=False).get(article.url)
    assert response.status_code == 500


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OperationalError("down"), True),
        (InterfaceError("connection already closed"), True),
        (RuntimeError("wrapped"), False),
        (ValueError("no"), False),
    ],
)
def test_is_outage_reads_the_error_and_its_cause(error, expected):
    assert is_outage(error) is expected
    try:
        raise RuntimeError("while rendering") from error
    except RuntimeError as wrapped:
        assert is_outage(wrapped) is expected


def test_postgres_connections_are_health_checked_and_time_out():
    """A connection a restart broke is replaced before use; a silent server fails fast."""
    code = (
        "import json; from broadsheet import settings as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout']]))"
    )
    env = {
        "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
        "SECRET_KEY": "x",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [True, 5]
