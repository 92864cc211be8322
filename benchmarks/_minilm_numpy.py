"""all-MiniLM-L6-v2's encoder in plain numpy: the reference the ONNX Runtime graph of
broadsheet.lexicon.engine.minilm is checked against (tests/lexicon/test_minilm.py) and timed
against (benchmarks/lexicon_speed.py).

This is the site's own encoder as it was before the switch to ONNX Runtime (issue 11's
speed round), with its in-place arithmetic, so the timing compares with what the site ran.
It reads the same memory-mapped weights and shares nothing else with the graph, so a
mistake in either shows as a difference.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from broadsheet.lexicon.engine.minilm import (
    _LAYER_MODULES,
    MiniLMEncoder,
    _mmap_safetensors,
    _Model,
)


def _dense(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x @ w.T + b for a weight stored (out, in) row-major, computed as (w @ x.T).T: BLAS
    then reads w in its stored order, with no copy of w."""
    y = (w @ x.T).T
    y += b
    return y


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    x = x - x.mean(-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)[:, None] / x.shape[-1]
    x /= np.sqrt(var + eps)
    x *= w
    x += b
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """tanh approximation of GELU, in place (x is overwritten and returned)."""
    t = x * x
    t *= 0.044715
    t += 1.0
    t *= x
    t *= 0.7978845608028654
    np.tanh(t, out=t)
    t += 1.0
    x *= 0.5
    x *= t
    return x


def forward(weights: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """ids, mask: (batch, seq). The last hidden states (batch, seq, 384), float32."""
    bsz, seq = ids.shape
    dim, heads = 384, 12
    d = dim // heads
    x = (
        weights["embeddings.word_embeddings.weight"][ids]
        + weights["embeddings.position_embeddings.weight"][:seq]
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(
        x.reshape(bsz * seq, dim),
        weights["embeddings.LayerNorm.weight"],
        weights["embeddings.LayerNorm.bias"],
    )
    bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
    scale = float(1.0 / np.sqrt(d))  # a Python float: np.float64 would upcast to float64
    i = 0
    while f"encoder.layer.{i}.attention.self.query.weight" in weights:
        p = f"encoder.layer.{i}."
        query, key, value, output, norm1, inter, out, norm2 = (
            (weights[f"{p}{m}.weight"], weights[f"{p}{m}.bias"]) for m in _LAYER_MODULES
        )
        q = _dense(x, *query).reshape(bsz, seq, heads, d).transpose(0, 2, 1, 3)
        kt = _dense(x, *key).reshape(bsz, seq, heads, d).transpose(0, 2, 3, 1)
        v = _dense(x, *value).reshape(bsz, seq, heads, d).transpose(0, 2, 1, 3)
        scores = q @ kt
        scores *= scale
        scores += bias
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(bsz * seq, dim)
        a = _dense(ctx, *output)
        a += x
        x = _layer_norm(a, *norm1)
        f = _dense(_gelu(_dense(x, *inter)), *out)
        f += x
        x = _layer_norm(f, *norm2)
        i += 1
    return x.reshape(bsz, seq, dim)


class _NumpyModel(_Model):
    """The encoder's model with the numpy network in place of the ONNX Runtime session."""

    def __init__(self, path: Path, max_tokens: int = 128) -> None:
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self._weights = _mmap_safetensors(path / "model.safetensors")

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return forward(self._weights, ids, mask)


class NumpyMiniLMEncoder(MiniLMEncoder):
    """The site's encoder run by the numpy network: the same identity, so it serves the same
    index. For same-run comparisons only: `LEXICON_SENTENCE_ENCODER=
    benchmarks._minilm_numpy.NumpyMiniLMEncoder` (benchmarks/app_server_memory.py)."""

    network = _NumpyModel
