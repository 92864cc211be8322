"""Operator settings of the staff sign-in, read from Django settings with safe defaults."""

from __future__ import annotations

from django.conf import settings


def recovery_code_count() -> int:
    """How many one-time recovery codes a staff member gets at enrolment."""
    return int(getattr(settings, "STAFF_RECOVERY_CODES", 10))
