"""Character counts as readers perceive them: extended grapheme clusters after NFC.

The browser counts the same way with Intl.Segmenter (static/talk/js/counter.mjs); the table
in tests/talk/counter_cases.json keeps the two in step.
"""

from __future__ import annotations

import unicodedata

import regex

_GRAPHEME = regex.compile(r"\X")
# Line endings arrive as CRLF from form posts and LF from fetch(); count them as one.
_NEWLINES = regex.compile(r"\r\n?")
# Trimmed at both ends: the same explicit set as counter.mjs (str.strip and JS trim differ).
# str.strip with this set is linear; an anchored regex alternative was quadratic on long runs.
_SPACE = (
    "\t\n\v\f\r \u0085\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# What extends a grapheme cluster after its base: combining marks, extenders, ZWJ.
_EXTENDER = r"[\p{M}\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}]"


def normalise_text(text: str) -> str:
    """The stored form of a comment: NFC, LF line endings, no outer whitespace.

    Callers bound the input first (screening.bounded_input): NFC reorders each run of
    combining marks, which costs the square of the run's length.
    """
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text)).strip(_SPACE)


def overloaded_character(text: str, limit: int) -> bool:
    """Whether some grapheme cluster of `text` carries too much: more than `limit` marks in a
    row, or more than twice `limit` code points in all (a thousand conjoining jamo or emoji
    chained with ZWJ make one "character" that carries no combining mark).

    Linear: the mark search gives up on each position after limit + 1 characters, and the
    clusters are read once, left to right.
    """
    if regex.search(f"{_EXTENDER}{{{limit + 1},}}", text) is not None:
        return True
    return any(len(cluster) > 2 * limit for cluster in _GRAPHEME.findall(text))


def count_characters(text: str) -> int:
    """User-perceived characters of `text` as it will be stored."""
    return len(_GRAPHEME.findall(normalise_text(text)))


def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)
