"""Malformed requests get a 4xx, never a 500: deep JSON, invalid UTF-8 anywhere, odd bodies.

Sent in process through Django's handler as a logged-in reader with a valid CSRF token, so
each request reaches the view that must parse it. (Oversized bodies: tests/talk/test_limits.py.)
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.talk.models import Commenter, ModerationSettings

pytestmark = pytest.mark.django_db

TOKEN = "t" * 32


@pytest.fixture
def client(django_user_model) -> Client:
    user = django_user_model.objects.create_user("malformed-reader", "m@example.org")
    Commenter.objects.create(user=user, display_name="Malformed", accepted_policy_at=timezone.now())
    config = ModerationSettings.load()
    config.hold_first_comments = 0
    config.save()
    out = Client(enforce_csrf_checks=True, raise_request_exception=False)
    out.force_login(user)
    out.cookies["csrftoken"] = TOKEN
    return out


def _post(client, path, body: bytes, content_type="application/json"):
    return client.generic("POST", path, body, content_type=content_type, HTTP_X_CSRFTOKEN=TOKEN)


def assert_4xx(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])


@pytest.mark.parametrize("depth", [50, 5_000, 100_000])
def test_deeply_nested_json_is_a_4xx(client, article, depth):
    """JSON nested deeper than any real body (the parser's recursion limit included)."""
    body = b'{"text": ' + b"[" * depth + b"]" * depth + b"}"
    assert_4xx(_post(client, f"/api/comments/articles/{article.pk}", body))
    assert_4xx(_post(client, "/api/dictionary/my/words", body))


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "caf\xe9", "idempotency_key": "k1234567"}',  # Latin-1, not UTF-8
        b'{"text": "\xff\xfe\xfd"}',
        b'{"text": "\\ud800 lone surrogate", "idempotency_key": "k1234568"}',
        b'{"text": "nul \\u0000", "idempotency_key": "k1234569"}',
        b"\xef\xbb\xbf{}",
        b"not json",
        b"[]",
        b'{"text": 1e999999}',
    ],
)
def test_invalid_json_and_utf8_in_an_api_body_is_a_4xx(client, article, body):
    assert_4xx(_post(client, f"/api/comments/articles/{article.pk}", body))
    assert_4xx(_post(client, "/api/dictionary/my/words", body))


def test_invalid_utf8_in_form_fields_is_a_4xx(client, article):
    """The no-JavaScript form with bytes that are not UTF-8 in its fields."""
    body = b"text=caf%E9%FF%FE&csrfmiddlewaretoken=" + TOKEN.encode()
    for path in (f"/comments/article/{article.pk}/", "/profile/words/save/"):
        response = _post(client, path, body, "application/x-www-form-urlencoded")
        assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/api/dictionary/%FF%FE",
        "/api/dictionary/caf%E9?context=%FF",
        "/api/comments/articles/1?sort=%FF&page=%FE",
        "/dictionary/%FF%FE/",
        "/search/?q=%FF%FE",
        "/%FF%FE/",
        "/national/?page=%FF",
        "/api/comments/%FF",
    ],
)
def test_invalid_utf8_in_paths_and_query_strings_is_a_4xx_or_an_answer(client, path):
    """Percent-encoded bytes that are not UTF-8: a 4xx or a normal page, never a 500."""
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code < 500, (path, response.status_code)
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)


def test_invalid_utf8_in_a_cookie_is_not_a_500(article):
    client = Client(
        raise_request_exception=False, HTTP_COOKIE="sessionid=\xff\xfe; django_language=\xe9"
    )
    assert client.get(article.url).status_code < 500
    assert client.get("/api/dictionary/my/session").status_code < 500
