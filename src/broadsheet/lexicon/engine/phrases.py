"""Multi-word expressions of a sentence that contain the looked-up word ("carry out")."""

from __future__ import annotations

from broadsheet.lexicon.engine.context import find_target
from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.normalize import tokenize
from broadsheet.lexicon.engine.wordlists import function_words


def phrases_in_context(lex: Lexicon, context: str, headword: str, limit: int = 3) -> list[str]:
    """Dictionary forms of 2-4 word expressions of `context` that include `headword`."""
    span = find_target(context, headword)
    if span is None:
        return []
    toks = tokenize(context)
    idx = next((i for i, (_t, s, e) in enumerate(toks) if s <= span[0] < e), None)
    if idx is None:
        return []
    width = len(headword.split())
    fw = function_words()
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
            if text in fw:
                found.append(text)
                continue
            if n == 4:
                continue
            for forms in lex.lemmas(text).values():
                for form in forms:
                    if "_" in form:
                        found.append(form.replace("_", " "))
    return list(dict.fromkeys(found))[:limit]
