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
_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TRIM = regex.compile(f"^[{_SPACE}]+|[{_SPACE}]+$")


def normalise_text(text: str) -> str:
    """The stored form of a comment: NFC, LF line endings, no outer whitespace."""
    return _TRIM.sub("", unicodedata.normalize("NFC", _NEWLINES.sub("\n", text)))


def count_characters(text: str) -> int:
    """User-perceived characters of `text` as it will be stored."""
    return len(_GRAPHEME.findall(normalise_text(text)))


def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)
