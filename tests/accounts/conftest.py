"""Fixtures for the accounts tests: configured providers and a logged-in reader."""

from __future__ import annotations

import pytest
from django.test import override_settings

from broadsheet.accounts.providers import form_action_origins, socialaccount_providers

OIDC_ENV = {
    "SOCIAL_OIDC_SERVER_URL": "http://127.0.0.1:9",
    "SOCIAL_OIDC_CLIENT_ID": "broadsheet",
    "SOCIAL_OIDC_SECRET": "s3cret",
    "SOCIAL_OIDC_NAME": "Example ID",
}


@pytest.fixture
def providers_from_env():
    """Configure providers from an environment mapping, as settings.py does."""
    overrides = []

    def configure(environ: dict[str, str]):
        config = socialaccount_providers(environ)
        override = override_settings(
            SOCIALACCOUNT_PROVIDERS=config, CSP_FORM_ACTION_EXTRA=form_action_origins(config)
        )
        override.enable()
        overrides.append(override)
        return config

    yield configure
    for override in reversed(overrides):
        override.disable()


@pytest.fixture
def reader(db):
    """A reader who logged in with Kakao."""
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "minji", email="minji@example.kr", first_name="김민지"
    )
    user.set_unusable_password()
    user.save()
    SocialAccount.objects.create(
        user=user,
        provider="kakao",
        uid="3498765432",
        extra_data={"id": 3498765432, "kakao_account": {"email": "minji@example.kr"}},
    )
    return user
