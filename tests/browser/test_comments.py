"""Comments in Chromium: the logged-out prompt, the counter in English and Korean (checked
against the server's table), the limit, posting, replying, recommending, reporting, and a
moderator approving from the Wagtail admin with the keyboard.

Readers are logged in by a Django session made with `manage shell` (the OpenID Connect
login flow itself is tested with the accounts app).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.staff import log_in_staff

pytestmark = pytest.mark.browser

CASES = json.loads((Path(__file__).parents[1] / "talk" / "counter_cases.json").read_text("utf-8"))[
    "cases"
]

MAKE_READER = """
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from broadsheet.talk.models import Commenter
user, _ = get_user_model().objects.get_or_create(username="{username}")
user.set_unusable_password(); user.save()
Commenter.objects.get_or_create(user=user, defaults={{"display_name": "{name}", "accepted_policy_at": timezone.now()}})
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""


def log_in_reader(page, site_server, name: str) -> None:
    username = "browser-" + uuid.uuid4().hex[:8]
    key = site_server.manage("shell", "-c", MAKE_READER.format(username=username, name=name))
    page.context.add_cookies(
        [{"name": "sessionid", "value": key.strip().splitlines()[-1], "url": site_server.url}]
    )


def open_commented_article(page):
    page.goto("/national/politics/")
    page.locator(".bs-card__headline a").first.click()
    page.wait_for_load_state("networkidle")


def test_logged_out_reader_sees_lock_and_help_popover(page):
    open_commented_article(page)
    section = page.locator("#comments")
    assert "To write comments, please log in to one of the accounts." in section.inner_text()
    assert section.locator("svg.bs-talk__lock-icon").count() == 1
    help_text = page.get_by_text("The paper never posts to your social account")
    assert not help_text.is_visible()
    page.get_by_text("Social comment?").click()
    assert help_text.is_visible()
    assert page.locator("#comments textarea").count() == 0
    assert page.console_errors == []


def test_browser_counts_the_shared_table_like_the_server(page):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    counts = page.evaluate(
        """async (cases) => {
        const { countCharacters } = await import('/static/talk/js/counter.mjs');
        return cases.map((c) => countCharacters(c.text));
    }""",
        CASES,
    )
    mismatches = [
        (c["name"], n, c["count"]) for c, n in zip(CASES, counts, strict=True) if n != c["count"]
    ]
    assert mismatches == []


def test_write_a_comment_watching_the_counter_in_english_and_korean(page, site_server):
    log_in_reader(page, site_server, "Counter Reader")
    open_commented_article(page)
    box = page.locator("#comment-form-text")
    counter = page.locator("#comment-form-counter")
    limit = settings.TALK_COMMENT_MAX_CHARACTERS  # the server runs with the same setting
    assert counter.inner_text() == f"0/{limit} characters"
    box.fill("안녕하세요 👍🏽")
    assert counter.inner_text() == f"7/{limit} characters"
    # Korean UI: the same counter reads (n/limit자)
    article_path = page.evaluate("location.pathname")
    page.goto(f"/language/ko/?next={article_path}")
    box = page.locator("#comment-form-text")
    counter = page.locator("#comment-form-counter")
    assert counter.inner_text() == f"(0/{limit}자)"
    box.fill("김치 좋아요 🥬")
    assert counter.inner_text() == f"(8/{limit}자)"
    # at the limit, then over it: the counter says so and posting is refused
    box.fill("가" * limit)
    assert counter.inner_text().startswith(f"({limit}/{limit}자)")
    assert "한도" in counter.inner_text()
    box.fill("가" * (limit + 2))
    assert box.get_attribute("aria-invalid") == "true"
    page.locator("#comment-form button[type=submit]").click()
    feedback = page.locator("#comment-form [data-feedback]")
    assert f"{limit}자까지" in feedback.inner_text()
    # back to English, post a real comment
    page.goto(f"/language/en/?next={article_path}")
    page.locator("#comment-form-text").fill("A first comment from the browser test.")
    page.locator("#comment-form button[type=submit]").click()
    feedback = page.locator("#comment-form [data-feedback]")
    feedback.filter(has_text=re.compile("moderator|published")).wait_for()
    new = page.locator("#comments .bs-comment", has_text="A first comment from the browser test.")
    assert new.count() == 1
    assert page.locator("#comment-form-counter").inner_text() == f"0/{limit} characters"
    # a reload shows it still (it is the reader's own, waiting for review)
    page.reload()
    assert page.locator("#comments", has_text="A first comment from the browser test.").count()
    assert page.console_errors == []


def test_reply_recommend_and_report(page, site_server):
    log_in_reader(page, site_server, "Busy Reader")
    open_commented_article(page)
    target = page.locator("#comments .bs-comment", has_text="Minji K.").first
    # recommend (and the count goes up)
    button = target.locator("form[data-recommend] button").first
    before = int(button.locator("[data-recommend-count]").inner_text())
    button.click()
    page.wait_for_function(
        "el => el.getAttribute('aria-pressed') === 'true'", arg=button.element_handle()
    )
    assert int(button.locator("[data-recommend-count]").inner_text()) == before + 1
    # reply
    target.locator("details[data-reply] > summary").first.click()
    reply_box = target.locator("details[data-reply] textarea").first
    reply_box.fill("Replying from the browser.")
    target.locator("details[data-reply] button[type=submit]").first.click()
    page.locator(
        "#comments .bs-comment__replies .bs-comment", has_text="Replying from the browser."
    ).wait_for()
    # report
    target.locator("details[data-report] > summary").first.click()
    target.locator("details[data-report] input[value=off_topic]").first.check()
    target.locator("details[data-report] button[type=submit]").first.click()
    target.locator("details[data-report] [data-feedback]").first.filter(
        has_text="moderator"
    ).wait_for()
    assert page.console_errors == []


def test_moderator_approves_a_held_comment_with_the_keyboard(page, site_server):
    log_in_reader(page, site_server, "Held Reader")
    open_commented_article(page)
    text = f"Please see example.com/{uuid.uuid4().hex[:6]} for the figures"
    page.locator("#comment-form-text").fill(text)
    page.locator("#comment-form button[type=submit]").click()
    page.locator("#comment-form [data-feedback]").filter(has_text="moderator").wait_for()
    article_url = page.url
    page.context.clear_cookies()
    site_server.manage("create_staff", "--moderator", "mod1", "--password", "mod1-password-x")
    log_in_staff(page, "mod1", "mod1-password-x")
    page.goto("/admin/comments/")
    item = page.locator("[data-queue-item]", has_text=text)
    assert "links" in item.inner_text()
    item.focus()
    page.keyboard.press("a")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-queue-item]", has_text=text).count() == 0
    page.goto("/admin/comments/?status=published")
    assert page.locator("[data-queue-item]", has_text=text).count() == 1
    # the reader's page now shows it to everyone, with the link clickable
    page.context.clear_cookies()
    page.goto(article_url)
    link = page.locator("#comments a.bs-comment__link", has_text="example.com")
    assert link.count() == 1


@pytest.fixture(scope="module")
def server_with_limit_100(tmp_path_factory):
    """A second site whose operator set TALK_COMMENT_MAX_CHARACTERS=100."""
    from tests.browser.conftest import start_server

    process, site = start_server(
        tmp_path_factory.mktemp("limit-100"),
        {"TALK_COMMENT_MAX_CHARACTERS": "100"},
        workers=1,
        threads=2,
    )
    yield site
    process.terminate()
    process.wait(timeout=10)


def test_the_counter_and_the_server_follow_the_operators_limit(browser, server_with_limit_100):
    """With the limit set to 100, the browser's counter and the server both stop at 100."""
    context = browser.new_context(base_url=server_with_limit_100.url, locale="en-GB")
    page = context.new_page()
    try:
        log_in_reader(page, server_with_limit_100, "Limit Reader")
        open_commented_article(page)
        box = page.locator("#comment-form-text")
        counter = page.locator("#comment-form-counter")
        assert counter.inner_text() == "0/100 characters"
        box.fill("가" * 100)
        assert counter.inner_text().startswith("100/100 characters")
        box.fill("가" * 101)
        assert box.get_attribute("aria-invalid") == "true"
        page.locator("#comment-form button[type=submit]").click()
        feedback = page.locator("#comment-form [data-feedback]")
        assert "at most 100 characters" in feedback.inner_text()
    finally:
        context.close()
