"""Smaller behaviours: part-of-speech hints, acronyms, phrases, IPA, the index file."""

from __future__ import annotations

import os

import pytest

from broadsheet.lexicon import engine
from broadsheet.lexicon.builder import build_index, is_current
from broadsheet.lexicon.engine.context import context_window
from broadsheet.lexicon.engine.pronounce import to_ipa
from broadsheet.lexicon.engine.suggest import deletes1


def test_word_after_determiner_is_a_noun(lookup):
    r = lookup("talks", context="North Korea rejected the talks on Friday.")
    assert r.senses[0].pos == "noun"


def test_word_after_to_prefers_a_verb(lookup, lexicon):
    r = lookup("talk", context="The minister agreed to talk with the unions.")
    assert r.senses[0].pos == "verb"


def test_acronym_is_not_inflected(lookup):
    r = lookup("NIS", context="The NIS said the report was false.")
    assert r.kind == "name"
    assert r.senses == ()
    assert r.note == engine.Note("abbreviation_or_name", {"word": "NIS"})


def test_unknown_phrase_explains_its_words(lookup):
    r = lookup("sanctions relief")
    assert r.kind == "phrase"
    assert [p.lemma for p in r.parts] == ["sanction", "relief"]
    assert r.note == engine.Note(
        "phrase_parts", {"phrase": "sanctions relief", "words": ["sanction", "relief"]}
    )


def test_lowercase_word_prefers_common_senses(lookup):
    r = lookup("march", context="Thousands march through central Seoul every year.")
    assert r.senses[0].pos == "verb"
    assert not r.senses[0].key.startswith("march%1:28")  # not the month


def test_difficulty_levels_follow_frequency(lookup):
    assert lookup("the").difficulty.level == "A1"
    easy, hard = lookup("house").difficulty.zipf, lookup("obfuscate").difficulty.zipf
    assert easy > hard
    assert lookup("obfuscate").difficulty.level in {"C1", "C2"}


@pytest.mark.parametrize(
    ("arpabet", "ipa"),
    [
        ("T AO1 K", "/tɔk/"),
        ("IH2 N T ER0 V IY1 N", "/ˌɪntɚˈvin/"),
        ("IH0 K S T R AE1 K T", "/ɪkˈstɹækt/"),
        ("B AE1 NG K", "/bæŋk/"),
        ("AH0 M IH1 D", "/əˈmɪd/"),
    ],
)
def test_ipa(arpabet, ipa):
    assert to_ipa(arpabet) == ipa


def test_suggest_is_empty_for_garbage(lexicon):
    assert engine.suggest(lexicon, "zzzzqqqqxxxx") == []
    assert engine.suggest(lexicon, "!!!") == []


def test_context_window_keeps_the_word():
    sentence = (
        " ".join(f"w{i}" for i in range(100)) + " target " + " ".join(f"v{i}" for i in range(100))
    )
    window = context_window(sentence, "target", words=5)
    assert window.split() == [f"w{i}" for i in range(95, 100)] + ["target"] + [
        f"v{i}" for i in range(5)
    ]


def test_index_is_current_and_not_rebuilt(lexicon):
    path = lexicon.path
    assert is_current(path, lexicon.encoder)
    before = os.stat(path).st_mtime_ns
    assert build_index(path.parent.parent, lexicon.encoder) == (path, None)
    assert os.stat(path).st_mtime_ns == before


def test_index_meta_names_sources(lexicon):
    assert "WordNet 3.0" in lexicon.meta["sources"]
    assert lexicon.meta["complete"] == "1"
    assert lexicon.meta["format"] == engine.FORMAT


def test_deletes1():
    assert deletes1("cat") == {"cat", "at", "ct", "ca"}


def test_phrases_around_a_double_clicked_word(lookup):
    assert "carry out" in lookup("out", context="Police carried out raids on Tuesday.").phrases
    assert (
        "step down" in lookup("down", context="The minister stepped down, citing health.").phrases
    )
    assert (
        "in the wake of" in lookup("wake", context="Prices rose in the wake of the storm.").phrases
    )
    # not across punctuation
    assert lookup("down", context="He stepped, down the hall.").phrases == ()
