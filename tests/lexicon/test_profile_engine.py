"""The vocabulary profile as the engine computes it from text (no Django)."""

from __future__ import annotations

import pytest

from broadsheet.lexicon.engine.vocabulary import LEVEL_NAMES, profile_text, sentences
from tests.lexicon.conftest import engine_lookup

TEXT = (
    "Lee Hye-hoon met officials in Vladivostok on 12 March. Lee said the talks went well.\n\n"
    "The minister said the country would keep its brinkmanship in check. "
    "Critics called the plan an obfuscation of the budget, and the opposition vowed to "
    "scrutinise every clause of the bill before the vote."
)


@pytest.fixture(scope="module", autouse=True)
def no_glossary():
    """The engine alone: the site's glossary provider (a database) is not asked."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_lookup, "_providers", [])
        yield


@pytest.fixture(scope="module")
def profile(lexicon):
    return profile_text(lexicon, TEXT, learner_levels=("A2", "B1", "B2", "C1"), per_level=3)


def test_sentences_keep_abbreviations_and_split_paragraphs():
    assert sentences("Mr. Kim left. The U.S. agreed!\n\nA new day") == [
        "Mr. Kim left.",
        "The U.S. agreed!",
        "A new day",
    ]


def test_names_and_numbers_are_not_words_to_know(profile):
    chosen = {w.word for words in profile.words.values() for w in words}
    assert not chosen & {"Lee", "Hye-hoon", "Vladivostok", "12", "March"}
    assert profile.left_out >= 6  # Lee (twice), Hye-hoon, Vladivostok, 12, March


def test_words_to_know_are_the_rarest_above_the_level_with_sentence_and_sense(profile):
    b1 = profile.words["B1"]
    assert len(b1) == 3
    assert [w.zipf for w in b1] == sorted(w.zipf for w in b1)
    assert all(LEVEL_NAMES.index(w.level) > LEVEL_NAMES.index("B1") for w in b1)
    brink = next(w for w in b1 if w.word == "brinkmanship")
    assert brink.before.endswith("keep its ") and brink.after.startswith(" in check")
    assert "brink" in brink.sense or "danger" in brink.sense


def test_a_higher_learner_level_gets_no_easier_words(profile):
    for lower, higher in zip(("A2", "B1", "B2"), ("B1", "B2", "C1"), strict=True):
        floor = LEVEL_NAMES.index(higher)
        assert all(LEVEL_NAMES.index(w.level) > floor for w in profile.words[higher])
        assert len(profile.words[higher]) <= len(profile.words[lower])


def test_the_article_level_covers_95_percent_of_running_words(lexicon):
    plain = "The man and the woman went to the house. They said it was a good day. " * 5
    assert profile_text(lexicon, plain).level in ("A1", "A2")
    assert profile_text(lexicon, TEXT).level in ("B2", "C1", "C2")


def test_the_words_read_are_bounded(lexicon):
    long_text = "The committee adjourned the hearing. " * 200
    found = profile_text(lexicon, long_text + "Obfuscation.", max_words=100)
    assert found.truncated and found.running_words <= 100
    assert not any(w.word == "Obfuscation" for w in found.words["A2"])
