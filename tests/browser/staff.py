"""Staff log in in the browser as a newsroom would: password, then the authenticator step."""

from __future__ import annotations

from tests.staff_login import code_from_key


def log_in_staff(page, username: str, password: str, *, check=None) -> list[str]:
    """Password at /admin/login/, then enrol an app from the key the set-up page prints and
    confirm a real code from it. `check(page)` runs on the set-up and recovery-code pages.
    Returns the recovery codes shown."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/two-factor/set-up/**")
    if check:
        check(page)
    key = page.locator("#setup-key").inner_text()
    page.fill("#id_code", code_from_key(key))
    page.locator("form.login-form button[type=submit]").click()
    page.locator(".bs-recovery-codes").wait_for()
    if check:
        check(page)
    codes = page.locator(".bs-recovery-codes code").all_inner_texts()
    page.get_by_role("link", name="Continue to the admin").click()
    return codes
