"""Staff second factors: an authenticator app (TOTP) and one-time recovery codes (django-otp).

Plain functions the views and the management command call; each write in one transaction.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from broadsheet.staffauth import app_settings

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Codes are digits (TOTP) or base32 letters and digits (recovery); anything longer is no code.
MAX_CODE_LENGTH = 16


def has_enrolled(user) -> bool:
    """The account has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up (the same key on every visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def key_text(device: TOTPDevice) -> str:
    """The secret as the base32 text authenticator apps accept, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice, title: str) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (no script, no style attribute)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, light="#fff", title=title, svgclass="bs-staff-qr", lineclass=None
    )
    # segno writes the element itself from the key and the escaped title: no reader text.
    return mark_safe(svg)  # noqa: S308


def clean_code(raw: str) -> str:
    """The code as typed, without spaces and dashes, lower case; empty when it cannot be one."""
    code = "".join(raw.split()).replace("-", "").lower()
    return code if 0 < len(code) <= MAX_CODE_LENGTH and code.isalnum() else ""


@dataclass(frozen=True)
class Check:
    """The outcome of one code: the device that accepted it, or why none did."""

    device: Device | None
    retry_after: int = 0  # seconds, when the devices refuse to check any code for now


def _wait_seconds(devices: list[Device]) -> int:
    """Seconds until every device will check a code again (0: they will now)."""
    waits = [0.0]
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return math.ceil(max(waits))


def check_code(user, raw: str) -> Check:
    """Try the code on the account's confirmed devices (app first, then recovery codes).

    django_otp.verify_token locks the device row, so a code is accepted once: the app
    refuses a code of a time step already used, and a recovery code is deleted when used.
    Each wrong code makes the devices wait longer (django-otp's throttling).
    """
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    wait = _wait_seconds(devices)
    if wait:
        return Check(None, retry_after=wait)
    code = clean_code(raw)
    if code:
        for device in devices:
            if isinstance(device, TOTPDevice) and not code.isdigit():
                continue
            accepted = django_otp.verify_token(user, device.persistent_id, code)
            if accepted is not None:
                return Check(accepted)
    else:
        for device in devices:
            device.throttle_increment()
    return Check(None)


@transaction.atomic
def confirm_app_device(user, raw: str) -> tuple[TOTPDevice | None, list[str]]:
    """Confirm the pending app device with a code from it; then issue new recovery codes.

    Returns the confirmed device and the recovery codes (to show once), or (None, []).
    """
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
    device = pending.order_by("pk").first()  # the one pending_app_device shows
    code = clean_code(raw)
    if device is None or not code.isdigit() or not device.verify_token(code):
        return None, []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()  # any other pending one
    return device, issue_recovery_codes(user)


@transaction.atomic
def issue_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(app_settings.recovery_code_count())]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def forget_devices(user) -> int:
    """Remove every second factor of the account: it enrols again at its next login."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        found = model.objects.filter(user=user)
        removed += found.count()
        found.delete()
    return removed


def mark_verified(request: HttpRequest, device: Device) -> None:
    """This session has shown its second factor: a new session key, then the device."""
    request.session.cycle_key()
    django_otp.login(request, device)
