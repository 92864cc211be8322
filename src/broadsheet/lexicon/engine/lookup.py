"""lookup(): the dictionary's answer for a word or phrase, glossary providers first.

``lookup`` raises ``InvalidQuery`` (a ValueError) for text that cannot be looked up (empty,
longer than 64 characters, control characters, no letters or digits) and returns ``None``
when nothing at all is known about the text (then call ``suggest``).

Glossary hook: the site registers a provider with ``register_glossary_provider(fn)``.
``fn(query: GlossaryQuery) -> GlossaryEntry | None`` is called first on every lookup; an
entry it returns wins over the general dictionary (``kind == "glossary"``, the entry is in
``result.glossary`` and the dictionary's senses, if any, follow it). Providers are tried
in registration order; the first entry wins. A provider must be fast (it runs on every
lookup) and must not raise; an exception is logged and the provider skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from broadsheet.lexicon.engine import ranking
from broadsheet.lexicon.engine.context import is_sentence_start
from broadsheet.lexicon.engine.derivation import derive, known, split_compound
from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.morphy import POS_ORDER
from broadsheet.lexicon.engine.names import name_run, romanised_korean
from broadsheet.lexicon.engine.normalize import Normalized, clean, normalize
from broadsheet.lexicon.engine.phrases import (
    EXPRESSION_POS,
    expressions_at,
    phrases_in_context,
    word_index,
)
from broadsheet.lexicon.engine.pronounce import pronunciations
from broadsheet.lexicon.engine.results import (
    Difficulty,
    ExpressionMatch,
    FunctionGloss,
    GlossaryEntry,
    GlossaryQuery,
    LookupResult,
    Note,
    Sense,
)
from broadsheet.lexicon.engine.wordlists import function_words

log = logging.getLogger(__name__)

MAX_CONTEXT = 2000  # characters of context the engine reads
LEVELS = ((5.5, "A1"), (4.8, "A2"), (4.2, "B1"), (3.6, "B2"), (3.0, "C1"))
SENSES_PER_COMPOUND_PART = 3

GlossaryProvider = Callable[[GlossaryQuery], GlossaryEntry | None]
_providers: list[GlossaryProvider] = []


def register_glossary_provider(fn: GlossaryProvider) -> None:
    if fn not in _providers:
        _providers.append(fn)


def unregister_glossary_provider(fn: GlossaryProvider) -> None:
    if fn in _providers:
        _providers.remove(fn)


def level_for(zipf: float) -> str:
    for threshold, level in LEVELS:
        if zipf >= threshold:
            return level
    return "C2"


def _difficulty(zipf: float) -> Difficulty:
    return Difficulty(level_for(zipf), round(zipf, 2))


def lookup(
    lex: Lexicon, text: str, context: str | None = None, *, scope: object | None = None
) -> LookupResult | None:
    """Explain a word or phrase, senses ordered by fit to `context` (the sentence).

    Raises InvalidQuery for unusable text; returns None when nothing is known.
    """
    norm = normalize(text)
    if context is not None:
        context = context[:MAX_CONTEXT]
    result = _dictionary(lex, norm, context)
    if not _providers:
        return result
    query = GlossaryQuery(
        text=norm.text,
        lemmas=tuple(dict.fromkeys([result.lemma] if result else [])),
        context=context,
        scope=scope,
    )
    for provider in list(_providers):
        try:
            entry = provider(query)
        except Exception:  # a broken provider must not break the dictionary
            log.exception("glossary provider %r failed", provider)
            continue
        if entry is None:
            continue
        if result is None:
            return LookupResult(
                headword=norm.text, lemma=entry.term, kind="glossary", glossary=entry
            )
        if entry.source != "editorial":
            # a loaded bilingual glossary adds its glosses to the dictionary's answer; it
            # does not replace what the dictionary said (kind, note)
            return replace(result, glossary=entry)
        return replace(result, kind="glossary", glossary=entry, note=None)
    return result


def _forms(norm: Normalized) -> list[str]:
    text = norm.text
    forms = [text]
    if "-" in text:
        forms += [text.replace("-", " "), text.replace("-", "")]
    if "." in text and text.replace(".", "").isalpha():
        forms.append(text.replace(".", ""))
    return forms


def _is_acronym(headword: str) -> bool:
    return len(headword) > 1 and headword.isupper() and headword.replace(".", "").isalpha()


def _dictionary(lex: Lexicon, norm: Normalized, context: str | None) -> LookupResult | None:
    headword = norm.text
    lower = headword.lower()
    fw_entry = function_words().get(lower)
    function_gloss = FunctionGloss(*fw_entry) if fw_entry else None
    lemmas: dict[str, list[str]] = {}
    acronym = _is_acronym(headword)
    for form in _forms(norm):
        if acronym:  # "NIS" is not the plural of "Ni"; only exact entries ("NATO")
            key = "_".join(form.lower().split())
            lemmas = {p: [key] for p in POS_ORDER if lex.has(key, p)}
        else:
            lemmas = lex.lemmas(form)
        if lemmas:
            break
    capital = headword[:1].isupper() and any(c.isalpha() for c in headword)
    run = name_run(context, headword) if capital else None
    if run and lex.lemmas(run):
        run = None  # a name the dictionary has ("North Korea"): offered as its phrase
    if lemmas or function_gloss:
        result = _entry(lex, norm, context, lemmas, function_gloss)
        if not run or result.kind == "function_word":
            return result
        note = Note("name_part", {"word": headword, "name": run})
        if _unknown_word_in(lex, run) and (result.kind == "name" or romanised_korean(headword)):
            # "Lee" of "Lee Hye-hoon": part of a name, not the other people called Lee
            return _name(lex, headword, note)
        return replace(result, note=note)
    all_capitals = all(t[:1].isupper() for t in norm.tokens)
    if capital and all_capitals and (norm.is_phrase or run or _name_not_word(headword, context)):
        # a capitalised word the dictionary lacks is never split into words ("yon" + "gin")
        code = "abbreviation_or_name" if acronym else "name"
        if run:
            return _name(lex, headword, Note("name_part", {"word": headword, "name": run}))
        return _name(lex, headword, Note(code, {"word": headword}))
    if not norm.is_phrase:
        found = _derived(lex, headword) or _compound(lex, headword)
        if found is not None:
            return found
    if norm.is_phrase:
        found = _phrase_parts(lex, norm, context)
        if found is not None:
            return found
    if capital:
        code = "abbreviation_or_name" if acronym else "name"
        return _name(lex, headword, Note(code, {"word": headword}))
    return None


def _unknown_word_in(lex: Lexicon, name: str) -> bool:
    """Whether a word of a name is unknown to the dictionary ("Hye-hoon" of "Lee Hye-hoon")."""
    return any(
        not lex.lemmas(word) and not lex.lemmas(word.replace("-", ""))
        for word in name.split()
        if word != "of"
    )


def _name_not_word(headword: str, context: str | None) -> bool:
    """A capitalised word the dictionary lacks is a name unless it opens its sentence (or
    comes without one) and is not spelt as romanised Korean ("Policymakers said...")."""
    return is_sentence_start(context, headword) is False or romanised_korean(headword)


def _name(lex: Lexicon, headword: str, note: Note) -> LookupResult:
    """An honest answer for a name the dictionary lacks: it is a name, and how it sounds."""
    return LookupResult(
        headword=headword,
        lemma=headword,
        kind="name",
        pronunciations=pronunciations(lex, [headword]),
        note=note,
    )


def _entry(
    lex: Lexicon,
    norm: Normalized,
    context: str | None,
    lemmas: dict[str, list[str]],
    function_gloss: FunctionGloss | None,
) -> LookupResult:
    """The answer for text the dictionary has (as a word, a phrase or a function word)."""
    headword = norm.text
    lower = headword.lower()
    # proper-noun senses: wanted for a capitalised word inside a sentence, unwanted for a
    # lower-case one, neutral at a sentence start or without context
    want_proper: bool | None = None
    if headword[:1].islower():
        want_proper = False
    elif headword[:1].isupper() and is_sentence_start(context, headword) is False:
        want_proper = True
    ordered, senses, ranked = ranking.senses(lex, lemmas, context, headword, want_proper)
    top = ordered[0][0] if ordered else None
    lemma = top.lemma.replace("_", " ") if top else lower
    if top and top.proper:
        s = lex.synset(top.sid)
        lemma = next(
            (w for w, k in zip(s["words"], s["keys"], strict=True) if k == top.key), lemma
        ).replace("_", " ")
    kind = "word"
    card = None
    if function_gloss:
        kind = "function_word"
    elif norm.is_phrase or (top and "_" in top.lemma):
        kind = "phrase"
    if (
        top
        and top.proper
        and not function_gloss
        and (ranking.is_instance(lex, top) or all(c.proper for c, _ in ordered))
        and (want_proper is not False)
    ):
        kind = "name"
        card = ranking.name_card(lex, top)
    zipf = (
        max(lex.zipf(lower), lex.zipf(lemma))
        if not norm.is_phrase
        else min((lex.zipf(t) for t in norm.tokens), default=0.0)
    )
    pos_seen = tuple(dict.fromkeys(s.pos for s in senses))
    if function_gloss and not pos_seen:
        pos_seen = (function_gloss.pos,)
    phrases: tuple[str, ...] = ()
    expression = None
    if context and not norm.is_phrase:
        expression = _expression(lex, clean(context), headword)
        phrases = tuple(phrases_in_context(lex, clean(context), headword))
    return LookupResult(
        headword=headword,
        lemma=lemma,
        kind=kind,
        phrases=phrases,
        parts_of_speech=pos_seen,
        pronunciations=pronunciations(lex, [lemma] + ([lower] if lower != lemma.lower() else [])),
        senses=senses,
        difficulty=_difficulty(zipf),
        function_gloss=function_gloss,
        card=card,
        context_ranked=ranked,
        expression=expression,
    )


def _expression(lex: Lexicon, context: str, headword: str) -> ExpressionMatch | None:
    """The phrasal verb or idiom of the sentence that the word belongs to, if any."""
    idx = word_index(context, headword)
    if idx is None:
        return None
    found = [e for e in expressions_at(lex, context, idx) if e.pos in EXPRESSION_POS]
    if not found:
        return None
    best = found[0]
    _ordered, senses, _ranked = ranking.senses(
        lex, {best.pos: [best.key]}, context, headword, False
    )
    if not senses:
        return None
    return ExpressionMatch(
        lemma=best.lemma,
        pos=senses[0].pos,
        words=best.words,
        offsets=tuple(i - idx for i in best.tokens),
        separated=best.separated,
        senses=senses,
    )


def _derived(lex: Lexicon, headword: str) -> LookupResult | None:
    """A word formed from one the dictionary has (denuclearization -> nuclear)."""
    lower = headword.lower()
    derived = derive(lex, lower)
    if not derived:
        return None
    chain, found = derived
    base = chain[-1]
    _ordered, senses, _ranked = ranking.senses(lex, found, None, base, False)
    return LookupResult(
        headword=headword,
        lemma=base,
        kind="derived",
        parts_of_speech=tuple(dict.fromkeys(s.pos for s in senses)),
        pronunciations=pronunciations(lex, [lower, base]),
        senses=senses,
        difficulty=_difficulty(lex.zipf(lower)),
        note=Note("derived", {"word": headword, "base": base, "chain": list(chain)}),
        derived_from=tuple(chain),
    )


def _compound(lex: Lexicon, headword: str) -> LookupResult | None:
    """A closed compound of two words the dictionary has (policymakers)."""
    lower = headword.lower()
    if not lower.isalpha():
        return None
    compound = split_compound(lex, lower)
    if not compound:
        return None
    senses: list[Sense] = []
    for part in compound:
        _ordered, part_senses, _ranked = ranking.senses(lex, known(lex, part), None, part, False)
        senses += part_senses[:SENSES_PER_COMPOUND_PART]
    head, tail = compound
    return LookupResult(
        headword=headword,
        lemma=lower,
        kind="derived",
        parts_of_speech=tuple(dict.fromkeys(s.pos for s in senses)),
        pronunciations=pronunciations(lex, [lower, head, tail]),
        senses=tuple(senses),
        difficulty=_difficulty(lex.zipf(lower)),
        note=Note("compound", {"word": headword, "first": head, "second": tail}),
        derived_from=(lower, head, tail),
    )


def _phrase_parts(lex: Lexicon, norm: Normalized, context: str | None) -> LookupResult | None:
    """A phrase the dictionary lacks, explained word by word."""
    fw = function_words()
    parts = []
    for token in norm.tokens:
        if token.lower() in fw:
            continue
        part = _dictionary(lex, normalize(token), context)
        if part is not None:
            parts.append(part)
    if not parts:
        return None
    zipf = min((p.difficulty.zipf for p in parts if p.difficulty), default=0.0)
    return LookupResult(
        headword=norm.text,
        lemma=norm.text,
        kind="phrase",
        parts_of_speech=(),
        pronunciations=pronunciations(lex, [norm.text]),
        difficulty=Difficulty(level_for(zipf), zipf),
        note=Note("phrase_parts", {"phrase": norm.text, "words": [p.lemma for p in parts]}),
        parts=tuple(parts),
    )
