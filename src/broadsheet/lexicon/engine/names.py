"""Names in a sentence: a person, organisation or place is a name, not dictionary words.

"Yongin" is not "yon" + "gin", and "Lee" in "Lee Hye-hoon" is not the physicist the
dictionary knows. The signals, all read from the sentence and the word itself:

* a run of capitalised words ("Lee Hye-hoon", "Yang Gi-chan", "Bank of Korea"), after any
  function word that opens a sentence ("The");
* a capitalised word that does not open its sentence;
* a capitalised word spelt as romanised Korean syllables ("Yongin", "Hye-hoon").

The dictionary's own proper nouns (WordNet's instance nouns: "Vladivostok", "Seoul") are
answered with their card by lookup.py; this module only says where a name is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from broadsheet.lexicon.engine.normalize import clean, tokenize
from broadsheet.lexicon.engine.phrases import MAX_TOKENS, word_index, word_set
from broadsheet.lexicon.engine.wordlists import function_words

MAX_RUN = 6  # words of a name run ("Ministry of Oceans and Fisheries" is cut, not misread)
MAX_ROMANISED = 30  # longer words are not checked as romanised Korean
NAME_JOINERS = frozenset({"of"})
# Titles before a name are not part of it ("President Yoonsuk", "Minister Nam Gi-tae").
TITLES = word_set(
    "president minister prime vice deputy foreign finance unification defence defense "
    "mr mrs ms dr prof professor chairman chairwoman chair governor mayor senator "
    "representative lawmaker ambassador envoy general judge justice coach captain king "
    "queen prince princess pope reverend"
)  # "Bank of Korea", "Ministry of Unification"

# Syllables of romanised Korean (Revised Romanization, and the older spellings names keep:
# "Hoon", "Soo", "Lee", "Kyung"). Written for the project.
_INITIALS = [*word_set("kk tt pp ss jj ch sh rh g k n d t r l m b p s j h w y"), ""]
_VOWELS = list(
    word_set("ae eo eu ui oe oi wa wae wo we wi ya yae yeo ye yo yu oo ou ee ea a e i o u")
)
_FINALS = [*word_set("ng n m l k p t g b r h rk"), ""]
_SYLLABLES = frozenset(i + v + f for i in _INITIALS for v in _VOWELS for f in _FINALS)
_LONGEST = max(map(len, _SYLLABLES))
_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def _syllables(part: str) -> bool:
    """Whether part splits wholly into romanised Korean syllables (linear: a table of
    reachable positions, each tried with syllables of at most _LONGEST letters)."""
    reach = [True] + [False] * len(part)
    for i in range(len(part)):
        if not reach[i]:
            continue
        for n in range(1, _LONGEST + 1):
            if i + n <= len(part) and part[i : i + n] in _SYLLABLES:
                reach[i + n] = True
    return reach[-1]


def romanised_korean(word: str) -> bool:
    """ "Yongin", "Hye-hoon", "Gi-chan": every hyphen-separated part is romanised Korean."""
    parts = word.lower().split("-")
    if len(word) > MAX_ROMANISED or not all(_LETTERS.fullmatch(p) for p in parts):
        return False
    return all(_syllables(p) for p in parts)


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def name_run(context: str | None, headword: str) -> str | None:
    """The run of two or more capitalised words around headword in its sentence ("Lee
    Hye-hoon"), "of" allowed inside it; None when headword stands alone or is not there."""
    if not context or " " in headword.strip():
        return None
    text = clean(context)
    idx = word_index(text, headword)
    toks = tokenize(text)[:MAX_TOKENS]
    if idx is None or not _capitalised(toks[idx][0]):
        return None

    def joined(a: int, b: int) -> bool:
        return all(ch in " -'" for ch in text[toks[a][2] : toks[b][1]])

    lo = idx
    while lo > 0 and idx - lo < MAX_RUN and joined(lo - 1, lo):
        prev = toks[lo - 1][0]
        if _capitalised(prev):
            lo -= 1
        elif prev in NAME_JOINERS and lo > 1 and _capitalised(toks[lo - 2][0]):
            lo -= 2
        else:
            break
    hi = idx
    while hi + 1 < len(toks) and hi - idx < MAX_RUN and joined(hi, hi + 1):
        nxt = toks[hi + 1][0]
        if _capitalised(nxt):
            hi += 1
        elif nxt in NAME_JOINERS and hi + 2 < len(toks) and _capitalised(toks[hi + 2][0]):
            hi += 2
        else:
            break
    fw = function_words()
    while lo < idx and (toks[lo][0].lower() in fw or toks[lo][0].rstrip(".").lower() in TITLES):
        lo += 1  # "The" opening a sentence, "President" before a name
    if hi == lo:
        return None
    return text[toks[lo][1] : toks[hi][2]].rstrip(".")
