"""The whole path of a new reader, as the issue describes it: log in with a social account
(the real local OpenID Connect provider), pick a display name, accept the Standards Board
Policy, and write a first comment, which is held for review and shown to its author."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.browser.oidc import NAME
from tests.browser.test_login import BUTTON, log_in_at_provider, open_first_article

pytestmark = pytest.mark.browser


def test_new_reader_logs_in_sets_up_and_comments(page, oidc_provider):
    article_url = open_first_article(page)
    comments = page.locator("#comments")
    comments.get_by_role("link", name=BUTTON).click()
    page.get_by_role("button", name=f"Continue to {NAME}").click()
    page.wait_for_url(f"{oidc_provider.url}/**")
    log_in_at_provider(page, "first-commenter")  # a reader no other test uses
    page.wait_for_url(re.compile(re.escape(article_url.split("#")[0])))

    setup = page.locator("form.bs-talk__setup")
    setup.get_by_label("Display name").fill("Daniel from Daejeon")
    setup.get_by_label("I have read and accept the Standards Board Policy.").check()
    setup.get_by_role("button", name="Start commenting").click()

    box = page.locator("#comment-form-text")
    box.wait_for()
    box.fill("Thanks for explaining the background so clearly.")
    limit = settings.TALK_COMMENT_MAX_CHARACTERS  # the server runs with the same setting
    assert page.locator("#comment-form-counter").inner_text() == f"48/{limit} characters"
    page.locator("#comment-form button[type=submit]").click()
    mine = page.locator("#comments .bs-comment", has_text="Thanks for explaining the background")
    mine.wait_for()
    assert "Daniel from Daejeon" in mine.inner_text()
    # A new account's first comment waits for a moderator; its author is told so.
    assert re.search(r"review|moderator", mine.inner_text(), re.IGNORECASE)
    assert page.console_errors == []
