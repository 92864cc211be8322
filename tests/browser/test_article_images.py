"""The article page in Chromium: responsive images chosen by the browser, and the README's
screenshots (light and dark, phone and desktop).

The screenshots are written to the data directory's screenshots/ folder on every run; with
UPDATE_SCREENSHOTS=1 they also replace the copies in docs/screenshots/ that README.md shows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "/business/chip-exports-record-september/"
BODY_IMAGE_ARTICLE = "/culture/goryeo-celadon-exhibition-national-museum/"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def lead_image(page) -> dict:
    return page.evaluate(
        """() => { const img = document.querySelector('.bs-figure--lead img');
                   return {src: img.currentSrc, complete: img.complete}; }"""
    )


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_chromium_takes_the_avif_rendition_at_a_width_that_fits(browser, site_server, device):
    context = browser.new_context(base_url=site_server.url, viewport=VIEWPORTS[device])
    page = context.new_page()
    page.goto(ARTICLE)
    page.wait_for_load_state("networkidle")
    image = lead_image(page)
    context.close()
    assert image["complete"] and image["src"].endswith(".avif"), image
    # The smallest offered width that covers the space the image is shown in (device pixel
    # ratio 1): 480 on a phone (358 px shown), 800 on a desktop (672 px shown).
    expected = 480 if device == "phone" else 800
    assert image["src"].endswith(f".width-{expected}.avif"), image


def test_an_image_below_the_fold_waits_until_the_reader_scrolls_to_it(browser, site_server):
    context = browser.new_context(base_url=site_server.url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "/media/" in r.url else None)
    page.goto(BODY_IMAGE_ARTICLE)
    page.wait_for_load_state("networkidle")
    below = page.evaluate("document.querySelector('.bs-figure img').getBoundingClientRect().top")
    assert below > 3 * VIEWPORTS["phone"]["height"], "the demo's body image is not far down"
    assert requested == [], "the body image loaded before the reader came near it"
    page.locator(".bs-figure img").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.bs-figure img').naturalWidth > 0")
    context.close()
    assert len(requested) == 1 and requested[0].endswith(".avif"), requested


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_screenshots_of_an_article(browser, site_server, device, theme):
    context = browser.new_context(
        base_url=site_server.url,
        viewport=VIEWPORTS[device],
        color_scheme=theme,
        locale="en-GB",
        timezone_id="Asia/Seoul",
    )
    page = context.new_page()
    page.goto(ARTICLE)
    page.wait_for_load_state("networkidle")
    assert lead_image(page)["complete"]
    name = f"article-{device}-{theme}.png"
    target = site_server.data_dir / "screenshots" / name
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target))
    context.close()
    assert target.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(target, ROOT / "docs" / "screenshots" / name)
