"""lookup(): lemmas, senses and sense keys, kinds, fallbacks, suggestions."""

from __future__ import annotations

import pytest

from broadsheet.lexicon import engine
from broadsheet.lexicon.builder.wordnet import parse_cntlist


def test_inflected_word(lookup):
    r = lookup("intervened")
    assert r.headword == "intervened"
    assert r.lemma == "intervene"
    assert r.kind == "word"
    assert "verb" in r.parts_of_speech
    assert r.senses[0].key.startswith("intervene%2:")
    assert any(p.arpabet.startswith("IH2 N T ER0 V IY1 N") for p in r.pronunciations)
    assert all(p.ipa.startswith("/") for p in r.pronunciations)
    assert r.difficulty.level in {"A1", "A2", "B1", "B2", "C1", "C2"}


def test_capitalised_sentence_start(lookup):
    r = lookup("Talks", context="Talks between the two Koreas resumed on Monday.")
    assert r.lemma == "talk"
    assert r.kind == "word"


def test_better_is_good(lookup):
    r = lookup("better")
    assert "good" in {s.lemma for s in r.senses}


def test_possessive_place_name_card(lookup):
    r = lookup("Pyongyang\u2019s", context="Pyongyang\u2019s envoy arrived in Beijing.")
    assert r.headword == "Pyongyang"
    assert r.lemma == "Pyongyang"
    assert r.kind == "name"
    assert r.card.startswith("Pyongyang: ")
    assert "Korea" in r.card


def test_vladivostok_card(lookup):
    r = lookup("Vladivostok")
    assert r.kind == "name"
    assert r.card == "Vladivostok: a seaport in the Asian part of Russia"


def test_sense_keys_are_wordnet30(lookup):
    counts = parse_cntlist()
    r = lookup("long")
    keys = {s.key for s in r.senses}
    # satellite adjective key names its head word; both keys exist in cntlist.rev
    assert "long%3:00:02::" in keys
    assert "long%5:00:00:tall:00" in keys
    for k in ("long%3:00:02::", "long%5:00:00:tall:00", "long%2:37:02::"):
        assert k in counts
    bank = {s.key for s in lookup("bank").senses}
    assert {"bank%1:17:01::", "bank%1:14:00::"} <= bank


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (
            "We had a picnic on the grassy bank of the river and watched the water.",
            "bank%1:17:01::",
        ),
        ("She deposited her salary at the bank and asked about a loan.", "bank%1:14:00::"),
    ],
)
def test_sense_order_follows_context(lookup, lexicon, context, expected):
    if not lexicon.has_vectors:
        pytest.skip("index built without the sense model")
    r = lookup("bank", context=context)
    assert r.context_ranked
    assert r.senses[0].key == expected


def test_context_changes_order_for_verbs(lookup, lexicon):
    if not lexicon.has_vectors:
        pytest.skip("index built without the sense model")
    fire = lookup("fired", context="The company fired fifty workers after the merger.")
    shoot = lookup("fired", context="The soldiers fired their rifles at the enemy positions.")
    assert fire.senses[0].key != shoot.senses[0].key
    assert "employment" in fire.senses[0].definition or "job" in fire.senses[0].definition


def test_function_words(lookup):
    for word in ("the", "of", "amid", "which", "itself"):
        r = lookup(word)
        assert r is not None, word
        assert r.kind == "function_word"
        assert r.function_gloss.gloss
    assert "middle" in lookup("amid").function_gloss.gloss


def test_phrasal_verb_and_phrase(lookup):
    r = lookup("carried out")
    assert r.kind == "phrase"
    assert r.lemma == "carry out"
    assert r.senses[0].key.startswith("carry_out%2:")
    assert lookup("step down").kind == "phrase"
    wake = lookup("in the wake of")
    assert wake.kind == "function_word"


def test_derivation_fallback(lookup):
    r = lookup("denuclearization")
    assert r.kind == "derived"
    assert r.lemma == "nuclear"
    assert r.derived_from[0] == "denuclearization"
    assert "denuclearize" in r.derived_from
    assert r.note.code == "derived"
    assert r.note.data["base"] == "nuclear"
    assert r.senses


def test_unknown_word_and_suggestions(lookup, lexicon):
    assert lookup("sanctoins") is None
    assert "sanctions" in engine.suggest(lexicon, "sanctoins")
    assert engine.suggest(lexicon, "goverment")[0] == "government"
    assert "negotiate" in engine.suggest(lexicon, "negociate")


def test_unknown_capitalised_word_is_a_name(lookup):
    r = lookup("Yoonsuk", context="President Yoonsuk met the envoy.")
    assert r.kind == "name"
    assert r.note == engine.Note("name", {"word": "Yoonsuk"})


def test_glossary_provider_wins(lookup):
    def provider(q):
        if q.text.upper() == "NIS":
            return engine.GlossaryEntry(
                "NIS", "National Intelligence Service", (engine.Gloss("ko", "국가정보원"),)
            )
        if q.text.lower() == "talks":
            return engine.GlossaryEntry("talks", "Editorial explanation of talks")
        return None

    engine.register_glossary_provider(provider)
    try:
        nis = lookup("NIS")
        assert nis.kind == "glossary"
        assert nis.glossary.gloss_in("ko") == "국가정보원"
        talks = lookup("talks")
        assert talks.kind == "glossary"
        assert talks.glossary.explanation.startswith("Editorial")
        assert talks.senses  # the dictionary still follows the editorial entry
        assert lookup("bank").kind == "word"
    finally:
        engine.unregister_glossary_provider(provider)
    assert lookup("talks").kind == "word"


def test_broken_glossary_provider_is_skipped(lookup):
    def broken(q):
        raise RuntimeError("boom")

    engine.register_glossary_provider(broken)
    try:
        assert lookup("talks").kind == "word"
    finally:
        engine.unregister_glossary_provider(broken)


def test_invalid_query_raises(lookup):
    with pytest.raises(engine.InvalidQuery):
        lookup("")
    with pytest.raises(engine.InvalidQuery):
        lookup("a" * 100)


def test_hyphenated_word(lookup):
    r = lookup("well-known")
    assert r is not None and r.senses
    r = lookup("anti-government")
    assert r is not None


def test_closed_compounds_the_dictionary_lacks_are_explained_by_their_words(lookup):
    """policymakers is not in WordNet 3.0: the answer says it is policy + makers and shows
    the senses of both words, not "no entry"."""
    result = lookup("policymakers")
    assert result.kind == "derived"
    assert result.derived_from == ("policymakers", "policy", "makers")
    assert {s.lemma for s in result.senses} >= {"policy", "maker"}
    assert result.note == engine.Note(
        "compound", {"word": "policymakers", "first": "policy", "second": "makers"}
    )


def test_no_compound_split_into_function_words(lookup):
    result = lookup("cannot")
    assert result.kind == "function_word"
