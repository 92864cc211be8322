"""The sentence encoder as the engine sees it: a name, a dimension, an identity, encode().

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
