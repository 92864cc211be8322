"""A new staff member enrols an authenticator app in Chromium; the pages pass axe-core."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations
from tests.browser.staff import log_in_staff

pytestmark = pytest.mark.browser


def test_a_new_editor_enrols_and_reaches_the_admin(page, site_server):
    site_server.manage("create_staff", "--editor", "ed-browser", "--password", "ed-browser-pw-1")
    found: list[list[dict]] = []
    codes = log_in_staff(
        page, "ed-browser", "ed-browser-pw-1", check=lambda p: found.append(axe_violations(p))
    )
    assert found == [[], []]
    assert len(codes) == 10
    page.wait_for_url("**/admin/")
    assert page.locator("#main, main").count() >= 1
    assert "/two-factor/" not in page.url


def test_a_wrong_code_is_announced(page, site_server):
    site_server.manage("create_staff", "--editor", "ed-wrong", "--password", "ed-wrong-pw-12")
    page.goto("/admin/login/")
    page.fill("input[name=username]", "ed-wrong")
    page.fill("input[name=password]", "ed-wrong-pw-12")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/two-factor/set-up/**")
    page.fill("#id_code", "000000")
    page.locator("form.login-form button[type=submit]").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "not right" in alert.inner_text()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
