"""A reader in Chromium: home, section, article, breadcrumbs, print to PDF, Korean UI."""

from __future__ import annotations

import re
import subprocess

import pytest

pytestmark = pytest.mark.browser


def first_article_link(page):
    return page.locator(".bs-card__headline a").first


def test_home_to_section_to_article_and_back_by_breadcrumb(page):
    page.goto("/")
    assert page.title().startswith("Broadsheet")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="National").click()
    page.wait_for_url("**/national/")
    page.get_by_role("link", name="Politics", exact=True).first.click()
    page.wait_for_url("**/national/politics/")
    assert page.locator("h1").inner_text() == "Politics"
    link = first_article_link(page)
    headline = link.inner_text()
    link.click()
    assert page.locator("h1").inner_text() == headline
    crumbs = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")
    assert crumbs.all_inner_texts() == ["Home", "National", "Politics"]
    crumbs.nth(1).click()
    page.wait_for_url("**/national/")
    assert page.locator("h1").inner_text() == "National"
    assert page.console_errors == []


def test_print_button_appears_with_javascript_and_pdf_keeps_only_the_article(
    page, tmp_path, site_server
):
    page.goto("/national/politics/")
    first_article_link(page).click()
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("button", name="Print")
    assert button.is_visible(), "the print button is shown when modules run"
    headline = page.locator("h1").inner_text()
    byline = page.locator(".bs-article__byline").inner_text().strip()
    first_paragraph = page.locator(".bs-article__body p").first.inner_text()
    url = page.url
    pdf_path = tmp_path / "article.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf_path), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    assert re.sub(r"\s+", " ", headline) in flat
    assert byline.split()[-1] in flat
    assert "KST" in flat
    assert re.sub(r"\s+", " ", first_paragraph)[:60] in flat
    assert url in flat.replace(" ", "") or url in flat, "the article's address is printed"
    for chrome in (
        "Skip to main content",
        "Atom feed",
        "Search articles",
        "Article tools",
        "More from",
        "Print",
    ):
        assert chrome not in flat, f"{chrome!r} should not be printed"


def test_switch_language_to_korean_and_back(page):
    page.goto("/national/")
    page.get_by_role("link", name="한국어").click()
    page.wait_for_url("**/national/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("link", name="본문으로 건너뛰기").count() == 1
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_pages_work_without_javascript(browser, site_server):
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/national/politics/")
    first_article_link(page).click()
    assert page.locator("h1").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    context.close()
