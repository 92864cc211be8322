"""Reviewing My words: FSRS schedules each saved word; the services a page calls."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from broadsheet.core.rate_limits import RateLimited
from broadsheet.lexicon import review, saved_words
from broadsheet.lexicon.models import ReviewState, SavedWord
from broadsheet.lexicon.review import ReviewError
from broadsheet.lexicon.saved_words import SavedWordError
from tests.lexicon.django_helpers import (  # noqa: F401
    fresh_glossary,
    make_word,
    other_reader,
    reader,
)

pytestmark = pytest.mark.django_db

SENTENCE = "The army intervened in the dispute after talks failed."
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def word(reader):
    return make_word(reader)


def test_a_saved_word_is_a_new_card_due_at_once(reader):
    word, _ = saved_words.save_word(reader, "intervened", SENTENCE)
    assert word.review_state == ReviewState.LEARNING and word.review_count == 0
    assert list(review.due_cards(reader)) == [word]
    assert review.due_count(reader) == 1


def test_good_schedules_the_card_later_than_again_and_easy_later_than_good(reader):
    dues = {}
    for rating in ("again", "good", "easy"):
        saved = make_word(reader, sentence=f"{rating}: {SENTENCE}")
        dues[rating] = review.grade(reader, saved, rating, NOW).review_due
    assert NOW < dues["again"] < dues["good"] < dues["easy"]
    assert review.due_count(reader, NOW) == 0
    assert review.next_due(reader) == dues["again"]


def test_a_graded_card_keeps_its_memory_state_and_falls_due_again(reader, word):
    graded = review.grade(reader, word.pk, 3, NOW)
    stored = SavedWord.objects.get(pk=word.pk)
    assert stored.review_count == 1 and stored.last_reviewed == NOW
    assert stored.review_stability == graded.review_stability > 0
    assert stored.review_difficulty is not None
    later = stored.review_due + dt.timedelta(seconds=1)
    assert list(review.due_cards(reader, later)) == [stored]
    again = review.grade(reader, word.pk, "Good", later)
    assert again.review_count == 2 and again.review_due > stored.review_due


def test_a_form_sent_twice_grades_the_card_once(reader, word):
    review.grade(reader, word, "good", NOW, seen=0)
    with pytest.raises(ReviewError) as error:
        review.grade(reader, word, "again", NOW, seen=0)
    assert error.value.status == 409
    assert SavedWord.objects.get(pk=word.pk).review_count == 1


@pytest.mark.parametrize("raw", ["", "0", "5", "perfect", "1.0", None])
def test_an_unknown_grade_is_a_400(reader, word, raw):
    with pytest.raises(ReviewError) as error:
        review.grade(reader, word, raw, NOW)
    assert error.value.status == 400


def test_a_reader_cannot_grade_another_readers_card(reader, other_reader, word):
    with pytest.raises(SavedWordError) as error:
        review.grade(other_reader, word.pk, "good", NOW)
    assert error.value.status == 404
    assert SavedWord.objects.get(pk=word.pk).review_count == 0


def test_grading_is_rate_limited_by_the_named_limit(settings, reader, word):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "review": {"account": (2, 600)}}
    review.grade(reader, word, "again", NOW)
    review.grade(reader, word, "again", NOW)
    with pytest.raises(RateLimited):
        review.grade(reader, word, "again", NOW)


def test_the_card_blanks_the_word_as_it_was_met():
    word = SavedWord(headword="Intervened", lemma="intervene", sentence=SENTENCE)
    card = review.cloze(word)
    assert card.found and (card.before, card.answer) == ("The army ", "intervened")
    assert card.after == " in the dispute after talks failed."


def test_a_phrase_is_blanked_across_a_hyphen_and_a_word_inside_another_is_not():
    word = SavedWord(headword="six party", lemma="six party", sentence="The six-party talks.")
    assert review.cloze(word).answer == "six-party"
    word = SavedWord(headword="art", lemma="art", sentence="They started the party.")
    assert not review.cloze(word).found


def test_existing_saved_words_become_cards_due_from_when_they_were_saved(reader, word):
    saved_at = timezone.now() - dt.timedelta(days=30)
    SavedWord.objects.filter(pk=word.pk).update(created=saved_at, review_due=timezone.now())
    migration = importlib.import_module(
        "broadsheet.lexicon.migrations.0005_review_cards_and_lookups"
    )
    migration.cards_due_from_saving(apps, None)
    assert SavedWord.objects.get(pk=word.pk).review_due == saved_at
