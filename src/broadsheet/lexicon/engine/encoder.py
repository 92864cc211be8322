"""The sentence encoder as the engine sees it: a name, a dimension, an identity, encode().

An encoder may also offer ``encode_tokens(text)``, its last hidden states with each token's
character span; the engine then pools them around the looked-up word (``focus_pool``), which
orders senses better than the sentence's plain mean (docs/lexicon-notes.md).

The site picks the class by a dotted path (setting ``LEXICON_SENTENCE_ENCODER``) and hands
an instance to the builder and to :class:`~broadsheet.lexicon.engine.index.Lexicon`. The
index records ``identity`` when it is built and refuses to rank with another encoder, so
vectors of two models are never compared.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)


class EncoderUnavailable(RuntimeError):
    """The encoder's weights or package are not installed on this machine."""


@runtime_checkable
class SentenceEncoder(Protocol):
    name: str  # e.g. the model's published name
    dimension: int  # length of every vector encode() returns

    @property
    def identity(self) -> str:
        """Name and a fingerprint of the weights: equal identities give equal vectors."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, shape (len(texts), dimension)."""
        ...


@runtime_checkable
class TokenEncoder(Protocol):
    """An encoder that can also show its token states (the default MiniLM encoder does)."""

    def encode_tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """(hidden states (tokens, dimension) float32, character span of each token);
        special tokens have the empty span (0, 0). Mean-pooling the states and normalising
        gives what encode([text]) gives."""
        ...


def focus_pool(
    states: np.ndarray, spans: list[tuple[int, int]], target: tuple[int, int] | None, spread: float
) -> np.ndarray:
    """Unit vector of the token states weighted by exp(-distance / spread) from the tokens
    of the target character span; the plain mean (the sentence vector) when the target is
    not given or covers no token."""
    inside = [
        i
        for i, (s, e) in enumerate(spans)
        if target and e > s and s >= target[0] and e <= target[1]
    ]
    if inside and spread > 0:
        distance = np.abs(np.arange(len(spans), dtype=np.float32) - np.float32(np.mean(inside)))
        weights = np.exp(-distance / np.float32(spread))
        pooled = (weights / weights.sum()) @ states
    else:
        pooled = states.mean(0)
    return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def load_encoder(dotted_path: str | None) -> SentenceEncoder | None:
    """An instance of the encoder class at dotted_path; None when the path is empty or the
    encoder is not installed (the dictionary then keeps WordNet's sense order)."""
    if not dotted_path:
        return None
    module_name, _, attr = dotted_path.rpartition(".")
    factory = getattr(importlib.import_module(module_name), attr)
    try:
        return factory()
    except EncoderUnavailable as error:
        log.warning("sentence encoder %s is not available: %s", dotted_path, error)
        return None
