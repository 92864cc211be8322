"""Which social login providers the operator configured, read from the environment in one place.

settings.py calls `socialaccount_providers(os.environ)` for allauth's SOCIALACCOUNT_PROVIDERS
and `form_action_origins(...)` for the Content-Security-Policy. A provider is configured by
its `SOCIAL_<NAME>_CLIENT_ID` and `SOCIAL_<NAME>_SECRET` (Apple and generic OpenID Connect
need a few more, see docs/accounts.md); providers can also be added as SocialApp records in
the Django admin, which allauth reads itself. This module reads no Django settings, so
settings.py may import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class ProviderConfigError(ImproperlyConfigured):
    """A provider is half configured (an ID without its secret, a malformed URL...)."""


@dataclass(frozen=True)
class ProviderSpec:
    allauth_id: str  # allauth's provider id, e.g. "twitter_oauth2"
    env: str  # the environment prefix: SOCIAL_<env>_...
    # Where allauth redirects the reader to log in: the Content-Security-Policy's
    # form-action must allow it, since Chromium checks the redirect after our POST.
    authorize_origin: str
    # Provider settings we always want, also for providers configured in the admin.
    settings: dict[str, Any] = field(default_factory=dict)


# The order buttons appear in. Scopes are read-only: the paper never posts for a reader.
PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        "twitter_oauth2", "TWITTER", "https://x.com", {"SCOPE": ["users.read", "tweet.read"]}
    ),
    ProviderSpec(
        "facebook",
        "FACEBOOK",
        "https://www.facebook.com",
        {
            "METHOD": "oauth2",
            "SCOPE": ["public_profile", "email"],
            "FIELDS": ["id", "name", "first_name", "last_name", "email"],
        },
    ),
    ProviderSpec(
        "google", "GOOGLE", "https://accounts.google.com", {"SCOPE": ["openid", "profile", "email"]}
    ),
    ProviderSpec("kakao", "KAKAO", "https://kauth.kakao.com"),
    ProviderSpec("naver", "NAVER", "https://nid.naver.com"),
    ProviderSpec("apple", "APPLE", "https://appleid.apple.com"),
)
OIDC_ID = "openid_connect"
PROVIDER_ORDER = (*(spec.allauth_id for spec in PROVIDERS), OIDC_ID)


def _get(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def _origin(url: str, variable: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ProviderConfigError(f"{variable} must be an http(s) URL, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _client_app(environ: Mapping[str, str], spec: ProviderSpec) -> dict[str, Any] | None:
    prefix = f"SOCIAL_{spec.env}_"
    client_id = _get(environ, prefix + "CLIENT_ID")
    secret = _get(environ, prefix + "SECRET")
    if spec.allauth_id == "apple":
        # Apple: the Services ID, the key's ID, the team ID and the key itself (.p8 text).
        needed = ["CLIENT_ID", "KEY_ID", "TEAM_ID", "PRIVATE_KEY"]
        values = {name: _get(environ, prefix + name).replace("\\n", "\n") for name in needed}
        if not any(values.values()):
            return None
        missing = [prefix + name for name, value in values.items() if not value]
        if missing:
            raise ProviderConfigError(f"Apple login is half configured: set {', '.join(missing)}")
        return {
            "client_id": values["CLIENT_ID"],
            "secret": values["KEY_ID"],
            "key": values["TEAM_ID"],
            "settings": {"certificate_key": values["PRIVATE_KEY"]},
        }
    if not client_id and not secret:
        return None
    if not client_id or not secret:
        unset = prefix + ("SECRET" if client_id else "CLIENT_ID")
        raise ProviderConfigError(f"{spec.env.title()} login is half configured: set {unset}")
    return {"client_id": client_id, "secret": secret}


def _oidc_app(environ: Mapping[str, str]) -> dict[str, Any] | None:
    names = ["SOCIAL_OIDC_SERVER_URL", "SOCIAL_OIDC_CLIENT_ID", "SOCIAL_OIDC_SECRET"]
    values = {name: _get(environ, name) for name in names}
    if not any(values.values()):
        return None
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ProviderConfigError(
            f"OpenID Connect login is half configured: set {', '.join(missing)}"
        )
    server_url = values["SOCIAL_OIDC_SERVER_URL"].rstrip("/")
    _origin(server_url, "SOCIAL_OIDC_SERVER_URL")
    return {
        # The callback is /accounts/oidc/<provider_id>/login/callback/.
        "provider_id": _get(environ, "SOCIAL_OIDC_ID") or "oidc",
        "name": _get(environ, "SOCIAL_OIDC_NAME") or "OpenID Connect",
        "client_id": values["SOCIAL_OIDC_CLIENT_ID"],
        "secret": values["SOCIAL_OIDC_SECRET"],
        "settings": {"server_url": server_url},
    }


def socialaccount_providers(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """allauth's SOCIALACCOUNT_PROVIDERS: every provider's settings, "APPS" for the configured.

    Raises ProviderConfigError when a provider is only half configured, so a typo in the
    operator's environment stops the start instead of hiding a login button.
    """
    config: dict[str, dict[str, Any]] = {}
    for spec in PROVIDERS:
        entry: dict[str, Any] = dict(spec.settings)
        if app := _client_app(environ, spec):
            entry["APPS"] = [app]
        config[spec.allauth_id] = entry
    oidc: dict[str, Any] = {"OAUTH_PKCE_ENABLED": True}
    if app := _oidc_app(environ):
        oidc["APPS"] = [app]
    config[OIDC_ID] = oidc
    return config


def form_action_origins(config: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The origins allauth redirects readers to, for the CSP's form-action directive.

    Providers configured only in the admin are not known here; their origin goes in
    CSP_FORM_ACTION_EXTRA (docs/accounts.md).
    """
    origins: list[str] = []
    for spec in PROVIDERS:
        if config.get(spec.allauth_id, {}).get("APPS"):
            origins.append(spec.authorize_origin)
    for app in config.get(OIDC_ID, {}).get("APPS", []):
        origins.append(_origin(app["settings"]["server_url"], "SOCIAL_OIDC_SERVER_URL"))
    return list(dict.fromkeys(origins))
