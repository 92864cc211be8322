"""Read-only access to the compiled dictionary index (one SQLite file shared by all workers).

The index is built offline by ``broadsheet.lexicon.builder`` (``./run manage build_lexicon``);
this module only opens it, and refuses one that is missing, of another FORMAT, incomplete,
or whose sense vectors were made by another sentence encoder than the one in use.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np

from broadsheet.lexicon.engine.encoder import SentenceEncoder, TokenEncoder, focus_pool
from broadsheet.lexicon.engine.morphy import POS_ORDER, morphy

FORMAT = "4"  # bump when the schema or the content rules change (the builder writes it)
# sentences whose encoding is kept per process (a reader looks up several words of one);
# with a token encoder an entry is its token states, ~60 x 384 floats (~90 KB)
CONTEXT_CACHE = 64
# texts whose dictionary forms are kept per process (words, and the spans of 2-5 words the
# expression finder tries around each looked-up word)
LEMMA_CACHE = 50_000


# what the context cache keeps: token states and spans, or a sentence vector
Encoded = tuple[np.ndarray, list[tuple[int, int]]] | np.ndarray


class IndexUnavailable(RuntimeError):
    """The index cannot be used: missing, stale, or built with another encoder."""


def index_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / "lexicon" / f"index-{FORMAT}.sqlite"


def read_meta(path: Path) -> dict[str, str] | None:
    """The meta table of an index file, or None when there is no readable index there."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return None


def problem(path: Path, encoder: SentenceEncoder | None) -> str | None:
    """Why the index at path cannot serve lookups with this encoder; None when it can."""
    meta = read_meta(path)
    if meta is None:
        return f"there is no dictionary index at {path}"
    if meta.get("format") != FORMAT or meta.get("complete") != "1":
        return f"the dictionary index at {path} is incomplete or of another format"
    built_with = meta.get("encoder", "")
    wanted = encoder.identity if encoder is not None else ""
    if built_with != wanted:
        return (
            f"the dictionary index at {path} holds sense vectors of "
            f"{built_with or 'no sentence encoder'}, but the configured encoder is "
            f"{wanted or 'none'}"
        )
    return None


class Lexicon:
    """The index, opened read-only, with small per-process caches."""

    def __init__(self, path: Path | str, encoder: SentenceEncoder | None = None) -> None:
        self.path = Path(path)
        reason = problem(self.path, encoder)
        if reason is not None:
            raise IndexUnavailable(reason)
        self.encoder = encoder
        self._local = threading.local()
        con = self._con()
        self.meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.has_vectors = self.meta.get("vectors") == "1" and encoder is not None
        self._ctx_cache: OrderedDict[str, Encoded] = OrderedDict()
        self._ctx_lock = threading.Lock()
        # per-instance caches (lru_cache on bound methods would leak instances)
        self.has = lru_cache(maxsize=50_000)(self._has)
        self.exceptions = lru_cache(maxsize=20_000)(self._exceptions)
        self.senses_of = lru_cache(maxsize=20_000)(self._senses_of)
        self.synset = lru_cache(maxsize=20_000)(self._synset)
        self.opens = lru_cache(maxsize=50_000)(self._opens)
        # the expression finder lemmatises every span of 2-5 words around the looked-up
        # word, and a reader looks up several words of one sentence: each text once
        self._lemmas = lru_cache(maxsize=LEMMA_CACHE)(self._lemmas_of)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            # immutable=1: the file is never changed in place (a rebuild renames a new file
            # over it), so SQLite can skip locking entirely.
            con = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._local.con = con
        return con

    def _has(self, lemma: str, pos: str) -> bool:
        sql = "SELECT 1 FROM lemma WHERE lemma=? AND pos=?"
        return self._con().execute(sql, (lemma, pos)).fetchone() is not None

    def _opens(self, word: str, pos: str) -> bool:
        """Whether a multi-word lemma of pos begins with word ("carry" of "carry_out");
        "`" is the character after "_", so the range holds exactly the "word_..." keys."""
        sql = "SELECT 1 FROM lemma WHERE lemma > ? AND lemma < ? AND pos=? LIMIT 1"
        row = self._con().execute(sql, (word + "_", word + "`", pos)).fetchone()
        return row is not None

    def _exceptions(self, form: str, pos: str) -> tuple[str, ...]:
        sql = "SELECT base FROM exc WHERE form=? AND pos=?"
        return tuple(r[0] for r in self._con().execute(sql, (form, pos)).fetchall())

    def _senses_of(self, lemma: str, pos: str) -> tuple[tuple[int, str, int], ...]:
        sql = "SELECT senses FROM lemma WHERE lemma=? AND pos=?"
        row = self._con().execute(sql, (lemma, pos)).fetchone()
        return tuple(tuple(s) for s in json.loads(row[0])) if row else ()

    def _synset(self, sid: int) -> dict:
        sql = "SELECT ss_type, words, keys, definition, examples, pointers FROM synset WHERE id=?"
        row = self._con().execute(sql, (sid,)).fetchone()
        return {
            "id": sid,
            "ss_type": row[0],
            "words": json.loads(row[1]),
            "keys": json.loads(row[2]),
            "definition": row[3],
            "examples": json.loads(row[4]),
            "pointers": json.loads(row[5]),
        }

    def pronunciations(self, word: str) -> list[str]:
        sql = "SELECT arpabet FROM pron WHERE word=?"
        row = self._con().execute(sql, (word.lower(),)).fetchone()
        return row[0].split("|") if row else []

    def zipf(self, word: str) -> float:
        row = self._con().execute("SELECT zipf FROM freq WHERE word=?", (word.lower(),)).fetchone()
        return float(row[0]) if row else 0.0

    def vectors(self, ids: list[int]) -> dict[int, np.ndarray]:
        if not ids or not self.has_vectors:
            return {}
        q = ",".join("?" * len(ids))
        rows = self._con().execute(f"SELECT id, v FROM vec WHERE id IN ({q})", ids).fetchall()  # noqa: S608
        return {sid: np.frombuffer(v, dtype=np.float16).astype(np.float32) for sid, v in rows}

    def deletes(self, keys: list[str]) -> set[str]:
        out: set[str] = set()
        con = self._con()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            q = ",".join("?" * len(chunk))
            for (words,) in con.execute(f"SELECT words FROM del1 WHERE d IN ({q})", chunk):  # noqa: S608
                out.update(words.split())
        return out

    def lemmas(self, text: str) -> dict[str, list[str]]:
        """pos -> dictionary forms of text (morphy over the index); a new dict each call,
        from a per-process cache."""
        return {pos: list(forms) for pos, forms in self._lemmas(text)}

    def _lemmas_of(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found = (
            (pos, morphy(text, pos, self.has, self.exceptions, self.opens)) for pos in POS_ORDER
        )
        return tuple((pos, tuple(forms)) for pos, forms in found if forms)

    def context_vector(
        self, window: str, target: tuple[int, int] | None = None, spread: float = 0.0
    ) -> np.ndarray | None:
        """Vector of a context window: with a token encoder, its token states pooled around
        the target character span (``focus_pool``), else the sentence vector. The encoding
        is cached per window (small LRU: a popup session looks up several words of the
        same sentence, and each is pooled from the same states)."""
        if self.encoder is None:
            return None
        with self._ctx_lock:
            cached = self._ctx_cache.get(window)
            if cached is not None:
                self._ctx_cache.move_to_end(window)
        if cached is None:
            if isinstance(self.encoder, TokenEncoder):
                cached = self.encoder.encode_tokens(window)
            else:
                cached = self.encoder.encode([window])[0]
            with self._ctx_lock:
                self._ctx_cache[window] = cached
                while len(self._ctx_cache) > CONTEXT_CACHE:
                    self._ctx_cache.popitem(last=False)
        if isinstance(cached, tuple):
            return focus_pool(cached[0], cached[1], target, spread)
        return cached
