"""The reader's dictionary: ``lookup`` and ``suggest`` (pure Python, no Django).

Usage::

    from broadsheet.lexicon import services
    services.configure(data_dir)          # or set $BROADSHEET_DATA_DIR; builds the index once
    r = services.lookup("intervened", context="The army intervened in the dispute.")
    r.lemma, r.kind, r.senses[0].key, r.senses[0].definition

``lookup`` raises ``InvalidQuery`` (a ValueError) for text that cannot be looked up (empty,
longer than 64 characters, control characters, no letters or digits) and returns ``None``
when nothing at all is known about the text (then call ``suggest``).

Glossary hook: the Django app registers a provider with ``register_glossary_provider(fn)``.
``fn(query: GlossaryQuery) -> GlossaryEntry | None`` is called first on every lookup; an
entry it returns wins over the general dictionary (``kind == "glossary"``, the entry is in
``result.glossary`` and the dictionary's senses, if any, follow it). Providers are tried
in registration order; the first entry wins. A provider must be fast (it runs on every
lookup) and must not raise; an exception is logged and the provider skipped.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import build
from .function_words import FUNCTION_WORDS
from .lemmatize import POS_ORDER, morphy
from .normalize import InvalidQuery, Normalized, clean, normalize, tokenize
from .pronounce import to_ipa

__all__ = [
    "GlossaryEntry", "GlossaryQuery", "InvalidQuery", "Lexicon", "LookupResult", "Pronunciation",
    "Sense", "Difficulty", "FunctionGloss", "configure", "get_lexicon", "lookup", "suggest",
    "register_glossary_provider", "unregister_glossary_provider",
]  # fmt: skip

log = logging.getLogger(__name__)

POS_NAMES = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}
# Weight of the log sense-frequency prior against the cosine similarity of context and
# sense vectors; tuned on the SemEval-2007 development set only (benchmarks/wsd.py).
ALPHA = 0.075
CONTEXT_WINDOW = 20  # words on each side of the looked-up word that the encoder sees
LEVELS = ((5.5, "A1"), (4.8, "A2"), (4.2, "B1"), (3.6, "B2"), (3.0, "C1"))


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Pronunciation:
    word: str
    arpabet: str  # "T AO1 K"
    ipa: str  # "/tɔk/"


@dataclass(frozen=True)
class Sense:
    key: str | None  # WordNet 3.0 sense key, e.g. "long%3:00:02::"
    pos: str  # noun, verb, adjective, adverb
    definition: str
    examples: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    lemma: str = ""
    score: float | None = None  # fit to the context (higher is better), when ranked


@dataclass(frozen=True)
class Difficulty:
    level: str  # A1 ... C2 (an estimate from word frequency)
    zipf: float  # Zipf frequency of the word (wordfreq); 0 when unknown


@dataclass(frozen=True)
class FunctionGloss:
    pos: str
    gloss: str


@dataclass(frozen=True)
class GlossaryQuery:
    text: str  # normalised text as the reader selected it: "NIS", "six-party talks"
    lemmas: tuple[str, ...]  # dictionary forms the lexicon found, if any
    context: str | None
    scope: object | None  # whatever the caller passed (e.g. an article id)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    explanation: str
    korean: str | None = None
    source: str = "editorial"


@dataclass(frozen=True)
class LookupResult:
    headword: str  # as written (normalised): "Pyongyang", "intervened"
    lemma: str  # dictionary form: "Pyongyang", "intervene"
    kind: str  # word | phrase | function_word | name | derived | glossary
    parts_of_speech: tuple[str, ...] = ()
    pronunciations: tuple[Pronunciation, ...] = ()
    senses: tuple[Sense, ...] = ()
    difficulty: Difficulty | None = None
    note: str | None = None
    function_gloss: FunctionGloss | None = None
    card: str | None = None  # one-line card for names: "Vladivostok: a seaport in ..."
    glossary: GlossaryEntry | None = None
    derived_from: tuple[str, ...] = ()  # derivation chain for kind "derived"
    context_ranked: bool = False  # senses are ordered by fit to the context
    parts: tuple[LookupResult, ...] = ()  # the words of a phrase the dictionary lacks
    # multi-word expressions of the context that contain the word ("carry out" for "out"
    # in "police carried out raids"): offer them, the reader may have meant the phrase
    phrases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------- the index


class Lexicon:
    """Read-only access to the compiled index (one SQLite file shared by all workers)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        con = self._con()
        self.meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.has_vectors = self.meta.get("vectors") == "1"
        self._ctx_cache: OrderedDict[str, object] = OrderedDict()
        self._ctx_lock = threading.Lock()
        # per-instance caches (lru_cache on bound methods would leak instances)
        self.has = lru_cache(maxsize=50_000)(self._has)
        self.exceptions = lru_cache(maxsize=20_000)(self._exceptions)
        self.senses_of = lru_cache(maxsize=20_000)(self._senses_of)
        self.synset = lru_cache(maxsize=20_000)(self._synset)

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
        row = (
            self._con()
            .execute("SELECT 1 FROM lemma WHERE lemma=? AND pos=?", (lemma, pos))
            .fetchone()
        )
        return row is not None

    def _exceptions(self, form: str, pos: str) -> tuple[str, ...]:
        rows = (
            self._con()
            .execute("SELECT base FROM exc WHERE form=? AND pos=?", (form, pos))
            .fetchall()
        )
        return tuple(r[0] for r in rows)

    def _senses_of(self, lemma: str, pos: str) -> tuple[tuple[int, str, int], ...]:
        row = (
            self._con()
            .execute("SELECT senses FROM lemma WHERE lemma=? AND pos=?", (lemma, pos))
            .fetchone()
        )
        return tuple(tuple(s) for s in json.loads(row[0])) if row else ()

    def _synset(self, sid: int) -> dict:
        row = (
            self._con()
            .execute(
                "SELECT ss_type, words, keys, definition, examples, pointers"
                " FROM synset WHERE id=?",
                (sid,),
            )
            .fetchone()
        )
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
        row = (
            self._con().execute("SELECT arpabet FROM pron WHERE word=?", (word.lower(),)).fetchone()
        )
        return row[0].split("|") if row else []

    def zipf(self, word: str) -> float:
        row = self._con().execute("SELECT zipf FROM freq WHERE word=?", (word.lower(),)).fetchone()
        return float(row[0]) if row else 0.0

    def vectors(self, ids: list[int]):
        import numpy as np

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
        """pos -> dictionary forms of text (morphy over the index)."""
        out = {}
        for pos in POS_ORDER:
            forms = morphy(text, pos, self.has, self.exceptions)
            if forms:
                out[pos] = forms
        return out

    def context_vector(self, window: str):
        """Sentence vector of a context window (small LRU cache: a popup session looks up
        several words of the same sentence)."""
        from .encoder import get_encoder

        with self._ctx_lock:
            if window in self._ctx_cache:
                self._ctx_cache.move_to_end(window)
                return self._ctx_cache[window]
        enc = get_encoder()
        if enc is None:
            return None
        vec = enc.encode([window])[0]
        with self._ctx_lock:
            self._ctx_cache[window] = vec
            while len(self._ctx_cache) > 256:
                self._ctx_cache.popitem(last=False)
        return vec


_lexicon: Lexicon | None = None
_lexicon_lock = threading.RLock()  # configure() may run inside get_lexicon()
_providers: list[Callable[[GlossaryQuery], GlossaryEntry | None]] = []


def configure(data_dir: Path | str | None = None) -> Lexicon:
    """Open (building if needed) the index under data_dir and make it the default."""
    global _lexicon
    data_dir = data_dir or os.environ.get("BROADSHEET_DATA_DIR") or "var"
    lex = Lexicon(build.ensure_index(data_dir))
    with _lexicon_lock:
        _lexicon = lex
    return lex


def get_lexicon() -> Lexicon:
    if _lexicon is None:
        with _lexicon_lock:
            if _lexicon is None:
                return configure()
    assert _lexicon is not None
    return _lexicon


def register_glossary_provider(fn: Callable[[GlossaryQuery], GlossaryEntry | None]) -> None:
    if fn not in _providers:
        _providers.append(fn)


def unregister_glossary_provider(fn: Callable[[GlossaryQuery], GlossaryEntry | None]) -> None:
    if fn in _providers:
        _providers.remove(fn)


# ------------------------------------------------------------------------------ helpers


def level_for(zipf: float) -> str:
    for threshold, level in LEVELS:
        if zipf >= threshold:
            return level
    return "C2"


def _pronunciations(lex: Lexicon, words: list[str]) -> tuple[Pronunciation, ...]:
    out: list[Pronunciation] = []
    seen = set()
    for word in words:
        parts = word.replace("_", " ").replace("-", " ").split()
        if not parts:
            continue
        variants = [lex.pronunciations(p) for p in parts]
        if not all(variants):
            continue
        if len(parts) == 1:
            for arpa in variants[0][:2]:
                if (word, arpa) not in seen:
                    seen.add((word, arpa))
                    out.append(Pronunciation(word.replace("_", " "), arpa, to_ipa(arpa)))
        else:
            firsts = [v[0] for v in variants]
            arpa = " ".join(firsts)
            ipa = "/" + " ".join(to_ipa(a).strip("/") for a in firsts) + "/"
            if (word, arpa) not in seen:
                seen.add((word, arpa))
                out.append(Pronunciation(word.replace("_", " "), arpa, ipa))
    return tuple(out)


def _find_target(context: str, headword: str) -> tuple[int, int] | None:
    """Character span of headword in context (case-insensitive, word-bounded)."""
    ctx = clean(context)
    pattern = r"(?<![\w])" + r"\s+".join(re.escape(p) for p in headword.split()) + r"(?![\w])"
    m = re.search(pattern, ctx, flags=re.IGNORECASE)
    if m is None:
        m = re.search(re.escape(headword.split()[0]), ctx, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def context_window(context: str, headword: str, words: int | None = None) -> str:
    """The words of context around headword (at most `words` on each side)."""
    words = CONTEXT_WINDOW if words is None else words
    ctx = " ".join(clean(context).split())
    toks = tokenize(ctx)
    if len(toks) <= 2 * words + 1:
        return ctx
    span = _find_target(ctx, headword)
    centre = 0
    if span:
        for i, (_t, s, e) in enumerate(toks):
            if s <= span[0] < e or s >= span[0]:
                centre = i
                break
    lo = max(0, min(centre - words, len(toks) - 2 * words - 1))
    hi = min(len(toks), lo + 2 * words + 1)
    return ctx[toks[lo][1] : toks[hi - 1][2]]


def _is_sentence_start(context: str | None, headword: str) -> bool | None:
    if not context:
        return None
    span = _find_target(context, headword)
    if span is None:
        return None
    before = clean(context)[: span[0]].rstrip(" \"'([")
    return before == "" or before[-1] in ".!?:"


_BEFORE_NOUN = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
        "every",
        "each",
        "no",
        "some",
        "any",
        "several",
        "many",
        "few",
        "more",
        "most",
        "such",
        "whose",
    ]
)
_BEFORE_VERB = frozenset(
    [
        "to",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "shall",
        "did",
        "does",
        "do",
        "not",
        "n't",
    ]
)
# added to a sense whose part of speech the previous word suggests: a word right after a
# determiner is (almost) never a verb; after "to" or a modal it is usually a verb
POS_HINT = {"n": 0.25, "v": 0.1}


def pos_hint(context: str | None, headword: str) -> str | None:
    """'n' after a determiner, 'v' after 'to' or a modal; None when unsure."""
    if not context:
        return None
    span = _find_target(context, headword)
    if span is None:
        return None
    before = tokenize(clean(context)[: span[0]])
    if not before:
        return None
    prev = before[-1][0].lower()
    if prev in _BEFORE_NOUN:
        return "n"
    if prev in _BEFORE_VERB:
        return "v"
    return None


@dataclass
class _Cand:
    sid: int
    key: str
    tagcount: int
    pos: str
    lemma: str
    proper: bool
    rank: int


def _candidates(lex: Lexicon, lemmas: dict[str, list[str]]) -> list[_Cand]:
    out: list[_Cand] = []
    seen = set()
    for pos, forms in lemmas.items():
        for lemma in forms:
            for rank, (sid, key, tc) in enumerate(lex.senses_of(lemma, pos)):
                if sid in seen:
                    continue
                seen.add(sid)
                s = lex.synset(sid)
                word = next(
                    (w for w, k in zip(s["words"], s["keys"], strict=True) if k == key), lemma
                )
                out.append(_Cand(sid, key, tc, pos, lemma, word[:1].isupper(), rank))
    return out


def _order(
    lex: Lexicon, cands: list[_Cand], context: str | None, headword: str, want_proper: bool | None
) -> tuple[list[tuple[_Cand, float | None]], bool]:
    """Candidates best first, with scores when ranked by context."""
    if not cands:
        return [], False

    def proper_penalty(c: _Cand) -> int:
        if want_proper is None:
            return 0
        return 0 if c.proper == want_proper else 1

    hint = pos_hint(context, headword)

    def hint_bonus(c: _Cand) -> float:
        if hint is None:
            return 0.0
        if c.pos == hint or (hint == "n" and c.pos == "a"):
            return POS_HINT[hint]
        return 0.0

    if context and lex.has_vectors and len(cands) > 1:
        window = context_window(context, headword)
        cvec = lex.context_vector(window)
        if cvec is not None:
            vecs = lex.vectors([c.sid for c in cands])
            total = sum(c.tagcount for c in cands) + len(cands)
            sims = {sid: float(v @ cvec) for sid, v in vecs.items()}
            fill = min(sims.values()) if sims else 0.0
            scored = []
            for c in cands:
                sim = sims.get(c.sid, fill)
                prior = ALPHA * math.log((c.tagcount + 1) / total)
                scored.append((c, sim + prior + hint_bonus(c)))
            scored.sort(key=lambda cs: (proper_penalty(cs[0]), -cs[1]))
            return [(c, round(s, 4)) for c, s in scored], True
    pos_weight: dict[str, int] = {}
    for c in cands:
        pos_weight[c.pos] = pos_weight.get(c.pos, 0) + c.tagcount
    order = sorted(
        cands,
        key=lambda c: (
            proper_penalty(c),
            -hint_bonus(c),
            -pos_weight[c.pos],
            POS_ORDER.index(c.pos),
            c.rank,
        ),
    )
    return [(c, None) for c in order], False


def _sense(lex: Lexicon, c: _Cand, score: float | None) -> Sense:
    s = lex.synset(c.sid)
    synonyms = tuple(w.replace("_", " ") for w in s["words"] if build.wn.key_lemma(w) != c.lemma)
    return Sense(
        key=c.key,
        pos=POS_NAMES[s["ss_type"]],
        definition=s["definition"],
        examples=tuple(s["examples"]),
        synonyms=synonyms,
        lemma=c.lemma.replace("_", " "),
        score=score,
    )


def _name_card(lex: Lexicon, c: _Cand) -> str | None:
    s = lex.synset(c.sid)
    if not c.proper:
        return None
    word = next(
        (w for w, k in zip(s["words"], s["keys"], strict=True) if k == c.key), s["words"][0]
    )
    return f"{word.replace('_', ' ')}: {s['definition']}"


def _is_instance(lex: Lexicon, c: _Cand) -> bool:
    return any(p[0] == "@i" for p in lex.synset(c.sid)["pointers"])


# -------------------------------------------------------------------- derivation fallback

SUFFIXES = (
    ("ization", "ize"), ("isation", "ise"), ("isation", "ize"), ("ations", "ate"),
    ("ation", "ate"), ("ation", "e"), ("ation", ""), ("ition", ""), ("iness", "y"),
    ("ness", ""), ("ity", ""), ("ity", "e"), ("ments", ""), ("ment", ""), ("isms", ""),
    ("ism", ""), ("ists", ""), ("ist", ""), ("izes", "ize"), ("ized", "ize"), ("izing", "ize"),
    ("ize", ""), ("ize", "e"), ("ise", ""), ("ily", "y"), ("ly", ""), ("ers", ""), ("er", ""),
    ("ably", "able"), ("able", ""), ("able", "e"), ("ful", ""), ("less", ""), ("ship", ""),
    ("hood", ""), ("ally", "al"), ("al", ""), ("ic", ""), ("ical", "ic"), ("ous", ""),
    ("ive", ""), ("ive", "e"), ("ives", ""), ("wise", ""),
)  # fmt: skip
PREFIXES = (
    "de", "un", "re", "non", "anti", "pre", "post", "co", "counter", "over", "under", "mis",
    "dis", "inter", "multi", "pro", "semi", "sub", "super", "trans", "ultra", "mega", "micro",
    "geo", "cyber", "hyper", "neo", "pseudo", "self", "ex", "mid", "bi", "tri", "out",
)  # fmt: skip


def _known(lex: Lexicon, form: str) -> dict[str, list[str]]:
    if len(form) < 3:
        return {}
    return lex.lemmas(form)


MIN_COMPOUND_PART = 3
SENSES_PER_COMPOUND_PART = 3


def split_compound(lex: Lexicon, word: str) -> tuple[str, str] | None:
    """A closed compound the dictionary lacks, as two words it has: policymakers ->
    (policy, makers), heatwave -> (heat, wave). The most even split wins."""
    splits = []
    for i in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:i], word[i:]
        if (head not in FUNCTION_WORDS and tail not in FUNCTION_WORDS
                and _known(lex, head) and _known(lex, tail)):
            splits.append((min(len(head), len(tail)), head, tail))
    if not splits:
        return None
    _, head, tail = max(splits)
    return head, tail


def derive(
    lex: Lexicon, word: str, max_depth: int = 3
) -> tuple[list[str], dict[str, list[str]]] | None:
    """Affix stripping to a word the dictionary knows: (chain, lemmas) or None.

    Suffixes are stripped before prefixes at each step (denuclearization -> denuclearize ->
    denuclear -> nuclear); forms in the chain that are not words are dropped from the
    chain shown to readers.
    """
    word = word.lower().replace("_", "-")
    frontier = [[word]]
    seen = {word}
    for _ in range(max_depth):
        nxt = []
        for chain in frontier:
            w = chain[-1]
            steps = []
            for suffix, repl in SUFFIXES:
                if w.endswith(suffix) and len(w) - len(suffix) + len(repl) >= 3:
                    steps.append(w[: len(w) - len(suffix)] + repl)
            for prefix in PREFIXES:
                for p in (prefix + "-", prefix):
                    if w.startswith(p) and len(w) - len(p) >= 3:
                        steps.append(w[len(p) :])
            if "-" in w:
                steps.append(w.rsplit("-", 1)[-1])
            for cand in steps:
                if cand in seen:
                    continue
                seen.add(cand)
                found = _known(lex, cand)
                if found:
                    shown = [chain[0]] + [x for x in chain[1:] if lex.zipf(x) > 0] + [cand]
                    return shown, found
                nxt.append(chain + [cand])
        frontier = nxt
    return None


# ------------------------------------------------------------------------------ lookup


def phrases_in_context(lex: Lexicon, context: str, headword: str, limit: int = 3) -> list[str]:
    """Dictionary forms of 2-4 word expressions of `context` that include `headword`."""
    span = _find_target(context, headword)
    if span is None:
        return []
    toks = tokenize(context)
    idx = next((i for i, (_t, s, e) in enumerate(toks) if s <= span[0] < e), None)
    if idx is None:
        return []
    width = len(headword.split())
    found: list[str] = []
    for n in (4, 3, 2):
        if n <= width:
            continue
        for start in range(max(0, idx + width - n), min(idx, len(toks) - n) + 1):
            words = [t for t, _s, _e in toks[start : start + n]]
            # the words must be adjacent in the text (no punctuation between them)
            gap = context[toks[start][2] : toks[start + n - 1][1]]
            if any(ch not in " \t-'" and not ch.isalnum() for ch in gap):
                continue
            text = " ".join(words).lower()
            if text in FUNCTION_WORDS:
                found.append(text)
                continue
            if n == 4:
                continue
            for forms in lex.lemmas(text).values():
                for form in forms:
                    if "_" in form:
                        found.append(form.replace("_", " "))
    return list(dict.fromkeys(found))[:limit]


def _forms(norm: Normalized) -> list[str]:
    text = norm.text
    forms = [text]
    if "-" in text:
        forms += [text.replace("-", " "), text.replace("-", "")]
    if "." in text and text.replace(".", "").isalpha():
        forms.append(text.replace(".", ""))
    return forms


def lookup(
    text: str,
    context: str | None = None,
    *,
    scope: object | None = None,
    lexicon: Lexicon | None = None,
) -> LookupResult | None:
    """Explain a word or phrase, senses ordered by fit to `context` (the sentence).

    Raises InvalidQuery for unusable text; returns None when nothing is known.
    """
    norm = normalize(text)
    if context is not None:
        context = context[:2000]
    lex = lexicon or get_lexicon()
    result = _dictionary(lex, norm, context)
    if _providers:
        query = GlossaryQuery(
            text=norm.text,
            lemmas=tuple(dict.fromkeys([result.lemma] if result else [])),
            context=context,
            scope=scope,
        )
        for provider in list(_providers):
            try:
                entry = provider(query)
            except Exception:  # a broken provider must not break the dictionary
                log.exception("glossary provider %r failed", provider)
                continue
            if entry is not None:
                if result is None:
                    return LookupResult(headword=norm.text, lemma=entry.term, kind="glossary",
                                        glossary=entry)
                if entry.source != "editorial":
                    # a loaded bilingual glossary adds its Korean gloss to the dictionary's
                    # answer; it does not replace what the dictionary said (kind, note)
                    return replace(result, glossary=entry)
                return replace(result, kind="glossary", glossary=entry, note=None)
    return result


def _dictionary(lex: Lexicon, norm: Normalized, context: str | None) -> LookupResult | None:
    headword = norm.text
    lower = headword.lower()
    fw_entry = FUNCTION_WORDS.get(lower)
    function_gloss = FunctionGloss(*fw_entry) if fw_entry else None
    sentence_start = _is_sentence_start(context, headword)

    lemmas: dict[str, list[str]] = {}
    acronym = len(headword) > 1 and headword.isupper() and headword.replace(".", "").isalpha()
    for form in _forms(norm):
        if acronym:  # "NIS" is not the plural of "Ni"; only exact entries ("NATO")
            key = "_".join(form.lower().split())
            lemmas = {p: [key] for p in POS_ORDER if lex.has(key, p)}
        else:
            lemmas = lex.lemmas(form)
        if lemmas:
            break

    if lemmas or function_gloss:
        # proper-noun senses: wanted for a capitalised word inside a sentence, unwanted
        # for a lower-case one, neutral at a sentence start or without context
        want_proper: bool | None = None
        if headword[:1].islower():
            want_proper = False
        elif headword[:1].isupper() and sentence_start is False:
            want_proper = True
        cands = _candidates(lex, lemmas)
        ordered, ranked = _order(lex, cands, context, headword, want_proper)
        senses = tuple(_sense(lex, c, s) for c, s in ordered)
        top = ordered[0][0] if ordered else None
        lemma = top.lemma.replace("_", " ") if top else lower
        if top and top.proper:
            s = lex.synset(top.sid)
            lemma = next(
                (w for w, k in zip(s["words"], s["keys"], strict=True) if k == top.key), lemma
            ).replace("_", " ")
        kind = "word"
        card = None
        if function_gloss:
            kind = "function_word"
        elif norm.is_phrase or (top and "_" in top.lemma):
            kind = "phrase"
        if (
            top
            and top.proper
            and not function_gloss
            and (_is_instance(lex, top) or all(c.proper for c, _ in ordered))
            and (want_proper is not False)
        ):
            kind = "name"
            card = _name_card(lex, top)
        zipf = (
            max(lex.zipf(lower), lex.zipf(lemma))
            if not norm.is_phrase
            else min((lex.zipf(t) for t in norm.tokens), default=0.0)
        )
        pos_seen = tuple(dict.fromkeys(s.pos for s in senses))
        if function_gloss and not pos_seen:
            pos_seen = (function_gloss.pos,)
        phrases = ()
        if context and not norm.is_phrase:
            phrases = tuple(phrases_in_context(lex, clean(context), headword))
        return LookupResult(
            headword=headword,
            lemma=lemma,
            kind=kind,
            phrases=phrases,
            parts_of_speech=pos_seen,
            pronunciations=_pronunciations(
                lex, [lemma] + ([lower] if lower != lemma.lower() else [])
            ),
            senses=senses,
            difficulty=Difficulty(level_for(zipf), round(zipf, 2)),
            function_gloss=function_gloss,
            card=card,
            context_ranked=ranked,
        )

    if not norm.is_phrase:
        derived = derive(lex, lower)
        if derived:
            chain, found = derived
            base = chain[-1]
            cands = _candidates(lex, found)
            ordered, ranked = _order(lex, cands, None, base, False)
            senses = tuple(_sense(lex, c, s) for c, s in ordered)
            zipf = lex.zipf(lower)
            steps = " → ".join(chain)
            return LookupResult(
                headword=headword,
                lemma=base,
                kind="derived",
                parts_of_speech=tuple(dict.fromkeys(s.pos for s in senses)),
                pronunciations=_pronunciations(lex, [lower, base]),
                senses=senses,
                difficulty=Difficulty(level_for(zipf), round(zipf, 2)),
                note=(
                    f"“{headword}” is not in the dictionary. It is formed from "
                    f"“{base}” ({steps}); the meanings shown are those of “{base}”."
                ),
                derived_from=tuple(chain),
            )

    if not norm.is_phrase and lower.isalpha():
        compound = split_compound(lex, lower)
        if compound:
            senses = []
            for part in compound:
                cands = _candidates(lex, _known(lex, part))
                ordered, _ranked = _order(lex, cands, None, part, False)
                senses += [_sense(lex, c, s) for c, s in ordered[:SENSES_PER_COMPOUND_PART]]
            zipf = lex.zipf(lower)
            head, tail = compound
            return LookupResult(
                headword=headword,
                lemma=lower,
                kind="derived",
                parts_of_speech=tuple(dict.fromkeys(s.pos for s in senses)),
                pronunciations=_pronunciations(lex, [lower, head, tail]),
                senses=tuple(senses),
                difficulty=Difficulty(level_for(zipf), round(zipf, 2)),
                note=(
                    f"“{headword}” is not in the dictionary. It is made of “{head}” and "
                    f"“{tail}”; the meanings shown are those of the two words."
                ),
                derived_from=(lower, head, tail),
            )

    if norm.is_phrase:
        parts = []
        for token in norm.tokens:
            if token.lower() in FUNCTION_WORDS:
                continue
            part = _dictionary(lex, normalize(token), context)
            if part is not None:
                parts.append(part)
        if parts:
            shown = ", ".join(p.lemma for p in parts)
            return LookupResult(
                headword=headword,
                lemma=headword,
                kind="phrase",
                parts_of_speech=(),
                pronunciations=_pronunciations(lex, [headword]),
                difficulty=Difficulty(
                    level_for(min((p.difficulty.zipf for p in parts if p.difficulty), default=0.0)),
                    min((p.difficulty.zipf for p in parts if p.difficulty), default=0.0),
                ),
                note=(
                    f"“{headword}” is not in the dictionary as a phrase; "
                    f"here are its words: {shown}."
                ),
                parts=tuple(parts),
            )

    if headword[:1].isupper() and any(c.isalpha() for c in headword):
        what = "an abbreviation or a name" if acronym else "a name"
        return LookupResult(
            headword=headword,
            lemma=headword,
            kind="name",
            pronunciations=_pronunciations(lex, [headword]),
            note=f"Not in the dictionary; this looks like {what}.",
        )
    return None


# ----------------------------------------------------------------------------- suggest


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def suggest(text: str, limit: int = 5, *, lexicon: Lexicon | None = None) -> list[str]:
    """Close spellings among the ~60,000 most frequent words (edit distance <= 2)."""
    try:
        norm = normalize(text)
    except InvalidQuery:
        return []
    word = norm.text.lower()
    if not word.isalpha() or len(word) > 30:
        word = re.sub(r"[^a-z]", "", word)
        if not word:
            return []
    lex = lexicon or get_lexicon()
    d1 = build.deletes1(word)
    keys = set(d1)
    if len(word) > 3:
        for d in d1:
            keys |= build.deletes1(d)
    cands = lex.deletes(sorted(keys))
    cands.discard(word)
    scored = []
    for cand in cands:
        dist = _distance(word, cand)
        if dist <= 2:
            scored.append((dist, -lex.zipf(cand), cand))
    scored.sort()
    return [c for _, _, c in scored[:limit]]
