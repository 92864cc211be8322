"""Words the dictionary lacks, reached through words it has: affix stripping
(denuclearization -> nuclear) and closed compounds (policymakers -> policy + makers)."""

from __future__ import annotations

from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.wordlists import function_words, prefixes, suffixes

MIN_COMPOUND_PART = 3
# Each part of a closed compound must be a common word (Zipf >= 3, about once per million
# words): "yongin" is not "yon" + "gin".
MIN_PART_ZIPF = 3.0


def known(lex: Lexicon, form: str) -> dict[str, list[str]]:
    """pos -> dictionary forms of a form of at least three letters."""
    if len(form) < 3:
        return {}
    return lex.lemmas(form)


def split_compound(lex: Lexicon, word: str) -> tuple[str, str] | None:
    """A closed compound the dictionary lacks, as two words it has: policymakers ->
    (policy, makers), heatwave -> (heat, wave). The most even split of two common words
    wins."""
    fw = function_words()
    splits = []
    for i in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:i], word[i:]
        if head in fw or tail in fw or min(lex.zipf(head), lex.zipf(tail)) < MIN_PART_ZIPF:
            continue
        if known(lex, head) and known(lex, tail):
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
            for suffix, repl in suffixes():
                if w.endswith(suffix) and len(w) - len(suffix) + len(repl) >= 3:
                    steps.append(w[: len(w) - len(suffix)] + repl)
            for prefix in prefixes():
                for p in (prefix + "-", prefix):
                    if w.startswith(p) and len(w) - len(p) >= 3:
                        steps.append(w[len(p) :])
            if "-" in w:
                steps.append(w.rsplit("-", 1)[-1])
            for cand in steps:
                if cand in seen:
                    continue
                seen.add(cand)
                found = known(lex, cand)
                if found:
                    shown = [chain[0]] + [x for x in chain[1:] if lex.zipf(x) > 0] + [cand]
                    return shown, found
                nxt.append(chain + [cand])
        frontier = nxt
    return None
