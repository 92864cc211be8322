"""Readers' social logins are counted per client address (accounts.middleware)."""

from __future__ import annotations

from django.conf import settings

from tests.accounts.conftest import OIDC_ENV

START = "/accounts/oidc/oidc/login/"


def test_social_login_starts_are_limited_per_address(client, db, providers_from_env):
    providers_from_env(OIDC_ENV)
    allowed, _seconds = settings.RATE_LIMITS["login"]["address"]
    for _ in range(allowed):
        response = client.get(START, REMOTE_ADDR="198.51.100.7")
        assert response.status_code != 429
    refused = client.get(START, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert b"<html" in refused.content  # the no-JavaScript refusal page
    callback = client.get(START + "callback/?code=x&state=y", REMOTE_ADDR="198.51.100.7")
    assert callback.status_code == 429  # the way back counts too
    other = client.get(START, REMOTE_ADDR="198.51.100.8")
    assert other.status_code != 429  # another reader is not held up


def test_other_account_pages_are_not_counted(client, db, providers_from_env, settings):
    providers_from_env(OIDC_ENV)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {"address": (1, 60)}}
    for _ in range(3):
        assert client.get("/accounts/login/", REMOTE_ADDR="198.51.100.9").status_code == 200
