"""Everyone who can reach the admin shows a code from an authenticator app after the password."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import html as lxml_html

from broadsheet.staffauth.devices import issue_recovery_codes
from tests.staff.conftest import PASSWORD
from tests.staff_login import code_for, enrolled_device, log_in_verified

pytestmark = pytest.mark.django_db


def password_login(client, user, next_url="/admin/"):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, response.content[:500]
    return response


def test_first_login_enrols_an_app_with_a_real_code_and_shows_recovery_codes_once(client, editor):
    """No device yet: the set-up page shows a QR code (inline SVG) and the key as text; a code
    computed from that key confirms it; ten recovery codes are shown once and then work."""
    password_login(client, editor)
    to_step = client.get("/admin/")
    assert to_step.status_code == 302
    assert to_step["Location"].startswith("/admin/two-factor/")
    set_up = client.get(client.get(to_step["Location"])["Location"])
    assert set_up.status_code == 200
    page = set_up.content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "<script>" not in page.split('id="main"', 1)[1]
    key = lxml_html.fromstring(set_up.content).get_element_by_id("setup-key").text_content()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert key.replace(" ", "") in device.config_url  # the same secret as the QR code's
    field = lxml_html.fromstring(set_up.content).get_element_by_id("id_code")
    assert field.get("autocomplete") == "one-time-code" and field.get("inputmode") == "numeric"

    done = client.post("/admin/two-factor/set-up/", {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    # Shown once: the set-up page is closed to an enrolled account.
    assert client.get("/admin/two-factor/set-up/").status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 10


def test_a_wrong_code_does_not_enrol(client, editor, no_code_throttle):
    password_login(client, editor)
    client.get("/admin/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/admin/two-factor/set-up/", {"code": wrong})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_later_logins_ask_for_the_code_and_refuse_a_wrong_one(client, editor, no_code_throttle):
    device = enrolled_device(editor)
    password_login(client, editor, next_url="/admin/pages/")
    step = client.get("/admin/pages/")
    assert step["Location"] == "/admin/two-factor/?next=%2Fadmin%2Fpages%2F"
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    refused = client.post("/admin/two-factor/", {"code": wrong, "next": "/admin/pages/"})
    assert refused.status_code == 400
    assert "not right" in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    accepted = client.post(
        "/admin/two-factor/", {"code": code_for(device), "next": "/admin/pages/"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_refused_when_replayed(client, editor, no_code_throttle):
    """A code that opened one session opens no other (the app's time step is used up)."""
    device = enrolled_device(editor)
    code = code_for(device)
    password_login(client, editor)
    assert client.post("/admin/two-factor/", {"code": code})["Location"] == "/admin/"
    client.logout()
    password_login(client, editor)
    assert client.post("/admin/two-factor/", {"code": code}).status_code == 400
    assert client.get("/admin/").status_code == 302
    # The app's next code works.
    assert (
        client.post("/admin/two-factor/", {"code": code_for(device, steps_ahead=1)})["Location"]
        == "/admin/"
    )


def test_a_recovery_code_works_once(client, editor, no_code_throttle):
    enrolled_device(editor)
    codes = issue_recovery_codes(editor)
    password_login(client, editor)
    assert client.post("/admin/two-factor/recovery/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    password_login(client, editor)
    assert client.post("/admin/two-factor/recovery/", {"code": codes[0]}).status_code == 400
    assert client.post("/admin/two-factor/recovery/", {"code": codes[1]}).status_code == 302


def test_wrong_codes_make_the_next_attempts_wait(client, editor):
    """django-otp's throttle: after a wrong code even the right one waits (429, Retry-After)."""
    device = enrolled_device(editor)
    password_login(client, editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post("/admin/two-factor/", {"code": wrong}).status_code == 400
    waiting = client.post("/admin/two-factor/", {"code": code_for(device)})
    assert waiting.status_code == 429
    assert int(waiting["Retry-After"]) >= 1
    assert client.get("/admin/").status_code == 302


def test_bad_input_gets_a_clear_400(client, editor):
    enrolled_device(editor)
    password_login(client, editor)
    for code in ("", "x" * 5000, "12 34 56 78 90 12 34", "\u0661\u0662\u0663\u0664\u0665\u0666"):
        response = client.post("/admin/two-factor/", {"code": code})
        assert response.status_code in (400, 429), code
    assert client.get("/admin/").status_code == 302


def test_the_second_step_pages_refuse_a_reader_and_an_anonymous_visitor(client, django_user_model):
    for url in ("/admin/two-factor/", "/admin/two-factor/set-up/", "/admin/two-factor/recovery/"):
        assert client.get(url)["Location"].startswith("/admin/login/")
    reader = django_user_model.objects.create_user("plain-reader")
    client.force_login(reader)
    assert client.get("/admin/two-factor/set-up/")["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.filter(user=reader).exists()


def test_next_may_not_leave_the_site(client, editor, no_code_throttle):
    device = enrolled_device(editor)
    password_login(client, editor)
    response = client.post(
        "/admin/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_second_step_is_translated(client, editor, compile_translations):
    enrolled_device(editor)
    password_login(client, editor)
    client.cookies["django_language"] = "ko"
    page = client.get("/admin/two-factor/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "2단계 로그인" in page


def test_the_verified_login_fixture_opens_the_admin(client, moderator):
    log_in_verified(client, moderator)
    assert client.get("/admin/comments/").status_code == 200
