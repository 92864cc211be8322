"""Every admin-capable account shows its second factor before it counts as logged in.

Until then the session reaches only the password login, the second-factor pages and logout:
an admin path redirects to the second step; elsewhere a staff or superuser account is an
anonymous visitor, and any other admin-capable account holds no permission (backends.py),
so no staff-only view or API is reached with the password alone, whatever its URL. Outside
the admin the check reads only the user row, so reader pages cost no extra query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode

from broadsheet.staffauth.access import is_unverified_staff_flag, needs_second_factor


def _paths() -> tuple[tuple[str, ...], str]:
    """The open paths and the admin's root, reversed once per URL map and script prefix (seven
    `reverse` calls were a measurable share of every reader request's middleware)."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=8)
def _reversed(urlconf: str, prefix: str) -> tuple[tuple[str, ...], str]:
    return _open_paths(), reverse("wagtailadmin_home")


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("account_logout"),
        reverse("wagtailadmin_javascript_catalog"),  # the admin pages' translations
        reverse("wagtailadmin_sprite"),  # the admin pages' icons (icons.js fetches them)
        reverse("staffauth:verify"),  # every page of the second step lives below it
    )


async def _anonymous_async() -> AnonymousUser:
    return AnonymousUser()


class StaffVerificationMiddleware:
    """Placed after django-otp's OTPMiddleware, which says whether the session is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        open_paths, admin = _paths()
        if path.startswith(open_paths):
            return self.get_response(request)
        if path.startswith(admin):
            if needs_second_factor(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('staffauth:verify')}?{query}")
        elif is_unverified_staff_flag(request):
            request.user = AnonymousUser()
            request.auser = _anonymous_async
        return self.get_response(request)
