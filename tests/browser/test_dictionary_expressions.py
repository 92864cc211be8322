"""A reader in Chromium meets an expression and a name: the popup explains the phrasal
verb first and marks its words in the article; a place gets its name card."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations
from tests.browser.test_dictionary import answer, article_path, find, lookup_mode_on

pytestmark = pytest.mark.browser
__all__ = ["article_path"]  # the module fixture, shared with test_dictionary.py

MARKED = """() => {
  const h = CSS.highlights.get('bs-lexicon-expression');
  return h ? [...h].map((r) => r.toString()) : [];
}"""
EXPRESSION_BEFORE_WORD_SENSES = """(el) => {
  const expression = el.querySelector('.bs-lexicon-answer__expression');
  const lists = el.querySelectorAll('.bs-lexicon-answer__senses');
  const own = lists[lists.length - 1];
  return Boolean(expression && own && !expression.contains(own)
    && expression.compareDocumentPosition(own) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def test_an_expression_is_explained_first_and_marked_in_the_article(page, article_path):
    lookup_mode_on(page, article_path)
    spot = find(page, "written")  # "... had long since written off."
    page.mouse.dblclick(*spot["centre"])
    dialog = answer(page, "written")
    expression = dialog.locator(".bs-lexicon-answer__expression")
    text = expression.inner_text().lower()  # labels may be styled in capitals
    assert "part of the expression: write off (written off)" in text
    assert "concede the loss" in expression.locator("li").first.inner_text()
    assert dialog.evaluate(EXPRESSION_BEFORE_WORD_SENSES), "the expression's sense comes first"
    assert page.evaluate(MARKED) == ["written", "off"]
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    assert page.evaluate(MARKED) == [], "the mark goes with the popup"
    assert page.console_errors == []


def test_a_place_gets_its_name_card(page, article_path):
    lookup_mode_on(page, article_path)
    spot = find(page, "Moscow")
    page.mouse.dblclick(*spot["centre"])
    dialog = answer(page, "Moscow")
    assert "Moscow: a city of central European Russia" in dialog.inner_text()
    assert page.evaluate(MARKED) == []
