"""Every installed provider has URLs; an unconfigured one answers 404 there, never a 500."""

from __future__ import annotations

import pytest
from allauth.socialaccount import providers
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "suffix", ["login/", "login/callback/", "login/callback/?code=x&state=y", "login/token/"]
)
def test_an_unconfigured_providers_urls_answer_404(suffix):
    """No SOCIAL_* variables are set in the tests: no provider has an app."""
    client = Client(raise_request_exception=False)
    answers = {}
    for provider in providers.registry.get_class_list():
        path = f"/accounts/{provider.id}/{suffix}"
        for method in ("get", "post"):
            answers[(method, path)] = getattr(client, method)(path).status_code
    failures = {key: status for key, status in answers.items() if status >= 500}
    assert not failures
    assert 404 in answers.values()
