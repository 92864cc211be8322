"""A reader in Chromium with the dictionary: lookup mode, double-click, phrase, keyboard, save."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

SLUG = "six-party-talks-resume-beijing-vladivostok-summit"

FIND_WORDS = """([first, last]) => {
  const body = document.querySelector('[data-article-body]');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const words = last ? [first, last] : [first];
  const re = new RegExp('(?<![\\\\w-])' + words.join('\\\\s+') + '(?![\\\\w-])');
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const m = re.exec(node.data);
    if (!m) continue;
    node.parentElement.scrollIntoView({block: 'center'});
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + first.length);
    const a = range.getBoundingClientRect();
    range.setStart(node, m.index + m[0].length - (last || first).length);
    range.setEnd(node, m.index + m[0].length);
    const b = range.getBoundingClientRect();
    return {start: [a.left + 1, a.top + a.height / 2], end: [b.right - 1, b.top + b.height / 2],
            box: {left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
                  top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom)},
            centre: [a.left + a.width / 2, a.top + a.height / 2]};
  }
  return null;
}"""


@pytest.fixture(scope="module")
def article_path(site_server):
    return (
        site_server.manage(
            "shell",
            "-c",
            f"from broadsheet.newsroom.models import ArticlePage; "
            f"print(ArticlePage.objects.get(slug='{SLUG}').url)",
        )
        .strip()
        .splitlines()[-1]
    )


def lookup_mode_on(page, article_path):
    page.goto(article_path)
    toggle = page.get_by_role("button", name="Dictionary")
    toggle.wait_for()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    return toggle


def find(page, *words):
    spot = page.evaluate(FIND_WORDS, [words[0], words[1] if len(words) > 1 else None])
    assert spot, f"{words} is in the article"
    return spot


def answer(page, name=None):
    """The popup once its answer is in (a slow first lookup shows "Looking up…" first)."""
    dialog = page.get_by_role("dialog", name=name) if name else page.get_by_role("dialog")
    page.locator("[role=dialog][aria-busy=false]").wait_for()
    return dialog


SENSES_ON_THE_WORD_PAGE = """async () => {
  const page = await (await fetch("/dictionary/reviving/")).text();
  return new DOMParser().parseFromString(page, "text/html")
    .querySelectorAll("main [data-sense-key]").length;
}"""


def overlaps(a, b) -> bool:
    return not (
        a["right"] <= b["x"]
        or b["x"] + b["width"] <= a["left"]
        or a["bottom"] <= b["y"]
        or b["y"] + b["height"] <= a["top"]
    )


def test_the_tool_is_a_link_to_the_dictionary_without_javascript(
    browser, site_server, article_path
):
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(article_path)
    link = page.get_by_role("link", name="Dictionary")
    assert link.get_attribute("href") == "/dictionary/"
    link.click()
    page.get_by_label("Look up a word or phrase").fill("reviving")
    page.get_by_role("button", name="Look up", exact=True).click()
    page.wait_for_url("**/dictionary/reviving/")
    assert "revive" in page.locator("main").inner_text()
    context.close()


def test_double_click_a_word_opens_a_popup_beside_it(page, article_path):
    lookup_mode_on(page, article_path)
    spot = find(page, "reviving")
    page.mouse.dblclick(*spot["centre"])
    dialog = answer(page, "reviving")
    text = dialog.inner_text()
    assert "Dictionary form: revive" in text
    assert "verb" in text
    assert "Level" in text
    assert dialog.locator("[data-sense-key^='revive%2:']").count() >= 1
    shown = dialog.locator("[data-sense-key]").count()
    assert shown == page.evaluate(SENSES_ON_THE_WORD_PAGE), "every sense, as the page shows"
    assert dialog.evaluate("el => el.contains(document.activeElement)"), "focus moves in"
    assert not overlaps(spot["box"], dialog.bounding_box()), "the popup never covers the word"
    assert page.get_by_role("link", name="Log in to save words").is_visible()
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    assert page.console_errors == []


def test_glossary_terms_are_marked_and_a_double_click_inside_takes_the_whole_term(
    page, article_path
):
    lookup_mode_on(page, article_path)
    marked = page.locator("[data-article-body] .bs-lexicon-term")
    marked.first.wait_for()
    assert "six-party talks" in [t.lower() for t in marked.all_inner_texts()]
    spot = find(page, "Vladivostok")
    page.mouse.dblclick(*spot["centre"])
    dialog = answer(page)
    text = dialog.inner_text().lower()  # labels may be styled in capitals
    assert "from the editors" in text
    assert "korean: 블라디보스토크" in text
    term = page.locator(".bs-lexicon-term", has_text="Chun Myung-soo").first
    term.scroll_into_view_if_needed()  # find() scrolled to Vladivostok, past this term
    box = term.bounding_box()
    page.mouse.dblclick(box["x"] + 3, box["y"] + box["height"] / 2)  # on "Chun"
    page.get_by_role("dialog", name="Chun Myung-soo").wait_for()
    page.get_by_role("button", name="Dictionary").click()
    assert page.locator(".bs-lexicon-term").count() == 0, "marks go when lookup mode is off"


def test_selecting_a_two_word_phrase_looks_up_the_phrase(page, article_path):
    lookup_mode_on(page, article_path)
    spot = find(page, "sanctions", "relief")
    page.mouse.move(*spot["start"])
    page.mouse.down()
    page.mouse.move(*spot["end"], steps=5)
    page.mouse.up()
    dialog = answer(page, "sanctions relief")
    assert dialog.inner_text().strip()
    assert not overlaps(spot["box"], dialog.bounding_box())


def test_lookup_mode_works_with_the_keyboard_only(page, article_path):
    page.goto(article_path)
    toggle = page.get_by_role("button", name="Dictionary")
    toggle.wait_for()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.hasAttribute('data-lexicon-block')")
    assert focused, "Tab reaches the article's first paragraph"
    first_words = page.evaluate(
        "document.activeElement.textContent.trim().split(/\\s+/).slice(0, 3)"
    )
    page.keyboard.press("ArrowRight")  # the first word
    page.keyboard.press("ArrowRight")  # the second
    assert page.evaluate("getSelection().toString()") == first_words[1]
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == " ".join(first_words[1:3])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    dialog = answer(page)
    assert page.evaluate("document.activeElement.closest('[role=dialog]') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[role=dialog]') !== null"), (
        "Tab stays in the popup"
    )
    page.keyboard.press("Escape")
    assert dialog.count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-lexicon-block')"), (
        "focus returns to the paragraph"
    )


LOG_IN = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user, _ = get_user_model().objects.get_or_create(username="word-saver")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def test_a_reader_saves_a_word_and_exports_it(browser, site_server, article_path, tmp_path):
    key = site_server.manage("shell", "-c", LOG_IN).strip().splitlines()[-1]
    context = browser.new_context(base_url=site_server.url, accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": key, "url": site_server.url}])
    page = context.new_page()
    lookup_mode_on(page, article_path)
    page.mouse.dblclick(*find(page, "lasted")["centre"])
    dialog = answer(page, "lasted")
    save = dialog.get_by_role("button", name="Save to My words")
    save.click()
    dialog.get_by_role("link", name="Saved to My words").wait_for()
    page.goto("/profile/words/")
    assert "lasted" in page.locator(".bs-my-words__list").inner_text()
    assert "The opening session" in page.locator(".bs-my-words__list").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    path = tmp_path / "words.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [(r["word"], r["dictionary_form"]) for r in rows] == [("lasted", "last")]
    with page.expect_download() as download:
        page.get_by_role("link", name="Export for Anki (tab-separated)").click()
    anki = tmp_path / "words.txt"
    download.value.save_as(anki)
    notes = [ln for ln in anki.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert notes[0].split("\t")[0] == "lasted (last)"
    page.get_by_role("button", name="Remove “lasted”").click()
    assert page.locator(".bs-my-words__list").count() == 0
    context.close()


def test_the_popup_and_lookup_mode_have_no_axe_violations(page, article_path):
    lookup_mode_on(page, article_path)
    page.locator("[data-article-body] .bs-lexicon-term").first.wait_for()
    page.mouse.dblclick(*find(page, "reviving")["centre"])
    answer(page, "reviving")
    assert axe_violations(page) == []


def test_a_tap_on_a_phone_looks_up_the_word(browser, site_server, article_path):
    context = browser.new_context(
        base_url=site_server.url,
        has_touch=True,
        is_mobile=True,
        viewport={"width": 390, "height": 800},
    )
    page = context.new_page()
    page.goto(article_path)
    page.get_by_role("button", name="Dictionary").tap()
    spot = find(page, "reviving")
    page.touchscreen.tap(*spot["centre"])
    dialog = answer(page, "reviving")
    box = dialog.bounding_box()
    assert not overlaps(spot["box"], box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the popup fits the phone"
    context.close()


def test_a_double_click_inside_an_expression_offers_the_expression(page, article_path):
    """ "set up" in "expected to be set up before the round ends": double-clicking "up"
    explains the word and offers the phrasal verb of its sentence, one click away."""
    lookup_mode_on(page, article_path)
    x, y = find(page, "set", "up")["end"]
    page.mouse.dblclick(x - 6, y)  # inside "up"
    dialog = answer(page, "up")
    offer = dialog.get_by_role("link", name="set up")
    assert "In this sentence it is part of" in dialog.inner_text()
    offer.click()
    dialog = page.get_by_role("dialog", name="set up")
    dialog.locator("[data-sense-key^='set_up%2:']").first.wait_for()
    assert page.console_errors == []
