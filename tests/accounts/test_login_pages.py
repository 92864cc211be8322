"""The logged-out pieces: login buttons for configured providers only, the help text, allauth's
confirm page as a no-JavaScript POST form, and no password sign-up for readers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from broadsheet.web.middleware import content_security_policy
from tests.accounts.conftest import OIDC_ENV

FACEBOOK_ENV = {"SOCIAL_FACEBOOK_CLIENT_ID": "734651234567890", "SOCIAL_FACEBOOK_SECRET": "x"}
KAKAO_ENV = {"SOCIAL_KAKAO_CLIENT_ID": "kakao-id", "SOCIAL_KAKAO_SECRET": "y"}


def render_buttons(next_url="/national/politics/some-story/", language="en"):
    request = RequestFactory().get(next_url)
    request.LANGUAGE_CODE = language
    template = Template('{% include "accounts/includes/login_buttons.html" with next=next %}')
    return template.render(Context({"request": request, "next": next_url}))


def button_labels(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r'class="bs-login-button[^"]*" href="[^"]*">([^<]*)</a>', html)
    ]


def test_only_configured_providers_get_a_button(db, providers_from_env):
    providers_from_env({**FACEBOOK_ENV, **KAKAO_ENV})
    assert button_labels(render_buttons()) == [
        "Log in to Facebook to connect with the paper",
        "Log in to Kakao to connect with the paper",
    ]


def test_a_provider_added_in_the_admin_gets_a_button(db, providers_from_env):
    from allauth.socialaccount.models import SocialApp

    providers_from_env({})
    SocialApp.objects.create(provider="naver", name="Naver", client_id="n", secret="s")
    assert button_labels(render_buttons()) == ["Log in to Naver to connect with the paper"]


def test_no_provider_says_login_is_unavailable(db, providers_from_env):
    providers_from_env({})
    html = render_buttons()
    assert button_labels(html) == []
    assert "Logging in is not available at the moment." in html


def test_button_links_to_allauth_login_with_process_and_next(db, providers_from_env):
    providers_from_env(OIDC_ENV)
    html = render_buttons("/national/politics/some-story/")
    (href,) = re.findall(r'class="bs-login-button[^"]*" href="([^"]*)"', html)
    url = urlsplit(href.replace("&amp;", "&"))
    assert url.path == "/accounts/oidc/oidc/login/"
    assert parse_qs(url.query) == {"process": ["login"], "next": ["/national/politics/some-story/"]}
    assert "Log in to Example ID to connect with the paper" in html


def test_next_pointing_elsewhere_is_replaced_by_the_current_page(db, providers_from_env):
    providers_from_env(KAKAO_ENV)
    request = RequestFactory().get("/national/")
    html = Template('{% include "accounts/includes/login_buttons.html" with next=next %}').render(
        Context({"request": request, "next": "https://evil.example/"})
    )
    assert "evil.example" not in html
    assert "next=%2Fnational%2F" in html


def test_social_help_explains_what_is_received_and_never_posted(client, db, providers_from_env):
    providers_from_env(KAKAO_ENV)
    html = client.get("/accounts/login/").content.decode()
    assert "<summary>Social comment?</summary>" in html
    assert "your e-mail address, if you allow the service to share it" in html
    assert "never posts to your social account" in html


def test_login_page_in_korean(client, db, providers_from_env, compile_translations):
    providers_from_env(KAKAO_ENV)
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "Kakao 계정으로 로그인해 신문과 연결하기" in html
    assert "소셜 댓글이란?" in html


def test_confirm_page_is_a_post_form_without_inline_script_or_style(client, db, providers_from_env):
    providers_from_env(KAKAO_ENV)
    response = client.get("/accounts/kakao/login/?process=login&next=/national/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<form class="bs-account-form" method="post">', html)
    assert "Continue to Kakao" in html
    assert 'href="/national/"' in html  # Cancel goes back to the article
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", html)


def test_confirm_post_redirects_to_the_provider_allowed_by_the_csp(client, db, providers_from_env):
    config = providers_from_env(KAKAO_ENV)
    response = client.post("/accounts/kakao/login/?process=login&next=/national/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://kauth.kakao.com/oauth/authorize?")
    with override_settings(CSP_FORM_ACTION_EXTRA=["https://kauth.kakao.com"]):
        assert "form-action 'self' https://kauth.kakao.com" in content_security_policy()
    assert config["kakao"]["APPS"]


@responses.activate
def test_oidc_confirm_post_redirects_to_the_discovered_authorize_endpoint(
    client, db, providers_from_env
):
    providers_from_env(OIDC_ENV)
    responses.get(
        "http://127.0.0.1:9/.well-known/openid-configuration",
        json={
            "issuer": "http://127.0.0.1:9",
            "authorization_endpoint": "http://127.0.0.1:9/auth",
            "token_endpoint": "http://127.0.0.1:9/token",
            "userinfo_endpoint": "http://127.0.0.1:9/me",
            "jwks_uri": "http://127.0.0.1:9/jwks",
        },
    )
    response = client.post("/accounts/oidc/oidc/login/?process=login&next=/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith("http://127.0.0.1:9/auth?")
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert query["code_challenge_method"] == ["S256"]


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/password/reset/"])
def test_readers_cannot_sign_up_with_a_password(client, db, url):
    response = client.get(url)
    assert response.status_code in (302, 404) or b"Sign Up Closed" in response.content
    if response.status_code == 200:
        assert b'type="password"' not in response.content


def test_login_page_has_no_password_form(client, db, providers_from_env):
    providers_from_env(KAKAO_ENV)
    html = client.get("/accounts/login/").content.decode()
    assert 'type="password"' not in html
    assert 'href="/admin/login/"' in html


def test_staff_log_in_to_the_admin_with_a_password(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        "editor", password="correct horse battery", is_staff=True, is_superuser=True
    )
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    # The password alone opens no admin page: the second step (tests/staff) comes first.
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/")
