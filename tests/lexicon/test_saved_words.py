"""My words: saving with the sentence, listing, removing, and the CSV and Anki exports."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail import hooks

from broadsheet.lexicon import review, saved_words
from broadsheet.lexicon.models import SavedWord
from broadsheet.lexicon.saved_words import SavedWordError
from tests.lexicon.django_helpers import (  # noqa: F401
    fresh_glossary,
    other_reader,
    reader,
    reader_client,
)

pytestmark = pytest.mark.django_db

SENTENCE = "The army intervened in the dispute after talks failed."


def test_a_saved_word_keeps_its_dictionary_form_definition_and_sentence(reader, article):
    word, created = saved_words.save_word(reader, "intervened", SENTENCE, article.pk)
    assert created
    assert (word.headword, word.lemma, word.sentence) == ("intervened", "intervene", SENTENCE)
    assert word.definition
    assert word.article == article


def test_saving_the_same_word_and_sentence_again_keeps_one_entry(reader):
    first, _ = saved_words.save_word(reader, "intervened", SENTENCE)
    again, created = saved_words.save_word(reader, "“intervened”", SENTENCE)
    assert not created and again.pk == first.pk
    assert SavedWord.objects.filter(reader=reader).count() == 1


def test_a_glossary_term_is_saved_with_its_korean_gloss(reader):
    word, _ = saved_words.save_word(reader, "NIS", "The NIS briefed lawmakers.")
    assert word.gloss and word.gloss_language == "ko"
    assert word.definition


@pytest.mark.parametrize("text", ["", "   ", "x" * 65, "bad\x00word", "!!!"])
def test_text_that_cannot_be_looked_up_is_not_saved(reader, text):
    with pytest.raises(SavedWordError) as error:
        saved_words.save_word(reader, text, "")
    assert error.value.status == 400
    assert not SavedWord.objects.exists()


def test_a_reader_cannot_remove_another_readers_word(reader, other_reader):
    word, _ = saved_words.save_word(reader, "talks", SENTENCE)
    with pytest.raises(SavedWordError) as error:
        saved_words.remove_word(other_reader, word.pk)
    assert error.value.status == 404
    saved_words.remove_word(reader, word.pk)
    assert not SavedWord.objects.exists()


def test_the_csv_export_has_a_header_and_one_row_per_word(reader, article):
    saved_words.save_word(reader, "intervened", SENTENCE, article.pk)
    saved_words.save_word(reader, "dispute", '=HYPERLINK("http://evil") a dispute')
    rows = list(csv.reader(io.StringIO(saved_words.export_csv(reader))))
    assert rows[0] == saved_words.CSV_COLUMNS
    assert len(rows) == 3
    by_word = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_word["intervened"]["dictionary_form"] == "intervene"
    assert by_word["intervened"]["sentence"] == SENTENCE
    assert by_word["intervened"]["article"] == article.title
    assert by_word["dispute"]["sentence"].startswith("'="), "no formulas for spreadsheets"


def test_the_anki_export_is_front_back_tags_separated_by_tabs(reader, article):
    saved_words.save_word(reader, "intervened", SENTENCE + "\tTabbed <b>text</b>.", article.pk)
    text = saved_words.export_anki(reader)
    lines = text.splitlines()
    assert lines[:2] == ["#separator:tab", "#html:true"]
    assert "#tags column:3" in lines
    notes = [line for line in lines if not line.startswith("#")]
    assert len(notes) == 1
    front, back, tags = notes[0].split("\t")
    assert front == "intervened (intervene)"
    assert "<i>The army intervened" in back
    assert "&lt;b&gt;text&lt;/b&gt;" in back, "the sentence is escaped, not markup"
    assert tags.split() == ["broadsheet", f"broadsheet::{article.slug}"]


def test_my_words_page_needs_a_login(client):
    response = client.get("/profile/words/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_words_page_lists_and_removes_words(
    reader_client, reader, django_assert_max_num_queries, article
):
    for text in ("intervened", "dispute", "talks"):
        saved_words.save_word(reader, text, SENTENCE, article.pk)
    with django_assert_max_num_queries(12):
        response = reader_client.get("/profile/words/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("intervened", "dispute", "talks", "Export as CSV"):
        assert text in page
    word = SavedWord.objects.get(headword="dispute")
    response = reader_client.post(f"/profile/words/{word.pk}/remove/")
    assert response.status_code == 302
    assert not SavedWord.objects.filter(pk=word.pk).exists()


@pytest.mark.parametrize(
    ("language", "note"),
    [("en", "this looks like a name"), ("ko", "이름으로 보입니다")],
)
def test_a_note_kept_as_the_definition_is_marked_with_its_language(
    reader_client, reader, compile_translations, language, note
):
    """A word with no entry keeps the dictionary's note in the reader's language; the
    pages mark it so (not lang="en" for a Korean note), and an English definition "en"."""
    with translation.override(language):
        name, _ = saved_words.save_word(reader, "Gwanghwamun", "Crowds filled Gwanghwamun.")
        word, _ = saved_words.save_word(reader, "intervened", SENTENCE)
    assert note in name.definition and name.definition_language == language
    assert word.definition_language == "en"
    reader_client.cookies["django_language"] = language
    for url in ("/profile/words/", "/profile/"):
        page = reader_client.get(url).content.decode()
        assert f'lang="{language}">{escape(name.definition)[:30]}' in page, url
        assert f'lang="en">{escape(word.definition)[:30]}' in page, url


def test_the_exports_download_as_files(reader_client, reader):
    saved_words.save_word(reader, "intervened", SENTENCE)
    csv_response = reader_client.get("/profile/words.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert "intervene" in csv_response.content.decode()
    anki = reader_client.get("/profile/words-anki.txt")
    assert anki.status_code == 200
    assert anki.content.decode().startswith("#separator:tab")


def test_the_profile_shows_my_words(reader_client, reader):
    saved_words.save_word(reader, "intervened", SENTENCE)
    page = reader_client.get("/profile/").content.decode()
    assert "My words" in page
    assert "intervened" in page
    assert "/profile/words.csv" in page


def test_the_word_page_saves_without_javascript(reader_client, reader):
    response = reader_client.post(
        "/profile/words/save/", {"text": "intervened", "sentence": SENTENCE}
    )
    assert response.status_code == 302
    assert SavedWord.objects.get(reader=reader).lemma == "intervene"


def test_download_my_data_gets_the_saved_words_through_the_reader_data_hook(reader):
    """accounts merges every broadsheet_reader_data hook's dict into "Download my data"."""
    saved_words.save_word(reader, "intervened", SENTENCE)
    merged: dict = {}
    for hook in hooks.get_hooks("broadsheet_reader_data"):
        merged.update(hook(reader))
    assert merged["saved_words"] == [
        {**saved_words.as_dict(w), "review": review.as_dict(w)}
        for w in saved_words.words_of(reader)
    ]
    assert merged["saved_words"][0]["headword"] == "intervened"
