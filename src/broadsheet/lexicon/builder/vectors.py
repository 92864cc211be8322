"""Sense vectors for the index: each ambiguous synset's text encoded by the sentence
encoder, blended with its neighbours (docs/decisions/lexicon-sense-ordering.md)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from broadsheet.lexicon.builder import wordnet as wn
from broadsheet.lexicon.engine.encoder import SentenceEncoder

# Relations whose neighbours' vectors are blended into a sense vector; weight per group.
RELATION_GROUPS = {
    "@": "hyper", "@i": "hyper", "~": "hypo", "~i": "hypo", "&": "sim", "$": "vgrp",
    "+": "deriv", "^": "also",
}  # fmt: skip
RELATION_WEIGHTS: dict[str, float] = {
    "hyper": 0.7,
    "hypo": 0.7,
    "deriv": 0.7,
    "sim": 0.7,
    "vgrp": 0.7,
}
RELATION_LIMIT = 12
CHUNK = 1500  # texts per task of the worker pool
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def sense_text(words: list[str], definition: str, examples: list[str]) -> str:
    """The text embedded for a synset: its words, definition and examples."""
    names = ", ".join(w.replace("_", " ") for w in words)
    text = f"{names}: {definition}"
    if examples:
        text += "; " + "; ".join(examples)
    return text


def vector_synsets(synsets: dict[int, wn.Synset], index) -> set[int]:
    """Synsets that need a vector: all senses of every lemma with two or more senses
    (counting all parts of speech together, since a lookup ranks them together)."""
    by_lemma: dict[str, list[int]] = {}
    for (lemma, _pos), ids in index.items():
        by_lemma.setdefault(lemma, []).extend(ids)
    need: set[int] = set()
    for ids in by_lemma.values():
        if len(ids) > 1:
            need.update(ids)
    return need


_worker_encoder: SentenceEncoder | None = None


def _start_worker(encoder_class: type) -> None:
    global _worker_encoder
    _worker_encoder = encoder_class()


def _encode_chunk(texts: list[str]) -> np.ndarray:
    assert _worker_encoder is not None
    return _worker_encoder.encode(texts).astype(np.float16)


def encode_many(encoder: SentenceEncoder, texts: list[str], processes: int | None = None):
    """Encode many texts on every core: one process per core, one BLAS thread each
    (small matrices scale far better across processes than across BLAS threads). The
    workers make their own encoder of the same class (its constructor takes no argument)."""
    processes = processes or os.cpu_count() or 1
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    if not chunks:
        return np.zeros((0, encoder.dimension), np.float16)
    if processes <= 1 or len(chunks) <= 1:
        return np.concatenate([encoder.encode(c).astype(np.float16) for c in chunks])
    saved = {n: os.environ.get(n) for n in BLAS_THREADS}
    try:
        for n in BLAS_THREADS:
            os.environ[n] = "1"  # inherited by the spawned workers before numpy loads
        with ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(type(encoder),),
        ) as pool:
            parts = list(pool.map(_encode_chunk, chunks))
    finally:
        for n, v in saved.items():
            if v is None:
                os.environ.pop(n, None)
            else:
                os.environ[n] = v
    return np.concatenate(parts)


def build_vectors(
    con: sqlite3.Connection,
    encoder: SentenceEncoder,
    synsets: dict[int, wn.Synset],
    index,
    log: Callable[[str], None],
) -> int:
    """Write one unit vector (float16) per synset that needs one; returns how many."""
    need = vector_synsets(synsets, index)
    related: dict[int, dict[str, list[int]]] = {}
    to_encode = set(need)
    if RELATION_WEIGHTS:
        for sid in need:
            groups: dict[str, list[int]] = {}
            for sym, tgt, _s, _t in synsets[sid].pointers:
                g = RELATION_GROUPS.get(sym)
                if g in RELATION_WEIGHTS:
                    lst = groups.setdefault(g, [])
                    if len(lst) < RELATION_LIMIT and tgt not in lst:
                        lst.append(tgt)
                        to_encode.add(tgt)
            related[sid] = groups
    order = sorted(to_encode)
    texts = [
        sense_text([w for w, _ in synsets[s].words], synsets[s].definition, synsets[s].examples)
        for s in order
    ]
    log(f"encoding {len(texts)} synsets")
    vecs = encode_many(encoder, texts).astype(np.float32)
    pos = {s: i for i, s in enumerate(order)}

    def rows() -> Iterable[tuple[int, bytes]]:
        for sid in sorted(need):
            v = vecs[pos[sid]].copy()
            for g, ts in related.get(sid, {}).items():
                m = vecs[[pos[t] for t in ts]].mean(0)
                v += RELATION_WEIGHTS[g] * m / max(float(np.linalg.norm(m)), 1e-9)
            v /= max(float(np.linalg.norm(v)), 1e-9)
            yield sid, v.astype(np.float16).tobytes()

    con.executemany("INSERT INTO vec VALUES (?,?)", rows())
    return len(need)
