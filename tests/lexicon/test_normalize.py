"""Normalisation and lemmatisation (no index needed for normalisation)."""

from __future__ import annotations

import pytest

from broadsheet.lexicon.engine.normalize import InvalidQuery, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pyongyang's", "Pyongyang"),
        ("Pyongyang\u2019s", "Pyongyang"),  # curly apostrophe
        ("\u201cintervened,\u201d", "intervened"),  # curly quotes and a comma
        ("(talks)", "talks"),
        ("  six-party  ", "six-party"),
        ("ministers'", "ministers"),
        ("carry   out", "carry out"),
        ("U.S.", "U.S."),
        ("e\u0301lite", "\u00e9lite"),  # NFC
        ("\u2014amid\u2014", "amid"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw).text == expected


def test_possessive_is_flagged():
    assert normalize("Seoul's").possessive
    assert not normalize("Seoul").possessive


@pytest.mark.parametrize("bad", ["", "   ", "x" * 65, "bad\x00word", "...", "\u2019\u2019"])
def test_invalid_queries(bad):
    with pytest.raises(InvalidQuery):
        normalize(bad)


@pytest.mark.parametrize(
    ("word", "pos", "lemma"),
    [
        ("intervened", "v", "intervene"),
        ("talks", "n", "talk"),
        ("talks", "v", "talk"),
        ("better", "a", "good"),
        ("went", "v", "go"),
        ("children", "n", "child"),
        ("sanctions", "n", "sanction"),
        ("stopped", "v", "stop"),
        ("crises", "n", "crisis"),
    ],
)
def test_lemmatize(lexicon, word, pos, lemma):
    assert lemma in lexicon.lemmas(word)[pos]


def test_lemmatize_collocation(lexicon):
    assert lexicon.lemmas("carried out")["v"] == ["carry_out"]
    assert lexicon.lemmas("stepped down")["v"] == ["step_down"]
