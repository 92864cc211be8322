"""X (Twitter), Facebook, Kakao and Naver login through allauth's real provider code.

These providers cannot be reached from the test machine, so every test here replays RECORDED
HTTP exchanges (tests/accounts/recordings/*.json, shaped after each provider's documented
API) by patching `requests` with the `responses` package. What runs for real: allauth's
login view (state, PKCE), its callback view, the token exchange and profile fetch code of
each provider, our adapter, and the account it creates.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings
from django.urls import reverse

from broadsheet.accounts.providers import form_action_origins, socialaccount_providers
from tests.accounts.replay import load, replay

NEXT = "/national/politics/"


def log_in_with(client, recording: dict) -> tuple:
    """Drive allauth's login and callback views for the recording's provider."""
    provider = recording["provider"]
    config = socialaccount_providers(recording["environment"])
    with override_settings(SOCIALACCOUNT_PROVIDERS=config):
        start = client.post(f"{reverse(f'{provider}_login')}?process=login&next={NEXT}")
        assert start.status_code == 302, start.content[:500]
        authorize = urlsplit(start["Location"])
        assert f"{authorize.scheme}://{authorize.netloc}" in form_action_origins(config)
        state = parse_qs(authorize.query)["state"][0]
        first = recording["exchanges"][0]["request"]
        code = (first.get("form") or first.get("query"))["code"]
        with replay(recording) as mock:
            done = client.get(reverse(f"{provider}_callback"), {"code": code, "state": state})
            calls = len(mock.calls)
    return done, calls


@pytest.mark.parametrize("name", ["twitter_oauth2", "facebook", "kakao", "kakao_no_email", "naver"])
def test_recorded_login_creates_reader(client, db, name):
    """Replayed from a recording: the code is exchanged, the profile read, and a reader
    account made with the provider's id for them, their name and (when given) e-mail."""
    recording = load(name)
    response, calls = log_in_with(client, recording)

    assert response.status_code == 302
    assert response["Location"] == NEXT
    assert calls == len(recording["exchanges"])
    expect = recording["expect"]
    account = SocialAccount.objects.get(provider=recording["provider"])
    assert account.uid == expect["uid"]
    user = account.user
    assert user.get_full_name() == expect["name"]
    assert (user.email or None) == expect["email"]
    assert not user.has_usable_password()
    assert not user.is_staff
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_recorded_x_login_requests_read_only_scopes(client, db):
    """Replayed from a recording: X is asked only for read scopes, with PKCE, so the paper
    can never post for the reader."""
    recording = load("twitter_oauth2")
    config = socialaccount_providers(recording["environment"])
    with override_settings(SOCIALACCOUNT_PROVIDERS=config):
        start = client.post(f"{reverse('twitter_oauth2_login')}?process=login&next={NEXT}")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert set(query["scope"][0].split()) == {"users.read", "tweet.read"}
    assert query["code_challenge_method"] == ["S256"]


def test_recorded_second_login_finds_same_reader(client, db):
    """Replayed from a recording: logging in again with the same Kakao account reuses the
    reader instead of making a second one."""
    recording = load("kakao")
    log_in_with(client, recording)
    client.logout()
    log_in_with(client, recording)
    assert SocialAccount.objects.filter(provider="kakao").count() == 1


def test_recorded_provider_error_shows_a_page_not_a_500(client, db):
    """Replayed from a recording altered to fail: when Naver refuses the token exchange the
    reader gets allauth's login-failure page, not a server error."""
    recording = load("naver")
    recording["exchanges"] = recording["exchanges"][:1]
    recording["exchanges"][0]["response"] = {
        "status": 401,
        "json": {"error": "invalid_request", "error_description": "no valid code"},
    }
    response, _ = log_in_with(client, recording)
    assert response.status_code == 401
    assert "The login did not work" in response.content.decode()
    assert not SocialAccount.objects.exists()
