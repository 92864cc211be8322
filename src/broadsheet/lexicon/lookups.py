"""Dictionary lookups as the web side needs them: one answer shape for the API and the page.

The pure-Python core (services.py) knows nothing of Django; this module points it at the
data directory from settings, scopes lookups to an article for its glossary, and turns a
LookupResult into the JSON-ready dict that the API returns and the no-JS page renders.
"""

from __future__ import annotations

import threading
import unicodedata
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from broadsheet.lexicon import services
from broadsheet.lexicon.normalize import MAX_LENGTH, InvalidQuery, normalize
from broadsheet.lexicon.services import LookupResult

MAX_CONTEXT_LENGTH = 2000

_configured = threading.Event()
_configure_lock = threading.Lock()


def _lexicon() -> services.Lexicon:
    """The shared index under settings.DATA_DIR (opened once per process)."""
    if not _configured.is_set():
        with _configure_lock:
            if not _configured.is_set():
                services.configure(settings.DATA_DIR)
                _configured.set()
    return services.get_lexicon()


def invalid_message(text: str) -> str:
    """Why text cannot be looked up, in the reader's language."""
    if not isinstance(text, str) or not text.strip():
        return _("Type a word or phrase to look up.")
    if len(text) > MAX_LENGTH:
        return _("That is too long to look up: at most %(max)d characters.") % {"max": MAX_LENGTH}
    if any(
        unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n" for ch in text
    ):
        return _("That text contains control or invalid characters.")
    return _("That is not a word or phrase the dictionary can look up.")


def clean_context(context: str | None) -> str | None:
    """The sentence a word was met in, bounded and without control characters."""
    if not context:
        return None
    context = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in context[:MAX_CONTEXT_LENGTH]
    )
    context = " ".join(context.split())
    return context or None


def look_up(
    text: str, context: str | None = None, article_id: int | None = None
) -> LookupResult | None:
    """The dictionary's answer for text (glossary first); raises InvalidQuery."""
    return services.lookup(text, clean_context(context), scope=article_id, lexicon=_lexicon())


def suggestions(text: str) -> list[str]:
    try:
        return services.suggest(text, lexicon=_lexicon())
    except InvalidQuery:
        return []


def headword_of(text: str) -> str:
    """The normalised text, for headings of answers that found nothing."""
    try:
        return normalize(text).text
    except InvalidQuery:
        return text.strip()[:MAX_LENGTH]


def page_url(text: str, context: str | None = None) -> str:
    url = reverse("lexicon:word", kwargs={"word": text})
    return f"{url}?{urlencode({'context': context})}" if context else url


def reader_note(result: LookupResult) -> str | None:
    """The answer's note in the reader's language (the core writes it in English)."""
    if not result.note:
        return None
    word, chain = result.headword, result.derived_from
    if result.kind == "derived" and len(chain) == 3 and chain[1] + chain[2] == chain[0]:
        return _("“%(word)s” is not in the dictionary. It is made of “%(first)s” and "
                 "“%(second)s”; the meanings shown are those of the two words.") % {
            "word": word, "first": chain[1], "second": chain[2]}
    if result.kind == "derived" and chain:
        return _("“%(word)s” is not in the dictionary. It is formed from “%(base)s” "
                 "(%(steps)s); the meanings shown are those of “%(base)s”.") % {
            "word": word, "base": chain[-1], "steps": " → ".join(chain)}
    if result.kind == "phrase" and result.parts:
        return _("“%(phrase)s” is not in the dictionary as a phrase; here are its words: "
                 "%(words)s.") % {"phrase": word,
                                  "words": ", ".join(p.lemma for p in result.parts)}
    if result.kind == "name":
        if len(word) > 1 and word.isupper():
            return _("Not in the dictionary; this looks like an abbreviation or a name.")
        return _("Not in the dictionary; this looks like a name.")
    return result.note


def as_dict(result: LookupResult) -> dict[str, Any]:
    """The JSON-ready answer (the API's LookupOut schema)."""
    glossary = result.glossary
    glossary_out = None
    if glossary is not None:
        glossary_out = {
            "term": glossary.term,
            "kind": getattr(glossary, "kind", "term"),
            "explanation": glossary.explanation,
            "korean": glossary.korean or None,
            "source": glossary.source,
            "article_specific": getattr(glossary, "article_id", None) is not None,
        }
    difficulty = result.difficulty
    return {
        "headword": result.headword,
        "lemma": result.lemma,
        "kind": result.kind,
        "note": reader_note(result),
        "card": result.card,
        "parts_of_speech": list(result.parts_of_speech),
        "pronunciations": [
            {"word": p.word, "arpabet": p.arpabet, "ipa": p.ipa} for p in result.pronunciations
        ],
        "senses": [
            {
                "key": s.key,
                "pos": s.pos,
                "definition": s.definition,
                "examples": list(s.examples),
                "synonyms": list(s.synonyms),
                "lemma": s.lemma,
                "score": s.score,
            }
            for s in result.senses
        ],
        "context_ranked": result.context_ranked,
        "difficulty": (
            {"level": difficulty.level, "zipf": difficulty.zipf} if difficulty else None
        ),
        "function_gloss": (
            {"pos": result.function_gloss.pos, "gloss": result.function_gloss.gloss}
            if result.function_gloss
            else None
        ),
        "glossary": glossary_out,
        "korean": glossary.korean if glossary is not None and glossary.korean else None,
        "derived_from": list(result.derived_from),
        "phrases": [{"text": phrase, "url": page_url(phrase)} for phrase in result.phrases],
        "url": page_url(result.headword),
    }


def best_definition(result: LookupResult | None) -> str:
    """One line that explains the word, for "My words" and its exports."""
    if result is None:
        return ""
    if result.glossary is not None and result.glossary.explanation:
        return result.glossary.explanation
    if result.senses:
        return result.senses[0].definition
    if result.function_gloss is not None:
        return result.function_gloss.gloss
    return result.card or result.note or ""
