"""Sense ranking: a word's candidate senses, best first for the sentence it was met in.

With sense vectors, the cosine of the context and each sense vector plus a small
log-frequency prior and a part-of-speech cue; without, WordNet's order by tag counts. The
context vector is the encoder's token states pooled around the looked-up word (weights
falling off over FOCUS_SPREAD tokens), not the sentence's plain mean. ALPHA and
FOCUS_SPREAD were tuned on the tune half of the SemEval-2007 development set only
(benchmarks/wsd.py; the held-out half is reported in docs/lexicon-notes.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from broadsheet.lexicon.engine.context import context_window, find_target, pos_hint
from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.morphy import POS_ORDER, key_lemma
from broadsheet.lexicon.engine.results import Sense

POS_NAMES = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}
# Weight of the log sense-frequency prior against the cosine similarity of context and
# sense vectors; tuned on the tune half of the SemEval-2007 development set only.
ALPHA = 0.075
# How fast the context's token weights fall off with the distance (in tokens) from the
# looked-up word: exp(-d / FOCUS_SPREAD); 0 pools the whole window evenly. Same tuning.
FOCUS_SPREAD = 3.0
# added to a sense whose part of speech the previous word suggests: a word right after a
# determiner is (almost) never a verb; after "to" or a modal it is usually a verb
POS_HINT = {"n": 0.25, "v": 0.1}


@dataclass
class Candidate:
    sid: int
    key: str
    tagcount: int
    pos: str
    lemma: str
    proper: bool
    rank: int


def candidates(lex: Lexicon, lemmas: dict[str, list[str]]) -> list[Candidate]:
    """Every sense of the given dictionary forms, each synset once."""
    out: list[Candidate] = []
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
                out.append(Candidate(sid, key, tc, pos, lemma, word[:1].isupper(), rank))
    return out


def order(
    lex: Lexicon,
    cands: list[Candidate],
    context: str | None,
    headword: str,
    want_proper: bool | None,
) -> tuple[list[tuple[Candidate, float | None]], bool]:
    """Candidates best first, with scores when ranked by context."""
    if not cands:
        return [], False

    def proper_penalty(c: Candidate) -> int:
        if want_proper is None:
            return 0
        return 0 if c.proper == want_proper else 1

    hint = pos_hint(context, headword)

    def hint_bonus(c: Candidate) -> float:
        if hint is None:
            return 0.0
        if c.pos == hint or (hint == "n" and c.pos == "a"):
            return POS_HINT[hint]
        return 0.0

    if context and lex.has_vectors and len(cands) > 1:
        window = context_window(context, headword)
        cvec = lex.context_vector(window, find_target(window, headword), FOCUS_SPREAD)
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
    ordered = sorted(
        cands,
        key=lambda c: (
            proper_penalty(c),
            -hint_bonus(c),
            -pos_weight[c.pos],
            POS_ORDER.index(c.pos),
            c.rank,
        ),
    )
    return [(c, None) for c in ordered], False


def sense(lex: Lexicon, c: Candidate, score: float | None) -> Sense:
    s = lex.synset(c.sid)
    synonyms = tuple(w.replace("_", " ") for w in s["words"] if key_lemma(w) != c.lemma)
    return Sense(
        key=c.key,
        pos=POS_NAMES[s["ss_type"]],
        definition=s["definition"],
        examples=tuple(s["examples"]),
        synonyms=synonyms,
        lemma=c.lemma.replace("_", " "),
        score=score,
    )


def senses(
    lex: Lexicon,
    lemmas: dict[str, list[str]],
    context: str | None,
    headword: str,
    want_proper: bool | None,
) -> tuple[list[tuple[Candidate, float | None]], tuple[Sense, ...], bool]:
    """(ordered candidates, their senses, whether the context ranked them)."""
    ordered, ranked = order(lex, candidates(lex, lemmas), context, headword, want_proper)
    return ordered, tuple(sense(lex, c, s) for c, s in ordered), ranked


def name_card(lex: Lexicon, c: Candidate) -> str | None:
    """One line for a proper name: "Vladivostok: a port city ..."."""
    if not c.proper:
        return None
    s = lex.synset(c.sid)
    word = next(
        (w for w, k in zip(s["words"], s["keys"], strict=True) if k == c.key), s["words"][0]
    )
    return f"{word.replace('_', ' ')}: {s['definition']}"


def is_instance(lex: Lexicon, c: Candidate) -> bool:
    return any(p[0] == "@i" for p in lex.synset(c.sid)["pointers"])
