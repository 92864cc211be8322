"""An experiment kept for the record (issue 11; docs/lexicon-notes.md): does blending each
sense vector with contextual embeddings of its own lemma help the ranking?

    python benchmarks/wsd_sense_blend.py [--data-dir DIR]

For every candidate synset of the SemEval-2007 instances, two extra vectors, pooled around
the lemma like the context (``focus_pool``, FOCUS_SPREAD): (A) the lemma's token states in
the synset's examples that contain it, averaged; (B) "word: definition" pooled around the
word. The ranking is ``lexicon.engine.ranking`` with the index's sense vector replaced by
sense + a × A + b × B, normalised. Scores the TUNE half only for every (a, b); the held-out
half is scored only for the setting the tune half chooses, and only if it beats (0, 0).
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.wsd import half, open_for_tuning, score  # noqa: E402

from broadsheet.lexicon.engine import Lexicon, ranking  # noqa: E402
from broadsheet.lexicon.engine.encoder import focus_pool  # noqa: E402

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
GRID_A = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
GRID_B = (0.0, 0.25, 0.5, 1.0)


def lemma_vectors(lex: Lexicon, sid: int) -> tuple[np.ndarray | None, np.ndarray]:
    """(A, B) of one synset: (A) is None when no example contains one of its words."""
    synset = lex.synset(sid)
    pos = "a" if synset["ss_type"] == "s" else synset["ss_type"]
    words = {w.lower() for w in synset["words"]}
    pooled = []
    for example in synset["examples"]:
        for m in WORD.finditer(example):
            word = m.group(0).lower()
            if words & {word, *lex.lemmas(word).get(pos, [])}:
                states, spans = lex.encoder.encode_tokens(example)
                pooled.append(focus_pool(states, spans, m.span(), ranking.FOCUS_SPREAD))
                break
    head = synset["words"][0].replace("_", " ")
    states, spans = lex.encoder.encode_tokens(f"{head}: {synset['definition']}")
    return (np.mean(pooled, 0) if pooled else None), focus_pool(
        states, spans, (0, len(head)), ranking.FOCUS_SPREAD
    )


def main() -> int:
    lex, instances, gold = open_for_tuning()
    extra = {}
    for _iid, lemma, pos, _surface, _sentence in instances:
        for c in ranking.candidates(lex, {pos: [lemma]}):
            if c.sid not in extra:
                extra[c.sid] = lemma_vectors(lex, c.sid)
    with_examples = sum(a is not None for a, _b in extra.values())
    print(f"{len(extra)} candidate synsets, {with_examples} with an example holding the lemma")

    stored = lex.vectors
    weights = [0.0, 0.0]

    def blended(ids: list[int]) -> dict[int, np.ndarray]:
        out = {}
        for sid, v in stored(ids).items():
            a, b = extra[sid]
            w = v / np.linalg.norm(v) + weights[1] * b
            if a is not None:
                w = w + weights[0] * a
            out[sid] = (w / np.linalg.norm(w)).astype(np.float32)
        return out

    lex.vectors = blended  # type: ignore[method-assign]
    tune = [inst for inst in instances if half(inst[0]) == "tune"]
    f1 = {}
    for a, b in itertools.product(GRID_A, GRID_B):
        weights[:] = [a, b]
        n, _first, ranked = score(lex, tune, gold)[0]["tune"]
        f1[a, b] = 100 * ranked / n
    print("tune half, F1 (rows a: examples; columns b: word: definition)")
    print("        " + " ".join(f"{b:>6}" for b in GRID_B))
    for a in GRID_A:
        print(f"  {a:>5} " + " ".join(f"{f1[a, b]:>6.1f}" for b in GRID_B))
    best = max(f1, key=lambda k: (f1[k], -sum(k)))
    if best == (0.0, 0.0):
        print("no blend beats the stored sense vectors on the tune half: held-out not scored")
        return 0
    weights[:] = list(best)
    counts = score(lex, instances, gold)[0]
    print(f"chosen on the tune half: a={best[0]}, b={best[1]}")
    for part, (n, _first, ranked) in counts.items():
        print(f"  {part:<10} {100 * ranked / n:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
