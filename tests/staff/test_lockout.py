"""Password logins are throttled per account and per client address (django-axes, database)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command

from broadsheet.newsroom.staff import create_staff_user
from tests.staff.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address):
    client.cookies.clear()
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, address):
    response = attempt(client, username, "not-the-password", address)
    assert response.status_code in (200, 429)
    return response


def assert_locked(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_an_account_is_locked_after_failures_from_many_addresses(client, editor):
    """Failures spread over many addresses still lock the account: the right password, from
    yet another address, is refused with 429 and Retry-After."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(client, editor.username, f"198.51.100.{n + 1}")
    assert_locked(attempt(client, editor.username, PASSWORD, "203.0.113.77"))


def test_an_address_is_locked_after_failures_across_accounts(client, editor, moderator):
    """One address guessing a different account each time is locked for every account."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(client, f"guess-{n}", "198.51.100.9")
    assert_locked(attempt(client, editor.username, PASSWORD, "198.51.100.9"))
    # The account itself is not locked: from another address its password works.
    assert attempt(client, moderator.username, PASSWORD, "203.0.113.5").status_code == 302


def test_below_the_limit_the_right_password_still_works(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        fail(client, editor.username, f"198.51.100.{n + 1}")
    assert attempt(client, editor.username, PASSWORD, "198.51.100.1").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client, editor.username, "198.51.100.20")
    assert_locked(attempt(client, editor.username, PASSWORD, "198.51.100.20"))
    # The cool-off passes (the attempts' clock is moved back rather than waited for).
    past = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    for row in AccessAttempt.objects.all():
        row.attempt_time -= past
        row.save(update_fields=["attempt_time"])
    assert attempt(client, editor.username, PASSWORD, "198.51.100.20").status_code == 302


def test_axes_reset_unlocks_at_once(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client, editor.username, "198.51.100.30")
    call_command("axes_reset_username", editor.username)
    call_command("axes_reset_ip", "198.51.100.30")
    assert attempt(client, editor.username, PASSWORD, "198.51.100.30").status_code == 302


def test_lockouts_count_the_sites_client_address(client, editor):
    """core.client.client_ip (REMOTE_ADDR) is the address; a forged X-Forwarded-For is not."""
    client.post(
        "/admin/login/",
        {"username": editor.username, "password": "wrong"},
        REMOTE_ADDR="198.51.100.40",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.40"]


def test_the_lockout_page_is_translated(client, editor, compile_translations):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client, editor.username, "198.51.100.50")
    client.cookies.clear()
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.50",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 429
    assert "로그인에 너무 많이 실패했습니다" in response.content.decode()


def test_a_staff_account_made_by_create_staff_is_throttled_too(client):
    user, _ = create_staff_user("new-editor", "editor", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client, user.username, "198.51.100.60")
    assert attempt(client, user.username, PASSWORD, "198.51.100.60").status_code == 429
