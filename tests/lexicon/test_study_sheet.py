"""The study sheet: a logged-in reader's lookups are kept per article (bounded) and printed
with their saved words after the article (?words=mine); both are the reader's data."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import re

import pytest

from broadsheet.accounts import services as accounts
from broadsheet.lexicon import lookups, saved_words, study_sheet
from broadsheet.lexicon.models import LookedUpWord
from tests.lexicon.django_helpers import (  # noqa: F401
    fresh_glossary,
    make_word,
    reader,
    reader_client,
)

pytestmark = pytest.mark.django_db

API = "/api/dictionary/"


@pytest.fixture
def met(article):
    """A sentence of the article and two words of it (the second longer than the first)."""
    text = " ".join(article.plain_text().split())
    sentence = re.split(r"(?<=[.!?])\s+", text)[0]
    found = {w for w in re.findall(r"[a-z]{6,}", sentence) if lookups.look_up(w, sentence)}
    words = sorted(found, key=lambda w: (len(w), w))
    assert len(words) >= 2, sentence
    return sentence, words[0], words[-1]


def test_a_logged_in_readers_lookup_in_an_article_is_kept_with_its_sense(
    reader_client, reader, article, met
):
    sentence, word, _ = met
    response = reader_client.get(f"{API}{word}", {"context": sentence, "article": article.pk})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    looked = LookedUpWord.objects.get(reader=reader)
    assert (looked.headword, looked.sentence, looked.article_id) == (word, sentence, article.pk)
    assert looked.sense == lookups.best_definition(lookups.look_up(word, sentence))[0] != ""
    reader_client.get(f"{API}{word}", {"context": sentence, "article": article.pk})
    assert LookedUpWord.objects.filter(reader=reader).count() == 1, "a repeat refreshes it"


def test_anonymous_lookups_are_not_kept_and_stay_public(client, article, met):
    sentence, word, _ = met
    response = client.get(f"{API}{word}", {"context": sentence, "article": article.pk})
    assert response["Cache-Control"] == "public, max-age=300"
    assert not LookedUpWord.objects.exists()


def test_the_word_page_keeps_the_lookup_too(reader_client, reader, article, met):
    sentence, word, _ = met
    reader_client.get(f"/dictionary/{word}/", {"context": sentence, "article": article.pk})
    assert LookedUpWord.objects.filter(reader=reader, article=article).count() == 1


def test_only_the_newest_lookups_of_an_article_are_kept(settings, reader, article):
    settings.LEXICON_LOOKUPS_KEPT_PER_ARTICLE = 2
    for word in ("talks", "summit", "resume"):
        result = lookups.look_up(word)
        assert study_sheet.record_lookup(reader, article.pk, result, f"The {word}.")
    kept = LookedUpWord.objects.filter(reader=reader).order_by("looked_up", "pk")
    assert [looked.lemma for looked in kept] == ["summit", "resume"]


def test_a_lookup_in_an_article_that_is_not_live_is_not_kept(reader, article):
    article.unpublish()
    assert not study_sheet.record_lookup(reader, article.pk, lookups.look_up("talks"), "")
    assert not LookedUpWord.objects.exists()


def test_the_sheet_lists_saved_then_looked_up_words_in_the_order_of_the_text(reader, article, met):
    sentence, first, second = met
    lemma = lookups.look_up(second).lemma
    make_word(reader, headword=second, lemma=lemma, sentence=sentence, article=article)
    study_sheet.record_lookup(reader, article.pk, lookups.look_up(second), sentence)
    study_sheet.record_lookup(reader, article.pk, lookups.look_up("talks"), "Not in the text.")
    study_sheet.record_lookup(reader, article.pk, lookups.look_up(first), sentence)
    entries = study_sheet.entries(reader, article)
    assert [(e.headword, e.saved) for e in entries] == [
        (second, True),
        (first, False),
        ("talks", False),
    ]


def test_the_article_with_words_mine_prints_the_sheet_after_the_article(
    reader_client, reader, article, met
):
    sentence, word, _ = met
    study_sheet.record_lookup(reader, article.pk, lookups.look_up(word, sentence), sentence)
    plain = reader_client.get(article.url).content.decode()
    assert 'id="study-sheet"' not in plain
    assert 'href="?words=mine#study-sheet"' in plain, "the tool links to the sheet"
    html = reader_client.get(article.url, {"words": "mine"}).content.decode()
    sheet = html.split('id="study-sheet"', 1)[1]
    assert html.index("</article>") < html.index('id="study-sheet"')
    assert f'lang="en">{word}</span>' in sheet
    assert lookups.best_definition(lookups.look_up(word, sentence))[0] in sheet


def test_an_anonymous_reader_is_asked_to_log_in_for_the_sheet(client, article):
    html = client.get(article.url, {"words": "mine"}).content.decode()
    sheet = html.split('id="study-sheet"', 1)[1]
    assert "Log in to print this article" in sheet and "/accounts/login/?next=" in sheet


def test_an_anonymous_reader_gets_no_print_with_my_words_link(client, settings, article):
    """Anonymous pages are the cached ones: the link is only on logged-in (uncached) pages,
    so no cached copy carries it and none needs to vary by who reads it."""
    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(2):  # the copy rendered for the cache, then the copy served from it
        html = client.get(article.url).content.decode()
        assert "words=mine" not in html and "Print with my words" not in html


def test_lookups_and_review_cards_are_in_the_readers_data_and_go_with_the_account(reader, article):
    saved_words.save_word(reader, "talks", "The talks resumed.", article.pk)
    study_sheet.record_lookup(reader, article.pk, lookups.look_up("summit"), "A summit.")
    data = accounts.export_account_data(reader)
    assert data["looked_up_words"][0]["lemma"] == "summit"
    assert data["saved_words"][0]["review"]["reviews"] == 0
    accounts.delete_account(reader, comments="remove")
    assert not LookedUpWord.objects.exists()
