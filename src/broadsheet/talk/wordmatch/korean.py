"""Korean list terms matched as words: morphemes and eojeol, never across a word boundary.

A term is searched in the folded text with up to three non-letters allowed between its
syllables (시1발, 시.발, 씨 발). A candidate counts only where Kiwi, the morphological
analyser, puts a morpheme boundary (or the text a word boundary) at its start and, in `word`
mode, at its end: "서울시 발표" holds the letters 시 발 but no word 시발. A candidate that spans
a space must also begin a word, so the end of "감염병" and the start of "신고" never join.
A term also matches a morpheme of the same form, so a verb or adjective stem (역겹) finds its
conjugated spellings (역겨워).

Kiwi is loaded once per process, on the first candidate (most comments have none).
"""

from __future__ import annotations

import functools
import threading

import regex
from kiwipiepy import Kiwi

from broadsheet.talk.wordmatch.terms import EXACT, PREFIX

_GAP = r"[^\p{L}]{0,3}"  # digits, punctuation, symbols or spaces slipped inside a word
_JAMO_ONLY = regex.compile(r"[\u3131-\u3163]+")
_LETTER = regex.compile(r"\p{L}")
_HANGUL = regex.compile(r"\p{Hangul}")
_lock = threading.Lock()


@functools.cache
def kiwi() -> Kiwi:
    """The analyser, once per process (~330 MB resident, ~1 s to load; docs/talk.md)."""
    return Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)


@functools.lru_cache(maxsize=64)
def analyse(folded: str) -> tuple[frozenset[int], frozenset[int], tuple[str, ...]]:
    """Where Kiwi's morphemes start and end in `folded` (character offsets), and their forms."""
    with _lock:
        found = kiwi().tokenize(folded)
    starts = frozenset(t.start for t in found)
    ends = frozenset(t.start + t.len for t in found)
    return starts, ends, tuple(t.form for t in found)


@functools.lru_cache(maxsize=4096)
def pattern(term: str) -> regex.Pattern:
    letters = [ch for ch in term if not ch.isspace()]
    return regex.compile(_GAP.join(regex.escape(ch) for ch in letters))


def _word_start(text: str, at: int) -> bool:
    return at == 0 or not _LETTER.match(text[at - 1])


def _word_end(text: str, at: int) -> bool:
    return at >= len(text) or not _LETTER.match(text[at])


def find(folded: str, term: str, mode: str) -> str | None:
    """The matched text when `term` (folded Hangul) occurs in `folded` as `mode` asks."""
    if not term.strip():
        return None
    jamo = bool(_JAMO_ONLY.fullmatch(term.replace(" ", "")))
    for match in pattern(term).finditer(folded, overlapped=True):
        start, end = match.span()
        if jamo:
            # Jamo spellings (ㅅㅂ) are not words Kiwi knows: a listed one counts anywhere
            # in a run of jamo, or only as the whole run in exact mode.
            if mode != EXACT or (_word_start(folded, start) and _word_end(folded, end)):
                return match.group(0)
            continue
        if _accepts(folded, start, end, mode):
            return match.group(0)
    if jamo or mode == EXACT or not _HANGUL.search(folded):
        return None
    # A stem written in another form: 역겹 is the morpheme of 역겨워, 처먹 of 처먹어라.
    key = term.replace(" ", "")
    for form in analyse(folded)[2]:
        if form == key or (mode == PREFIX and form.startswith(key)):
            return form
    return None


def _accepts(folded: str, start: int, end: int, mode: str) -> bool:
    at_word_start = _word_start(folded, start)
    at_word_end = _word_end(folded, end)
    if any(ch.isspace() for ch in folded[start:end]) and not at_word_start:
        return False  # spaced-out letters count only from the start of a word
    if mode == EXACT:
        return at_word_start and at_word_end
    starts, ends, _forms = analyse(folded)
    if not (at_word_start or start in starts):
        return False
    return mode == PREFIX or at_word_end or end in ends
