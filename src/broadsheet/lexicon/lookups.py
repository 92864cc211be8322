"""Dictionary lookups as the site needs them: one answer for the API, the page and My words.

The engine (``broadsheet.lexicon.engine``) knows nothing of Django; this module asks it
through this process's index (``runtime.open_lexicon``), scopes lookups to an article for
its glossary, words the engine's notes in the reader's language, and turns a LookupResult
into the dict that ``lexicon/includes/answer.html`` renders for the page and the API.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from broadsheet.lexicon import engine
from broadsheet.lexicon.engine import MAX_LENGTH, InvalidQuery, LookupResult, Note, normalize
from broadsheet.lexicon.runtime import open_lexicon

MAX_CONTEXT_LENGTH = 2000
ANSWER_TEMPLATE = "lexicon/includes/answer.html"
NOT_FOUND_TEMPLATE = "lexicon/includes/not_found.html"


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
    return engine.lookup(open_lexicon(), text, clean_context(context), scope=article_id)


def suggestions(text: str) -> list[str]:
    """Close spellings of a word the dictionary lacks."""
    return engine.suggest(open_lexicon(), text)


def headword_of(text: str) -> str:
    """The normalised text, for headings of answers that found nothing."""
    try:
        return normalize(text).text
    except InvalidQuery:
        return text.strip()[:MAX_LENGTH]


def page_url(text: str, context: str | None = None) -> str:
    url = reverse("lexicon:word", kwargs={"word": text})
    return f"{url}?{urlencode({'context': context})}" if context else url


def reader_note(note: Note | None) -> str | None:
    """The engine's note (a code and its data) in the reader's language."""
    if note is None:
        return None
    data = note.data
    if note.code == "compound":
        return (
            _(
                "“%(word)s” is not in the dictionary. It is made of “%(first)s” and "
                "“%(second)s”; the meanings shown are those of the two words."
            )
            % data
        )
    if note.code == "derived":
        return _(
            "“%(word)s” is not in the dictionary. It is formed from “%(base)s” "
            "(%(steps)s); the meanings shown are those of “%(base)s”."
        ) % {"word": data["word"], "base": data["base"], "steps": " → ".join(data["chain"])}
    if note.code == "phrase_parts":
        return _(
            "“%(phrase)s” is not in the dictionary as a phrase; here are its words: %(words)s."
        ) % {"phrase": data["phrase"], "words": ", ".join(data["words"])}
    if note.code == "abbreviation_or_name":
        return _("Not in the dictionary; this looks like an abbreviation or a name.")
    if note.code == "name":
        return _("Not in the dictionary; this looks like a name.")
    if note.code == "name_part":
        return _("“%(word)s” is part of the name “%(name)s”.") % data
    raise ValueError(f"no wording for the note code {note.code!r}")


def language_name(code: str) -> str:
    """The language's name in the reader's language ("Korean", "한국어"); the code if unknown."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def glosses_for_reader(glosses, language: str | None = None) -> list[dict[str, str]]:
    """Glosses as {language, language_name, text}, the reader's language first."""
    base = (language or get_language() or "en").split("-")[0].lower()
    out = [
        {"language": g.language, "language_name": language_name(g.language), "text": g.text}
        for g in glosses
    ]
    return sorted(out, key=lambda g: g["language"].split("-")[0].lower() != base)


def as_dict(result: LookupResult) -> dict[str, Any]:
    """The JSON-ready answer (the API's LookupOut schema, html aside)."""
    glossary = result.glossary
    glosses = glosses_for_reader(glossary.glosses) if glossary is not None else []
    glossary_out = None
    if glossary is not None:
        glossary_out = {
            "term": glossary.term,
            "kind": getattr(glossary, "kind", "term"),
            "explanation": glossary.explanation,
            "glosses": glosses,
            "source": glossary.source,
            "article_specific": getattr(glossary, "article_id", None) is not None,
        }
    difficulty = result.difficulty
    note = result.note
    return {
        "headword": result.headword,
        "lemma": result.lemma,
        "kind": result.kind,
        "note": reader_note(note),
        "note_code": note.code if note else None,
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
        "glosses": glosses,
        "derived_from": list(result.derived_from),
        "phrases": [
            {"text": phrase, "url": page_url(phrase)}
            for phrase in result.phrases
            if result.expression is None or phrase != result.expression.lemma
        ],
        "expression": expression_dict(result),
        "url": page_url(result.headword),
    }


def expression_dict(result: LookupResult) -> dict[str, Any] | None:
    """The expression the word belongs to in its sentence, its best sense first."""
    found = result.expression
    if found is None:
        return None
    return {
        "lemma": found.lemma,
        "pos": found.pos,
        "words": list(found.words),
        "offsets": list(found.offsets),
        "separated": found.separated,
        "senses": [
            {"key": s.key, "pos": s.pos, "definition": s.definition, "examples": list(s.examples)}
            for s in found.senses
        ],
        "url": page_url(found.lemma),
    }


def answer_html(answer: dict[str, Any]) -> str:
    """The answer as the no-JavaScript page shows it (the popup shows the same HTML).

    Rendered without the request: the fragment needs only the reader's language, and the
    site's context processors (navigation, settings) would slow every lookup down."""
    context = {"answer": answer, "LANGUAGE_CODE": get_language()}
    return render_to_string(ANSWER_TEMPLATE, context)


def not_found_html(suggestions: list[str]) -> str:
    """The word page's "not in the dictionary" part, with its close spellings."""
    return render_to_string(NOT_FOUND_TEMPLATE, {"suggestions": suggestions})


def best_definition(result: LookupResult | None) -> tuple[str, str]:
    """One line that explains the word, for "My words" and its exports, and its language:
    English from the dictionary, the reader's language for the dictionary's own note."""
    if result is None:
        return "", "en"
    if result.glossary is not None and result.glossary.explanation:
        return result.glossary.explanation, "en"
    if result.senses:
        return result.senses[0].definition, "en"
    if result.function_gloss is not None:
        return result.function_gloss.gloss, "en"
    if result.card:
        return result.card, "en"
    note = reader_note(result.note)
    return (note, get_language() or "en") if note else ("", "en")
