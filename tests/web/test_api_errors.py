"""django-ninja's own refusals answer in the API's one error shape, {"code", "detail"}."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_no_session_is_a_401_in_the_error_shape(client):
    answer = client.get("/api/comments/mine")
    assert answer.status_code == 401
    assert answer.json()["code"] == "login_required" and answer.json()["detail"]


def test_a_missing_csrf_token_is_a_403_in_the_error_shape(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("no-token", "n@example.org"))
    answer = client.post("/api/dictionary/my/words", "{}", content_type="application/json")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"


def test_an_id_too_large_for_the_database_is_a_422_not_a_500(client):
    """A 20-digit id answered 500 (OverflowError in SQLite's driver) before ids were bounded."""
    answer = client.get("/api/dictionary/articles/86071550686057955328/glossary")
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid" and "article_id" in body["detail"] and body["errors"]


def test_an_unknown_api_path_is_a_json_404(client):
    for method in ("get", "post", "patch", "delete"):
        answer = getattr(client, method)("/api/no/such/thing")
        assert answer.status_code == 404, method
        assert answer.json()["code"] == "not_found"


def test_the_refusals_are_in_the_readers_language(client):
    answer = client.get("/api/comments/mine", HTTP_ACCEPT_LANGUAGE="ko")
    assert json.loads(answer.content)["detail"] == "먼저 로그인해 주세요."
