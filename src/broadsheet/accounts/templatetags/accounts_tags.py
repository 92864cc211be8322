"""Template tags for the login buttons: which providers to offer and where each one starts."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from django import template
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()

# Names readers know the providers by, where allauth's differs.
DISPLAY_NAMES = {"twitter_oauth2": "X (Twitter)"}


@register.simple_tag(takes_context=True)
def login_providers(context, next_url: str = "") -> list[dict]:
    """[{"id", "name", "url"}] for every configured provider, each URL returning to next_url."""
    request = context.get("request")
    if request is None:
        return []
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = request.get_full_path()
    return [
        {
            "id": provider.id,
            "name": DISPLAY_NAMES.get(provider.id, provider.name),
            "url": provider.get_login_url(request, process="login", next=next_url),
        }
        for provider in get_adapter(request).list_providers(request)
    ]


@register.simple_tag(takes_context=True)
def safe_next(context, default: str = "/") -> str:
    """The request's ?next= when it points at this site, else default (for "Cancel" links)."""
    request = context.get("request")
    next_url = request.GET.get("next", "") if request is not None else ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default
