"""reset_two_factor: a staff member who lost their phone enrols again at the next login."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from broadsheet.staffauth.devices import issue_recovery_codes
from tests.staff_login import log_in_verified

pytestmark = pytest.mark.django_db


def test_reset_removes_the_app_and_the_recovery_codes(client, editor, capsys):
    log_in_verified(client, editor)
    issue_recovery_codes(editor)
    assert client.get("/admin/").status_code == 200
    call_command("reset_two_factor", editor.username)
    assert "2 second factor(s) removed" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    # The session the app verified is sent back to the second step, which now enrols.
    step = client.get("/admin/")
    assert step["Location"].startswith("/admin/two-factor/")
    assert client.get(step["Location"])["Location"].startswith("/admin/two-factor/set-up/")


def test_reset_names_an_unknown_account(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody-here")


def test_create_staff_says_how_to_enrol(db, capsys):
    call_command("create_staff", "--editor", "ed-new", "--password", "a-long-password-9")
    assert "sets up an authenticator app" in capsys.readouterr().out
