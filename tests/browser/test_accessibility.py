"""Reader pages have no WCAG 2.2 A/AA violations that axe-core can find, in both languages."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/national/",
    "/national/politics/",
    "/search/?q=talks",
    "/no-such-page/",
    "/tags/film/",
    "/archive/",
]


def first_article(page) -> str:
    page.goto("/national/politics/")
    return page.locator(".bs-card__headline a").first.get_attribute("href")


def newest_archive_month(page) -> str:
    """The archive's newest year's newest month (the demo's dates move with the clock)."""
    page.goto("/archive/")
    page.goto(page.locator("main nav a").first.get_attribute("href"))
    return page.locator("main header nav a").last.get_attribute("href")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_reader_pages_have_no_axe_violations(page, language):
    if language == "ko":
        page.goto("/language/ko/?next=/")
    urls = [*PAGES, first_article(page), newest_archive_month(page)]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], url


def test_keyboard_user_can_skip_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_axe_check_does_find_violations(page):
    """Guard: the checker itself reports a broken page (so an empty list means something)."""
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/core/favicon.svg"><input type="text">\')'
    )
    ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= ids
