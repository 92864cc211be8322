"""Latin-script list terms matched as whole words, their inflections, and the usual disguises.

Text and term are split into folded tokens (fold.tokens: case, look-alikes, leetspeak, runs of
single letters joined). A term matches a run of whole tokens: in `word` mode the last token may
be an inflection ("idiots", "retarded", but never "retardant"), in `prefix` mode any word that
starts with it, in `exact` mode only the term. Letters drawn out ("idiooooot") still match,
but a letter may not be dropped: "coming" is not "commie". A word split by spaces or
punctuation ("scum bag", "id.iot") is put together from two or three whole tokens, unless one
of them is a common short word: "a family trait or a habit" never spells "traitor".
"""

from __future__ import annotations

import functools
from itertools import groupby

from broadsheet.talk.wordmatch.fold import collapse, tokens
from broadsheet.talk.wordmatch.terms import EXACT, PREFIX

_FUNCTION_WORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "do", "for", "he", "her", "his", "i")
    + ("if", "in", "is", "it", "me", "my", "no", "of", "on", "or", "our", "she", "so", "the")
    + ("to", "up", "us", "we", "you")
)

Runs = tuple[tuple[str, int], ...]


@functools.lru_cache(maxsize=8192)
def runs(word: str) -> Runs:
    """'idiooot' -> (('i', 1), ('d', 1), ('i', 1), ('o', 3), ('t', 1))."""
    return tuple((ch, len(list(group))) for ch, group in groupby(word))


def covers(token: str, form: str, *, prefix: bool = False) -> bool:
    """`token` spells `form` with its letters drawn out, never fewer of them."""
    have, want = runs(token), runs(form)
    if len(have) < len(want) or (not prefix and len(have) != len(want)):
        return False
    return all(h[0] == w[0] and h[1] >= w[1] for h, w in zip(have, want, strict=False))


@functools.lru_cache(maxsize=4096)
def inflections(word: str) -> frozenset[str]:
    """Regular English inflections of `word` (plural, past, participle, agent noun)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "er", word + "ers"}
    if word.endswith("e"):
        forms |= {word + "d", word + "r", word + "rs", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        forms |= {word + word[-1] + ending for ending in ("ed", "ing", "er", "ers")}
    return frozenset(forms)


@functools.lru_cache(maxsize=4096)
def term_tokens(term: str) -> tuple[str, ...]:
    return tuple(tokens(term))


@functools.lru_cache(maxsize=4096)
def _skeletons(wanted: str, mode: str) -> frozenset[str]:
    """The forms' letters with runs squeezed: a cheap first test before `covers`."""
    forms = inflections(wanted) if mode not in (EXACT, PREFIX) else {wanted}
    return frozenset(collapse(f) for f in forms)


def _last_matches(token: str, wanted: str, mode: str) -> bool:
    skeleton = collapse(token)
    if mode == PREFIX:
        (stem,) = _skeletons(wanted, mode)
        return skeleton.startswith(stem) and covers(token, wanted, prefix=True)
    if skeleton not in _skeletons(wanted, mode):
        return False
    if mode == EXACT:
        return covers(token, wanted)
    return any(covers(token, form) for form in inflections(wanted))


def find(text_tokens: list[str], term: str, mode: str) -> str | None:
    """The matched words when `term` occurs in `text_tokens` (fold.tokens) as `mode` asks."""
    wanted = term_tokens(term)
    if not wanted:
        return None
    n = len(wanted)
    for i in range(len(text_tokens) - n + 1):
        window = text_tokens[i : i + n]
        if all(covers(t, w) for t, w in zip(window[:-1], wanted[:-1], strict=True)) and (
            _last_matches(window[-1], wanted[-1], mode)
        ):
            return " ".join(window)
    # A word split in two or three ("scum bag", "id iot"): whole tokens put back together.
    whole = "".join(wanted)
    if len(whole) < 4:
        return None
    for i in range(len(text_tokens)):
        for k in (2, 3):
            pieces = text_tokens[i : i + k]
            if len(pieces) < k or any(p in _FUNCTION_WORDS for p in pieces):
                continue
            if _last_matches("".join(pieces), whole, mode):
                return " ".join(pieces)
    return None
