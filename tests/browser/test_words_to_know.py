"""The "Words to know" box and the level filter, as a reader in Chromium uses them."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


def first_article(page) -> str:
    page.goto("/national/politics/")
    return page.locator(".bs-card__headline a").first.get_attribute("href")


def test_choosing_a_level_opens_the_box_with_its_words_and_axe_finds_nothing(page):
    url = first_article(page)
    page.goto(url)
    box = page.locator("details.bs-words")
    assert box.get_attribute("open") is None
    page.get_by_text("Words to know", exact=True).click()
    page.get_by_role("button", name="B1", exact=True).click()
    page.wait_for_url(f"**{url}#words-to-know")
    page.wait_for_load_state("networkidle")
    assert box.get_attribute("open") == ""
    words = box.locator(".bs-words__list > li")
    assert 1 <= words.count() <= 10
    assert words.first.locator("mark").count() == 1
    assert page.get_by_role("button", name="B1", exact=True).get_attribute("aria-pressed") == (
        "true"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Off", exact=True).click()
    page.wait_for_url(f"**{url}#words-to-know")
    assert page.locator("details.bs-words").get_attribute("open") is None
    assert page.console_errors == []


def test_a_section_lists_articles_by_level_without_javascript(browser, site_server):
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/national/")
    page.get_by_role("link", name="C1 or easier").click()
    page.wait_for_url("**/national/?level=C1")
    link = page.get_by_role("link", name="C1 or easier")
    assert link.get_attribute("aria-current") == "page"
    assert page.locator(".bs-card").count() >= 1
    context.close()
