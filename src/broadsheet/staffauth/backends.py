"""The second-factor gate: an unverified admin-capable session holds no permission at all.

Listed in AUTHENTICATION_BACKENDS before Django's ModelBackend. Django stops at a backend
that raises PermissionDenied, so every `has_perm` of the request (a staff-only API, a
moderation action on a reader page, the admin) answers False until the second step is done.
Users loaded outside a request (services, commands) carry no django-otp state and pass.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from broadsheet.staffauth.access import can_reach_admin, is_unverified


class SecondFactorGate:
    """Authenticates nobody; refuses every permission of an unverified admin-capable user."""

    def authenticate(self, request, **credentials) -> None:
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if is_unverified(user_obj) and can_reach_admin(user_obj):
            raise PermissionDenied
        return False

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return self.has_perm(user_obj, app_label)
