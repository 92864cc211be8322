"""WordNet's morphy, implemented from its published rules (morphy(7WN)).

For a word and a part of speech: first the exception lists (``*.exc``: better -> good,
went -> go), then the word itself if WordNet has it, then the rules of detachment
(talks -> talk, intervened -> intervene), keeping only forms WordNet knows. Collocations
("carried out") are lemmatised word by word. The lexicon (what WordNet has, its exception
lists) is passed in as two callables so that this module stays pure and testable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

POS_ORDER = ("n", "v", "a", "r")
_MARKER = re.compile(r"\((a|p|ip)\)$")  # WordNet's adjective position markers

RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}  # fmt: skip

HasLemma = Callable[[str, str], bool]  # (lemma, pos) -> WordNet has it
# (word, pos) -> WordNet has a multi-word lemma of pos whose first word is word
OpensLemma = Callable[[str, str], bool]
Exceptions = Callable[[str, str], Iterable[str]]  # (form, pos) -> base forms


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def morphy_word(word: str, pos: str, has: HasLemma, exceptions: Exceptions) -> list[str]:
    """Base forms of a single word (lower case, no spaces) for one part of speech."""
    out = [b for b in exceptions(word, pos) if has(b, pos)]
    if has(word, pos):
        out.append(word)
    for suffix, ending in RULES[pos]:
        if word.endswith(suffix) and len(word) > len(suffix):
            base = word[: len(word) - len(suffix)] + ending
            if base and has(base, pos):
                out.append(base)
    # Doubled final consonants (stopped -> stop, planning -> plan) and -ier/-iest
    # adjectives missing from the exception lists: not in WordNet's C morphy, but
    # learners meet them daily. Only tried when the plain rules found nothing.
    if pos == "v" and not out:
        for suffix in ("ed", "ing"):
            stem = word[: -len(suffix)] if word.endswith(suffix) else ""
            if len(stem) > 2 and stem[-1] == stem[-2] and has(stem[:-1], pos):
                out.append(stem[:-1])
    if pos == "a" and not out:
        for suffix in ("er", "est"):
            stem = word[: -len(suffix)] if word.endswith(suffix) else ""
            if len(stem) > 2 and stem[-1] == stem[-2] and has(stem[:-1], pos):
                out.append(stem[:-1])
            if stem.endswith("i") and has(stem[:-1] + "y", pos):
                out.append(stem[:-1] + "y")
    return _dedupe(out)


def morphy(
    text: str,
    pos: str,
    has: HasLemma,
    exceptions: Exceptions,
    opens: OpensLemma | None = None,
) -> list[str]:
    """Base forms of a word or collocation ("carried_out") for one part of speech.

    With ``opens``, a collocation whose first word has no form that begins a multi-word
    lemma of pos is given up before its combinations are tried: every combination starts
    with one of those forms, so the answer is the same, with far fewer probes."""
    text = "_".join(text.lower().split())
    found = morphy_word(text, pos, has, exceptions)
    if found or "_" not in text:
        return found
    # collocation: lemmatise each word, try the combinations in order
    parts = text.split("_")
    options = []
    for part in parts:
        forms = [b for b in exceptions(part, pos)]
        forms.append(part)
        for suffix, ending in RULES[pos]:
            if part.endswith(suffix) and len(part) > len(suffix):
                forms.append(part[: len(part) - len(suffix)] + ending)
        options.append(_dedupe(forms)[:6])
        if opens is not None and len(options) == 1 and not any(opens(f, pos) for f in options[0]):
            return []
    results: list[str] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(results) >= 4:
            return
        if i == len(parts):
            cand = "_".join(acc)
            if has(cand, pos):
                results.append(cand)
            return
        for form in options[i]:
            walk(i + 1, acc + [form])

    walk(0, [])
    return _dedupe(results)


def lemmas(text: str, has: HasLemma, exceptions: Exceptions) -> dict[str, list[str]]:
    """pos -> base forms, for every part of speech where the text is known."""
    out = {}
    for pos in POS_ORDER:
        forms = morphy(text, pos, has, exceptions)
        if forms:
            out[pos] = forms
    return out


def key_lemma(word: str) -> str:
    """A WordNet word as it appears in a sense key: lower case, adjective marker removed."""
    return _MARKER.sub("", word).lower()
