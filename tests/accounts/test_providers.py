"""Which providers are configured comes from SOCIAL_* variables, read in accounts/providers.py."""

from __future__ import annotations

import pytest

from broadsheet.accounts.providers import (
    ProviderConfigError,
    form_action_origins,
    socialaccount_providers,
)

CLIENTS = {
    "TWITTER": ("twitter_oauth2", "https://x.com"),
    "FACEBOOK": ("facebook", "https://www.facebook.com"),
    "GOOGLE": ("google", "https://accounts.google.com"),
    "KAKAO": ("kakao", "https://kauth.kakao.com"),
    "NAVER": ("naver", "https://nid.naver.com"),
}


def configured(config: dict) -> set[str]:
    return {name for name, entry in config.items() if entry.get("APPS")}


def test_nothing_configured_means_no_buttons_and_no_extra_form_action():
    config = socialaccount_providers({})
    assert configured(config) == set()
    assert form_action_origins(config) == []


@pytest.mark.parametrize("env_name", sorted(CLIENTS))
def test_client_id_and_secret_configure_a_provider(env_name):
    allauth_id, origin = CLIENTS[env_name]
    config = socialaccount_providers(
        {f"SOCIAL_{env_name}_CLIENT_ID": "id-1", f"SOCIAL_{env_name}_SECRET": "secret-1"}
    )
    assert configured(config) == {allauth_id}
    assert config[allauth_id]["APPS"] == [{"client_id": "id-1", "secret": "secret-1"}]
    assert form_action_origins(config) == [origin]


@pytest.mark.parametrize("present", ["CLIENT_ID", "SECRET"])
def test_half_configured_provider_names_the_missing_variable(present):
    missing = "SECRET" if present == "CLIENT_ID" else "CLIENT_ID"
    with pytest.raises(ProviderConfigError, match=f"SOCIAL_KAKAO_{missing}"):
        socialaccount_providers({f"SOCIAL_KAKAO_{present}": "x"})


def test_generic_openid_connect_provider():
    config = socialaccount_providers(
        {
            "SOCIAL_OIDC_SERVER_URL": "https://id.example.org/realms/readers/",
            "SOCIAL_OIDC_CLIENT_ID": "broadsheet",
            "SOCIAL_OIDC_SECRET": "s3cret",
            "SOCIAL_OIDC_NAME": "Example ID",
        }
    )
    (app,) = config["openid_connect"]["APPS"]
    assert app == {
        "provider_id": "oidc",
        "name": "Example ID",
        "client_id": "broadsheet",
        "secret": "s3cret",
        "settings": {"server_url": "https://id.example.org/realms/readers"},
    }
    assert form_action_origins(config) == ["https://id.example.org"]


def test_openid_connect_needs_a_real_url():
    with pytest.raises(ProviderConfigError, match="SOCIAL_OIDC_SERVER_URL"):
        socialaccount_providers(
            {
                "SOCIAL_OIDC_SERVER_URL": "id.example.org",
                "SOCIAL_OIDC_CLIENT_ID": "a",
                "SOCIAL_OIDC_SECRET": "b",
            }
        )


def test_apple_needs_its_key_and_team():
    with pytest.raises(ProviderConfigError, match="SOCIAL_APPLE_TEAM_ID"):
        socialaccount_providers(
            {
                "SOCIAL_APPLE_CLIENT_ID": "org.example.web",
                "SOCIAL_APPLE_KEY_ID": "ABC123",
                "SOCIAL_APPLE_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----",
            }
        )
    config = socialaccount_providers(
        {
            "SOCIAL_APPLE_CLIENT_ID": "org.example.web",
            "SOCIAL_APPLE_KEY_ID": "ABC123",
            "SOCIAL_APPLE_TEAM_ID": "TEAM42",
            "SOCIAL_APPLE_PRIVATE_KEY": "line1\\nline2",
        }
    )
    assert config["apple"]["APPS"] == [
        {
            "client_id": "org.example.web",
            "secret": "ABC123",
            "key": "TEAM42",
            "settings": {"certificate_key": "line1\nline2"},
        }
    ]
    assert form_action_origins(config) == ["https://appleid.apple.com"]


def test_scopes_never_ask_to_post():
    """The paper asks providers only for read access: it never posts for a reader."""
    config = socialaccount_providers({})
    assert config["twitter_oauth2"]["SCOPE"] == ["users.read", "tweet.read"]
    assert config["facebook"]["SCOPE"] == ["public_profile", "email"]
