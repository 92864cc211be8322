"""Matching word list entries against a comment, as words (plain Python, no Django).

`find_term(text, terms)` returns the first entry that occurs in `text` and the words that
matched. Korean entries go through korean.py (Kiwi's morpheme boundaries), Latin-script ones
through english.py (whole words and inflections); both search the same folded text
(fold.py), so the disguises readers use are undone once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from broadsheet.talk.wordmatch import english, korean
from broadsheet.talk.wordmatch.fold import fold, has_hangul, tokens
from broadsheet.talk.wordmatch.terms import EXACT, MODES, PREFIX, WORD, Term, as_term

__all__ = [
    "EXACT",
    "MODES",
    "PREFIX",
    "WORD",
    "Term",
    "as_term",
    "contains_term",
    "find_term",
    "fold",
    "tokens",
]


_LATIN = regex.compile(r"[a-z]")


def find_term(text: str, entries: Iterable[str | Term]) -> tuple[Term, str] | None:
    """The first entry found in `text`, with the text it matched, or None."""
    folded: str | None = None
    text_tokens: list[str] | None = None
    readings: list[list[str]] = []
    text_has_latin = False
    for entry in entries:
        term = as_term(entry)
        key, korean_term = _key(term.text)
        if not key:
            continue
        if korean_term:
            folded = fold(text) if folded is None else folded
            found = korean.find(folded, key, term.mode)
        else:
            if text_tokens is None:
                text_tokens = tokens(text)
                apart = tokens(text, article_apart=True)
                readings = [text_tokens] if apart == text_tokens else [text_tokens, apart]
                text_has_latin = any(_LATIN.search(t) for t in text_tokens)
            if _LATIN.search(key) and not text_has_latin:
                found = None  # a Latin-script term cannot match a text without Latin letters
            else:
                found = next(
                    (f for r in readings if (f := english.find(r, term.text, term.mode))), None
                )
        if found is not None:
            return term, found
    return None


@functools.lru_cache(maxsize=8192)
def _key(term: str) -> tuple[str, bool]:
    key = fold(term).strip()
    return key, has_hangul(key)


def contains_term(text: str, entry: str | Term) -> bool:
    """Whether one list entry occurs in `text`."""
    return find_term(text, (entry,)) is not None
