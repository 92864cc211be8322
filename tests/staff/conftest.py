"""Staff accounts for the sign-in tests."""

from __future__ import annotations

import pytest

from broadsheet.newsroom.staff import create_staff_user

PASSWORD = "a-long-staff-password-1"


@pytest.fixture
def editor(db):
    user, _ = create_staff_user("ed-2fa", "editor", PASSWORD)
    return user


@pytest.fixture
def moderator(db):
    user, _ = create_staff_user("mod-2fa", "moderator", PASSWORD)
    return user


@pytest.fixture
def no_code_throttle(settings):
    """django-otp makes each wrong code wait 1, 2, 4... seconds; tests that follow a wrong
    code with a right one at once turn that off (test_throttle checks it is on)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log in with passwords dozens of times; the hash's strength is not tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
