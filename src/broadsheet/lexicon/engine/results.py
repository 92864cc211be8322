"""What the engine answers: plain frozen dataclasses, no text meant for readers but the
dictionary's own (definitions, glosses); notes are codes with data, worded by the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pronunciation:
    word: str
    arpabet: str  # "T AO1 K"
    ipa: str  # "/tɔk/"


@dataclass(frozen=True)
class Sense:
    key: str | None  # WordNet 3.0 sense key, e.g. "long%3:00:02::"
    pos: str  # noun, verb, adjective, adverb
    definition: str
    examples: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    lemma: str = ""
    score: float | None = None  # fit to the context (higher is better), when ranked


@dataclass(frozen=True)
class Difficulty:
    level: str  # A1 ... C2 (an estimate from word frequency)
    zipf: float  # Zipf frequency of the word (wordfreq); 0 when unknown


@dataclass(frozen=True)
class FunctionGloss:
    pos: str
    gloss: str


@dataclass(frozen=True)
class Note:
    """Why the answer is not a plain entry, as a code and its data (the site words it).

    Codes: ``derived`` {word, base, chain}, ``compound`` {word, first, second},
    ``phrase_parts`` {phrase, words}, ``name`` {word}, ``abbreviation_or_name`` {word},
    ``name_part`` {word, name} (a word of a name the dictionary lacks: "Lee Hye-hoon").
    """

    code: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Gloss:
    """A translation of a term into one language ("ko", "ja"...)."""

    language: str
    text: str


@dataclass(frozen=True)
class GlossaryQuery:
    text: str  # normalised text as the reader selected it: "NIS", "six-party talks"
    lemmas: tuple[str, ...]  # dictionary forms the lexicon found, if any
    context: str | None
    scope: object | None  # whatever the caller passed (e.g. an article id)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    explanation: str
    glosses: tuple[Gloss, ...] = ()
    source: str = "editorial"

    def gloss_in(self, language: str) -> str | None:
        """The gloss in a language ("ko" also matches "ko-KR"), or None."""
        base = language.split("-")[0].lower()
        for gloss in self.glosses:
            if gloss.language.split("-")[0].lower() == base:
                return gloss.text
        return None


@dataclass(frozen=True)
class ExpressionMatch:
    """The expression of the sentence the looked-up word belongs to ("call off" for
    "called" in "they called it off"), with its senses ordered by fit to the sentence."""

    lemma: str  # dictionary form: "call off"
    pos: str  # verb, adverb, adjective
    words: tuple[str, ...]  # its words as written in the sentence: ("called", "off")
    offsets: tuple[int, ...]  # their word positions relative to the looked-up word (0)
    separated: bool  # an object stands between its words ("called [it] off")
    senses: tuple[Sense, ...] = ()


@dataclass(frozen=True)
class LookupResult:
    headword: str  # as written (normalised): "Pyongyang", "intervened"
    lemma: str  # dictionary form: "Pyongyang", "intervene"
    kind: str  # word | phrase | function_word | name | derived | glossary
    parts_of_speech: tuple[str, ...] = ()
    pronunciations: tuple[Pronunciation, ...] = ()
    senses: tuple[Sense, ...] = ()
    difficulty: Difficulty | None = None
    note: Note | None = None
    function_gloss: FunctionGloss | None = None
    card: str | None = None  # one-line card for names: "Vladivostok: a seaport in ..."
    glossary: GlossaryEntry | None = None
    derived_from: tuple[str, ...] = ()  # derivation chain for kind "derived"
    context_ranked: bool = False  # senses are ordered by fit to the context
    parts: tuple[LookupResult, ...] = ()  # the words of a phrase the dictionary lacks
    # multi-word expressions of the context that contain the word ("carry out" for "out"
    # in "police carried out raids"): offer them, the reader may have meant the phrase
    phrases: tuple[str, ...] = ()
    # the expression the word belongs to in the sentence: its senses come first
    expression: ExpressionMatch | None = None
