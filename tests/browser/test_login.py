"""A reader logs in through the local OpenID Connect provider in Chromium, and out again.

The provider is real (tools/oidc-provider: npm's certified `oidc-provider`, started by the
`site_server` fixture): it shows its own login page, issues a code and a signed ID token,
and the app exchanges and checks them. Nothing is mocked.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.oidc import NAME

pytestmark = pytest.mark.browser

BUTTON = f"Log in to {NAME} to connect with the paper"


def open_first_article(page) -> str:
    page.goto("/national/politics/")
    page.locator(".bs-card__headline a").first.click()
    page.wait_for_load_state()
    return page.url


def log_in_at_provider(page, username: str) -> None:
    """The provider's own pages: type a username, then allow the paper to receive the profile."""
    page.get_by_label("Username").fill(username)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("button", name="Allow").click()


def test_reader_logs_in_sees_profile_and_logs_out(page, oidc_provider):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    article_url = open_first_article(page)
    headline = page.locator("h1").inner_text()
    path = re.sub(r"^https?://[^/]+", "", article_url)

    page.goto(f"/accounts/login/?next={path}")
    page.get_by_role("link", name=BUTTON).click()
    # allauth's confirm page: a plain POST form, then the redirect to the provider, which the
    # Content-Security-Policy's form-action must allow.
    assert page.locator("h1").inner_text() == f"Log in with {NAME}"
    page.get_by_role("button", name=f"Continue to {NAME}").click()
    page.wait_for_url(f"{oidc_provider.url}/**")
    log_in_at_provider(page, "minji")

    page.wait_for_url(article_url)
    assert page.locator("h1").inner_text() == headline
    page.get_by_role("link", name="My account").click()
    page.wait_for_url("**/profile/")
    assert page.locator(".bs-profile__name").inner_text() == "Kim Min-ji"
    assert NAME in page.locator(".bs-linked-accounts").inner_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Log in").is_visible()
    page.goto("/profile/")
    assert "/accounts/login/" in page.url
    assert page.console_errors == [], failed


def test_login_works_without_javascript(browser, site_server, oidc_provider):
    """Links and POST forms only: the whole login also works with JavaScript off."""
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/?next=/profile/")
        page.get_by_role("link", name=BUTTON).click()
        page.get_by_role("button", name=f"Continue to {NAME}").click()
        log_in_at_provider(page, "daniel")
        page.wait_for_url("**/profile/")
        assert page.locator(".bs-profile__name").inner_text() == "Daniel Park"
    finally:
        context.close()


def test_cancelling_at_the_provider_leaves_the_reader_logged_out(page, oidc_provider):
    page.goto("/accounts/login/?next=/")
    page.get_by_role("link", name=BUTTON).click()
    page.get_by_role("button", name=f"Continue to {NAME}").click()
    page.get_by_role("button", name="Cancel").click()
    assert page.locator("h1").inner_text() == "Login cancelled"
    assert page.get_by_role("link", name="Log in", exact=True).first.is_visible()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_login_confirm_and_profile_pages_have_no_axe_violations(page, oidc_provider, language):
    from tests.browser.axe import axe_violations

    page.goto(f"/language/{language}/")
    for url in ("/accounts/login/?next=/", "/accounts/oidc/local/login/?process=login&next=/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        page.locator("details.bs-social-help > summary").click()
        assert axe_violations(page) == [], url
    page.goto("/accounts/login/?next=/profile/")
    page.locator(".bs-login-button").first.click()
    page.locator("form.bs-account-form button[type=submit]").click()
    log_in_at_provider(page, "minji")
    page.wait_for_url("**/profile/")
    for url in ("/profile/", "/profile/delete/"):
        page.goto(url)
        assert axe_violations(page) == [], url
