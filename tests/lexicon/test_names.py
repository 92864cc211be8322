"""Names are names: a person, organisation or place gets a name card or an honest "a name"
note, never a split into dictionary words ("Yongin" is not "yon" + "gin")."""

from __future__ import annotations

import pytest

from broadsheet.lexicon import engine
from broadsheet.lexicon.engine.names import name_run, romanised_korean

SENTENCE = "Lee Hye-hoon, the mayor of Yongin, flew to Vladivostok on Monday with Yang Gi-chan."


def test_yongin_is_a_name_not_yon_and_gin(lookup):
    """The failure the issue quotes: a capitalised place name split into two words."""
    for context in (SENTENCE, "Yongin opened a new library.", None):
        r = lookup("Yongin", context=context)
        assert r.kind == "name", context
        assert r.note == engine.Note("name", {"word": "Yongin"})
        assert r.senses == () and r.derived_from == ()


def test_a_place_the_dictionary_knows_gets_its_card(lookup):
    r = lookup("Vladivostok", context=SENTENCE)
    assert r.kind == "name"
    assert r.card.startswith("Vladivostok: a seaport")


def test_a_word_of_a_personal_name_is_not_another_person(lookup):
    """ "Lee" of "Lee Hye-hoon" is not the physicist WordNet knows; "Yang" is not yang."""
    for word, name in (
        ("Lee", "Lee Hye-hoon"),
        ("Hye-hoon", "Lee Hye-hoon"),
        ("Yang", "Yang Gi-chan"),
    ):
        r = lookup(word, context=SENTENCE)
        assert r.kind == "name", word
        assert r.note == engine.Note("name_part", {"word": word, "name": name})
        assert r.card is None and r.senses == ()


def test_a_selected_name_is_a_name_not_its_words(lookup):
    r = lookup("Lee Hye-hoon", context=SENTENCE)
    assert r.kind == "name" and r.parts == ()


def test_an_english_word_inside_a_name_keeps_its_senses(lookup):
    context = "The Busan International Film Festival opened on Thursday."
    r = lookup("Film", context=context)
    assert r.note == engine.Note(
        "name_part", {"word": "Film", "name": "Busan International Film Festival"}
    )
    assert r.senses


def test_a_closed_compound_of_common_words_is_still_explained(lookup):
    r = lookup("Policymakers", context="Policymakers met on Friday.")
    assert r.kind == "derived" and r.derived_from == ("policymakers", "policy", "makers")


def test_a_compound_is_never_made_of_rare_words(lookup):
    assert lookup("yongin") is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Yongin", True), ("Hye-hoon", True), ("Gi-chan", True), ("Jeonse", True),
     ("Policymakers", False), ("Vladivostok", False), ("Whitford", False), ("x" * 40, False)],
)  # fmt: skip
def test_romanised_korean(word, expected):
    assert romanised_korean(word) is expected


def test_name_runs():
    assert name_run(SENTENCE, "Hye-hoon") == "Lee Hye-hoon"
    assert name_run("Officials at the Bank of Korea said so.", "Korea") == "Bank of Korea"
    assert name_run("The Bank said so.", "Bank") is None  # "The" opens the sentence
    assert name_run("President Yoonsuk met the envoy.", "Yoonsuk") is None  # a title
    assert name_run("the mayor of Yongin said", "Yongin") is None
    assert name_run(None, "Yongin") is None
