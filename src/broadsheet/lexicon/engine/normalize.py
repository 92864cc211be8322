"""Turn what a reader selected into clean text to look up.

``normalize("“Pyongyang’s”")`` gives ``Normalized(text="Pyongyang", ...)``: NFC, curly
quotes and apostrophes made straight, dashes unified, surrounding punctuation and a final
possessive ('s or a bare ') removed, inner whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 64

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\uff07": "'", "\u0060": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",  "\u00ad": "",
    }
)  # fmt: skip

# Characters trimmed from both ends of a selection.
_EDGE = " \t\n\"'.,;:!?()[]{}<>*_/\\|~…-"
_EDGE_NO_DOT = _EDGE.replace(".", "")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{1,3}\.")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])'s$|(?<=s)'$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*\.?")


class InvalidQuery(ValueError):
    """The text cannot be looked up (empty, too long, control characters...)."""


@dataclass(frozen=True)
class Normalized:
    text: str  # cleaned, case kept: "Pyongyang", "carry out", "six-party"
    tokens: tuple[str, ...]  # words of text: ("carry", "out")
    possessive: bool  # a possessive ending was removed

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1 or " " in self.text

    @property
    def capitalised(self) -> bool:
        return bool(self.text[:1].isupper())


def clean(text: str) -> str:
    """NFC, straight quotes, unified dashes and spaces (no trimming)."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATE)


def validate(text: str) -> None:
    if not isinstance(text, str):
        raise InvalidQuery("The text to look up must be a string.")
    if not text.strip():
        raise InvalidQuery("The text to look up is empty.")
    if len(text) > MAX_LENGTH:
        raise InvalidQuery(f"The text to look up is longer than {MAX_LENGTH} characters.")
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n":
            raise InvalidQuery("The text to look up contains control or invalid characters.")


def normalize(text: str) -> Normalized:
    """Clean a selection. Raises InvalidQuery for text that cannot be a word or phrase."""
    validate(text)
    s = clean(text)
    s = " ".join(s.split())
    prev = None
    possessive = False
    while s != prev:
        prev = s
        s = s.strip(_EDGE_NO_DOT)
        # keep the final period of an abbreviation such as "U.S." or "Oct."
        if not _ABBREVIATION.fullmatch(s):
            s = s.strip(".")
        new = _POSSESSIVE.sub("", s)
        if new != s:
            possessive = True
            s = new
    if not s or not any(ch.isalnum() for ch in s):
        raise InvalidQuery("The text to look up has no letters or digits.")
    tokens = tuple(t for t in re.split(r"\s+", s) if t)
    return Normalized(text=s, tokens=tokens, possessive=possessive)


def tokenize(sentence: str) -> list[tuple[str, int, int]]:
    """Words of a sentence with their character spans (after clean())."""
    s = clean(sentence)
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(s)]


def key(text: str) -> str:
    """WordNet's index form: lower case, spaces as underscores."""
    return "_".join(text.lower().split())
