"""The engine's word lists, read once from the data files in ``engine/data/``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    """Tab-separated fields of each line of a data file; # comments and blank lines skipped."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.split("\n") if line.strip() and not line.startswith("#")
    ]


@cache
def function_words() -> dict[str, tuple[str, str]]:
    """word -> (part of speech, learner's gloss) for words WordNet lacks ("the", "amid")."""
    return {word: (pos, gloss) for word, pos, gloss in _rows("function_words.tsv")}


@cache
def pos_cues() -> dict[str, str]:
    """previous word -> the part of speech it suggests for the next one ("n" or "v")."""
    return {word: pos for word, pos in _rows("pos_cues.tsv")}


@cache
def suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, replacement) pairs that derivation strips, in the order tried."""
    return tuple((suffix, repl) for suffix, repl in _rows("suffixes.tsv"))


@cache
def prefixes() -> tuple[str, ...]:
    """Prefixes that derivation strips, in the order tried."""
    return tuple(row[0] for row in _rows("prefixes.txt"))
