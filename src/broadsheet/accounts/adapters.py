"""allauth extension points: readers sign up only through a social provider."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404

from broadsheet.accounts.providers import PROVIDER_ORDER


def provider_display_name(provider_id: str, data: dict) -> str:
    """The name a provider gives for the reader, for providers allauth does not read it from."""
    if provider_id == "kakao":
        profile = (data.get("kakao_account") or {}).get("profile") or {}
        return profile.get("nickname") or (data.get("properties") or {}).get("nickname") or ""
    if provider_id == "naver":
        return data.get("name") or data.get("nickname") or ""
    return ""


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # No local password sign-up: staff accounts are made in the Wagtail admin.
        return False


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """A provider's URLs exist whether or not it is configured: an unconfigured one is a 404.

    Still a SocialApp.DoesNotExist for allauth's own handlers (its OpenID Connect views catch
    that); elsewhere Django answers it as a 404 instead of the 500 it was.
    """


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise ProviderNotConfigured(f"no {provider} app is configured") from None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not (user.first_name or user.last_name):
            name = provider_display_name(
                sociallogin.account.provider, sociallogin.account.extra_data or {}
            )
            user.first_name = name[:150]
        return user

    def list_providers(self, request):
        """The configured providers, in the paper's order (X, Facebook, Google, ...)."""

        def rank(provider) -> tuple[int, str]:
            try:
                return PROVIDER_ORDER.index(provider.id), provider.name
            except ValueError:
                return len(PROVIDER_ORDER), provider.name

        return sorted(super().list_providers(request), key=rank)
