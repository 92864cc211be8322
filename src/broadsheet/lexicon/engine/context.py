"""Where a word sits in its sentence: its span, the window the encoder sees, and cues."""

from __future__ import annotations

import re

from broadsheet.lexicon.engine.normalize import clean, tokenize
from broadsheet.lexicon.engine.wordlists import pos_cues

CONTEXT_WINDOW = 20  # words on each side of the looked-up word that the encoder sees


def find_target(context: str, headword: str) -> tuple[int, int] | None:
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
    span = find_target(ctx, headword)
    centre = 0
    if span:
        for i, (_t, s, e) in enumerate(toks):
            if s <= span[0] < e or s >= span[0]:
                centre = i
                break
    lo = max(0, min(centre - words, len(toks) - 2 * words - 1))
    hi = min(len(toks), lo + 2 * words + 1)
    return ctx[toks[lo][1] : toks[hi - 1][2]]


def is_sentence_start(context: str | None, headword: str) -> bool | None:
    """Whether headword opens its sentence; None without context or when it is not found."""
    if not context:
        return None
    span = find_target(context, headword)
    if span is None:
        return None
    before = clean(context)[: span[0]].rstrip(" \"'([")
    return before == "" or before[-1] in ".!?:"


def pos_hint(context: str | None, headword: str) -> str | None:
    """'n' after a determiner, 'v' after 'to' or a modal (data/pos_cues.tsv); else None."""
    if not context:
        return None
    span = find_target(context, headword)
    if span is None:
        return None
    before = tokenize(clean(context)[: span[0]])
    if not before:
        return None
    return pos_cues().get(before[-1][0].lower())
