"""An article's vocabulary profile: its level on the A1-C2 scale and the words to know.

``profile_text(lex, text)`` reads an article's plain text once (at publish, never per
request). Running words are the article's words lemmatised with the index's morphy, with
numbers and names left out: a capitalised word inside a sentence, an acronym, and a
capitalised sentence opener that the article never writes in lower case and that is
followed by a capitalised word or is written capitalised inside a sentence; a word neither
the index nor wordfreq knows is left out too. Each running word gets the level
``lookup.level_for`` gives the larger Zipf frequency of its form and its dictionary form
(the scale the popup shows). The article's level is the lowest level at or below which
``COVERAGE`` (95 %) of its running words lie. For a learner at level L, the words to know
are the article's rarest dictionary words above L, each with the first sentence it is met
in and the sense the dictionary's context ranking puts first there (a normal ``lookup``
with that sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from broadsheet.lexicon.engine.context import context_window, find_target
from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.lookup import level_for, lookup
from broadsheet.lexicon.engine.normalize import clean, tokenize
from broadsheet.lexicon.engine.wordlists import function_words

LEVEL_NAMES = ("A1", "A2", "B1", "B2", "C1", "C2")
COVERAGE = 0.95  # share of running words the article's level must cover
SENTENCE_WORDS = 25  # words kept on each side of a word in its stored sentence
# A sentence ends at . ! or ? (and closing quotes or brackets) before a space, unless the
# word before it is an abbreviation ("Mr.", "U.S.").
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|No|Jr|Sr)\.")


@dataclass(frozen=True)
class WordToKnow:
    word: str  # as the article writes it: "brinkmanship"
    lemma: str  # the dictionary's form
    level: str  # A1 ... C2
    zipf: float
    before: str  # the sentence around the word: before + word + after
    after: str
    sense: str  # the definition the context ranking puts first for this sentence
    pos: str  # its part of speech ("noun"), "" for a glossary explanation


@dataclass(frozen=True)
class VocabularyProfile:
    level: str  # the article's level
    running_words: int  # words counted (names, numbers and unknown words left out)
    left_out: int  # names, numbers and words neither the index nor wordfreq knows
    truncated: bool  # the text had more than max_words words; the rest was not read
    words: dict[str, tuple[WordToKnow, ...]] = field(default_factory=dict)  # learner level ->


@dataclass
class _Candidate:
    key: str
    zipf: float
    token: str
    sentence: str


def sentences(text: str) -> list[str]:
    """The text's sentences, paragraph by paragraph (blank lines end a paragraph)."""
    out: list[str] = []
    for paragraph in clean(text).split("\n\n"):
        paragraph = " ".join(paragraph.split())
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            last = paragraph[start : match.start() + 1].split()
            if last and _ABBREVIATION.fullmatch(last[-1]):
                continue
            out.append(paragraph[start : match.end()].strip())
            start = match.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _dictionary_form(lex: Lexicon, word: str) -> str | None:
    """The first dictionary form of word, the word itself for a function word, else None."""
    if word in function_words():
        return word
    for forms in lex.lemmas(word).values():
        return forms[0]
    return None


def _is_name(word: str, at_start: bool, lowercase_seen: set[str], names: set[str]) -> bool:
    if word == "I":
        return False
    if any(c.isupper() for c in word[1:]):
        return True  # "NATO", "McCain", "KOSPI"
    if not word[:1].isupper():
        return False
    if not at_start:
        return True
    return word.lower() not in lowercase_seen and word in names


def profile_text(
    lex: Lexicon,
    text: str,
    *,
    learner_levels: tuple[str, ...] = ("A2", "B1", "B2", "C1"),
    per_level: int = 10,
    max_words: int = 5000,
    scope: object | None = None,
) -> VocabularyProfile:
    """The text's level and, per learner level, its ``per_level`` words to know.

    Reads at most ``max_words`` words; makes at most ``2 * per_level * len(learner_levels)``
    lookups (a word the dictionary cannot explain in its sentence is skipped). ``scope``
    goes to the lookups for the glossary (the article's id).
    """
    tokenised: list[tuple[str, list[str]]] = []
    seen, truncated = 0, False
    for sentence in sentences(text):
        if seen >= max_words:
            truncated = True
            break
        words = [re.sub(r"'s?$", "", t.rstrip(".")) for t, _s, _e in tokenize(sentence)]
        words = [w for w in words if w]
        truncated = truncated or seen + len(words) > max_words
        tokenised.append((sentence, words[: max_words - seen]))
        seen += len(words)
    lowercase_seen = {w for _s, ws in tokenised for w in ws if w[:1].islower()}
    # Capitalised inside a sentence, or opening one before another capitalised word ("Lee
    # Hye-hoon met..."): a name wherever the article writes it so.
    names = {
        w
        for _s, ws in tokenised
        for i, w in enumerate(ws)
        if w[:1].isupper() and (i or (len(ws) > 1 and ws[1][:1].isupper()))
    }

    per_level_count = dict.fromkeys(LEVEL_NAMES, 0)
    candidates: dict[str, _Candidate] = {}
    left_out = 0
    for sentence, words in tokenised:
        for i, token in enumerate(words):
            if any(c.isdigit() for c in token) or _is_name(token, i == 0, lowercase_seen, names):
                left_out += 1
                continue
            for word in _parts(lex, token.lower()):
                lemma = _dictionary_form(lex, word)
                zipf = max(lex.zipf(word), lex.zipf(lemma) if lemma else 0.0)
                if zipf <= 0.0:
                    left_out += 1
                    continue
                per_level_count[level_for(zipf)] += 1
                key = lemma or word
                if key not in candidates:
                    written = word if token.lower() != word or i == 0 else token
                    candidates[key] = _Candidate(key, zipf, written, sentence)
    running = sum(per_level_count.values())
    return VocabularyProfile(
        level=_level(per_level_count, running),
        running_words=running,
        left_out=left_out,
        truncated=truncated,
        words=_words_to_know(lex, candidates, learner_levels, per_level, scope),
    )


def _parts(lex: Lexicon, word: str) -> list[str]:
    """A hyphenated word the dictionary lacks counts as its parts ("six-party")."""
    if "-" not in word or _dictionary_form(lex, word):
        return [word]
    return [part for part in word.split("-") if part]


def _level(per_level_count: dict[str, int], running: int) -> str:
    covered = 0
    for level in LEVEL_NAMES:
        covered += per_level_count[level]
        if running and covered >= COVERAGE * running:
            return level
    return LEVEL_NAMES[0] if not running else LEVEL_NAMES[-1]


def _words_to_know(
    lex: Lexicon,
    candidates: dict[str, _Candidate],
    learner_levels: tuple[str, ...],
    per_level: int,
    scope: object | None,
) -> dict[str, tuple[WordToKnow, ...]]:
    rarest = sorted(candidates.values(), key=lambda c: (c.zipf, c.key))
    explained: dict[str, WordToKnow | None] = {}
    budget = 2 * per_level * len(learner_levels)
    out: dict[str, tuple[WordToKnow, ...]] = {}
    for learner in learner_levels:
        rank = LEVEL_NAMES.index(learner)
        chosen: list[WordToKnow] = []
        for candidate in rarest:
            if len(chosen) == per_level or LEVEL_NAMES.index(level_for(candidate.zipf)) <= rank:
                break
            if candidate.key not in explained:
                if budget == 0:
                    break
                budget -= 1
                explained[candidate.key] = _explain(lex, candidate, scope)
            word = explained[candidate.key]
            if word is not None:
                chosen.append(word)
        out[learner] = tuple(chosen)
    return out


def _explain(lex: Lexicon, candidate: _Candidate, scope: object | None) -> WordToKnow | None:
    """The word in its sentence as the dictionary explains it there; None for a name, a
    compound explained by its parts, or a word it cannot explain."""
    sentence = context_window(candidate.sentence, candidate.token, SENTENCE_WORDS)
    result = lookup(lex, candidate.token, sentence, scope=scope)
    if result is None or result.kind == "name":
        return None
    if result.note is not None and result.note.code == "compound":
        return None  # its senses are its parts' ("chip", "maker"), not its own
    if result.senses:
        sense, pos = result.senses[0].definition, result.senses[0].pos
    elif result.glossary is not None and result.glossary.explanation:
        sense, pos = result.glossary.explanation, ""
    else:
        return None
    span = find_target(sentence, candidate.token) or (0, 0)
    return WordToKnow(
        word=sentence[span[0] : span[1]] or candidate.token,
        lemma=result.lemma,
        level=level_for(candidate.zipf),
        zipf=round(candidate.zipf, 2),
        before=sentence[: span[0]],
        after=sentence[span[1] :],
        sense=sense,
        pos=pos,
    )
