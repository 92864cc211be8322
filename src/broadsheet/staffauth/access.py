"""Who must show a second factor, and whether this request has shown it."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

_PERMISSIONS = ModelBackend()  # the same per-user cache as Django's own permission checks


def can_reach_admin(user) -> bool:
    """An active account that can open the admin: staff, superuser, or access_admin.

    Reads permissions through ModelBackend directly (not user.has_perm, which the second-factor
    gate answers), into the cache later permission checks of the request reuse.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return "wagtailadmin.access_admin" in _PERMISSIONS.get_all_permissions(user)


def is_unverified(user) -> bool:
    """A user of this request (django-otp's OTPMiddleware ran) without a verified device."""
    return getattr(user, "otp_device", False) is None


def needs_second_factor(request: HttpRequest) -> bool:
    """The session belongs to an admin-capable account that has not shown its second factor."""
    return is_unverified(request.user) and can_reach_admin(request.user)


def is_unverified_staff_flag(request: HttpRequest) -> bool:
    """The same for staff and superusers, read from the user row alone (no query)."""
    user = request.user
    return bool(
        user.is_authenticated and (user.is_staff or user.is_superuser) and is_unverified(user)
    )
