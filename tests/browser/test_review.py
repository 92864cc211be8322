"""Reviewing My words in Chromium: with the keyboard only, without JavaScript, and axe-clean."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

SLUG = "six-party-talks-resume-beijing-vladivostok-summit"
# A reader with two saved words of the demo article, both due: the session key is printed.
READER_WITH_WORDS = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from broadsheet.lexicon.models import SavedWord
from broadsheet.newsroom.models import ArticlePage
user = get_user_model().objects.create(username="{username}")
article = ArticlePage.objects.get(slug="{slug}")
for headword, lemma, sentence in [
    ("lasted", "last", "The opening session lasted four hours."),
    ("resumed", "resume", "Six-party talks resumed in Beijing on Monday."),
]:
    SavedWord.objects.create(reader=user, headword=headword, lemma=lemma, sentence=sentence,
                             definition="a definition of " + lemma, article=article)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def reader_context(browser, site_server, **options):
    username = "reviewer-" + uuid.uuid4().hex[:8]
    script = READER_WITH_WORDS.format(username=username, slug=SLUG)
    key = site_server.manage("shell", "-c", script).strip().splitlines()[-1]
    context = browser.new_context(base_url=site_server.url, **options)
    context.add_cookies([{"name": "sessionid", "value": key, "url": site_server.url}])
    return context


def test_a_reader_reviews_with_the_keyboard_only(browser, site_server):
    context = reader_context(browser, site_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/profile/words/review/")
    page.locator("[data-review-show]").wait_for()
    page.wait_for_function("document.documentElement.classList.contains('js-enabled')")
    assert page.get_by_text("2 words to review now.").is_visible()
    card = page.locator(".bs-review__card").inner_text()
    assert "The opening session" in card and "lasted" not in card
    answer = page.locator("[data-review-answer]")
    assert not answer.is_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Space")
    answer.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "answer-heading"
    assert "lasted" in answer.inner_text()
    assert page.locator("[aria-live=polite]").locator("[data-review-answer]").count() == 1
    assert axe_violations(page) == []
    page.keyboard.press("3")  # Good
    # The next page's message (the URL alone cannot tell: the second grade keeps it).
    page.locator(".bs-messages", has_text="“lasted”: next review in").wait_for()
    assert page.get_by_text("1 word to review now.").is_visible()
    assert "Six-party talks" in page.locator(".bs-review__card").inner_text()
    page.keyboard.press("Space")
    page.keyboard.press("1")  # Again: due again within minutes
    page.locator(".bs-messages", has_text="“resumed”: next review in").wait_for()
    assert errors == []
    context.close()


def test_a_reader_reviews_without_javascript(browser, site_server):
    context = reader_context(browser, site_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/profile/words/")
    page.get_by_role("link", name="Review My words").click()
    page.wait_for_url("**/profile/words/review/")
    assert not page.locator("[data-review-answer]").is_visible()
    show = page.get_by_role("link", name="Show answer")
    show.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**answer=1#answer")
    answer = page.locator("[data-review-answer]")
    assert answer.is_visible() and "lasted" in answer.inner_text()
    assert page.locator(".bs-review__key").first.is_hidden(), "no key hints without scripts"
    page.get_by_role("button", name="Easy").click()
    page.wait_for_url("**/profile/words/review/#review")
    assert "“lasted”: next review in" in page.locator(".bs-messages").inner_text()
    assert page.get_by_text("1 word to review now.").is_visible()
    context.close()
