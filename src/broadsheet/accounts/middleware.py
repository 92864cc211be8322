"""Readers' social logins are rate-limited per client address.

allauth's own rate limits cover its password views, not the social ones: starting a login at
a provider (`<provider>_login`) and coming back from it (`<provider>_callback`) are counted
here against the "login" limit (core.rate_limits), before allauth does any work. Staff
password logins are throttled by django-axes (broadsheet.staffauth).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from broadsheet.core import rate_limits

_SOCIAL_VIEWS = "allauth.socialaccount.providers."


def is_social_login_step(request: HttpRequest, view_func: Callable) -> bool:
    match = request.resolver_match
    name = (match.url_name or "") if match else ""
    return view_func.__module__.startswith(_SOCIAL_VIEWS) and name.endswith(("_login", "_callback"))


class SocialLoginRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not is_social_login_step(request, view_func):
            return None
        try:
            rate_limits.check_request("login", request)
        except rate_limits.RateLimited as refusal:
            return rate_limits.refusal_page(request, refusal)
        return None
