"""Close spellings for a word the dictionary lacks: one- and two-deletion neighbours among
the most frequent words (a table the builder stores), ranked by edit distance (rapidfuzz's
optimal string alignment distance) and then by word frequency."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.normalize import InvalidQuery, normalize

MAX_DISTANCE = 2


def deletes1(word: str) -> set[str]:
    """The word and every string made by deleting one character of it."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def suggest(lex: Lexicon, text: str, limit: int = 5) -> list[str]:
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
    d1 = deletes1(word)
    keys = set(d1)
    if len(word) > 3:
        for d in d1:
            keys |= deletes1(d)
    cands = lex.deletes(sorted(keys))
    cands.discard(word)
    scored = []
    for cand in cands:
        dist = OSA.distance(word, cand, score_cutoff=MAX_DISTANCE)
        if dist <= MAX_DISTANCE:
            scored.append((dist, -lex.zipf(cand), cand))
    scored.sort()
    return [c for _, _, c in scored[:limit]]
