"""Staff sessions for tests: an enrolled authenticator app, and real codes computed from it."""

from __future__ import annotations

import base64
import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrolled_device(user) -> TOTPDevice:
    """The account's confirmed authenticator app (created when it has none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The digits an authenticator app shows for this device now (or `steps_ahead` later)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"


def log_in_verified(client: Client, user) -> TOTPDevice:
    """Log the client in as `user` with a verified second factor, as the second step would."""
    device = enrolled_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def code_from_key(key_text: str, *, steps_ahead: int = 0) -> str:
    """The six digits an app shows for the key the set-up page prints (base32, in groups)."""
    text = key_text.replace(" ", "").upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    generator = TOTP(key)
    generator.time = time.time() + steps_ahead * generator.step
    return f"{generator.token():06d}"
