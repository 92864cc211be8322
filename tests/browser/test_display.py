"""Dark mode and the article text size, as a reader in Chromium sees them."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

LIGHT_PAPER = "rgb(255, 255, 255)"


def first_article(page) -> str:
    page.goto("/national/politics/")
    return page.locator(".bs-card__headline a").first.get_attribute("href")


def paper(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def is_dark(colour: str) -> bool:
    red, green, blue = (int(part) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return red + green + blue < 3 * 64


@pytest.fixture
def no_js_page(browser, site_server):
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_dark_device_setting_gives_dark_pages_without_axe_violations(page):
    page.emulate_media(color_scheme="dark")
    for url in ["/", first_article(page)]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert is_dark(paper(page)), url
        assert axe_violations(page) == [], url


def test_a_chosen_dark_theme_is_kept_by_cookie_and_passes_axe(page):
    page.emulate_media(color_scheme="light")
    url = first_article(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert paper(page) == LIGHT_PAPER
    page.get_by_role("button", name="Dark").click()
    assert is_dark(paper(page)), "applied at once by display.mjs"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.classList.contains('bs-theme-dark')")
    assert page.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"
    assert is_dark(paper(page))
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_a_chosen_light_theme_overrides_a_dark_device(page):
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    page.get_by_role("button", name="Light").click()
    page.reload()
    assert paper(page) == LIGHT_PAPER


def test_the_form_works_without_javascript(no_js_page):
    no_js_page.goto("/national/")
    no_js_page.get_by_role("button", name="Dark").click()
    no_js_page.wait_for_url("**/national/")
    assert is_dark(paper(no_js_page))
    no_js_page.get_by_role("button", name="Larger").click()
    no_js_page.wait_for_url("**/national/")
    assert no_js_page.evaluate("document.documentElement.className") == (
        "bs-theme-dark bs-text-larger"
    )


def boxes(page) -> list[list[float]]:
    """Where the header and navigation sit in the document (not the scrolled viewport)."""
    return [
        page.locator(selector).evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }"
        )
        for selector in (".bs-masthead", ".bs-nav", ".bs-masthead__title", "#site-search")
    ]


def test_text_size_grows_the_article_text_and_keeps_the_layout_still(page):
    url = first_article(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    body = page.locator(".bs-article__body p").first
    before_boxes = boxes(page)
    before_size = float(body.evaluate("p => getComputedStyle(p).fontSize")[:-2])
    page.get_by_role("button", name="Larger").click()
    after_size = float(body.evaluate("p => getComputedStyle(p).fontSize")[:-2])
    assert after_size >= before_size * 1.3
    assert boxes(page) == before_boxes
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert float(body.evaluate("p => getComputedStyle(p).fontSize")[:-2]) == after_size
    assert boxes(page) == before_boxes


def test_print_stays_light_in_dark_mode(page):
    page.emulate_media(color_scheme="dark")
    page.goto(first_article(page))
    page.get_by_role("button", name="Dark").click()
    page.emulate_media(media="print", color_scheme="dark")
    assert paper(page) == LIGHT_PAPER
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
