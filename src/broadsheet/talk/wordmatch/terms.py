"""A word list entry: the term, how it matches, and the policy clause it cites."""

from __future__ import annotations

from dataclasses import dataclass

WORD = "word"  # the term as a whole word: Korean morphemes/eojeol, English word + inflections
PREFIX = "prefix"  # words that start with the term (a stem: "fuck" finds "fucking")
EXACT = "exact"  # only the term standing alone, nothing attached
MODES = (WORD, PREFIX, EXACT)


@dataclass(frozen=True)
class Term:
    text: str
    mode: str = WORD
    clause: str = ""  # empty: the clause of the list's rule

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown match mode {self.mode!r}; one of {', '.join(MODES)}")

    def __str__(self) -> str:
        return self.text


def as_term(entry: str | Term) -> Term:
    """A plain string is a term in `word` mode."""
    return entry if isinstance(entry, Term) else Term(entry)
