"""The editorial glossary in lookups: the provider the engine asks first, and loaders.

Precedence (first match wins): a term written for the article being read, then a
site-wide editorial term, then a term from a loaded bilingual glossary file. Within each,
the text as selected is tried before its dictionary forms. An editorial term borrows the
glosses of languages it lacks from a loaded file.

Terms are held in memory per process (a lookup costs a few dictionary probes). Saving or
deleting a term clears this process's copy at once and bumps a version number in the
shared cache, which other workers check every few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.lexicon.engine.normalize import InvalidQuery, normalize
from broadsheet.lexicon.engine.results import Gloss, GlossaryEntry, GlossaryQuery
from broadsheet.lexicon.models import GlossaryGloss, GlossaryTerm, is_acronym
from broadsheet.newsroom.models import ArticlePage

log = logging.getLogger(__name__)

VERSION_KEY = "lexicon:glossary-version"
CHECK_SECONDS = 3.0  # how stale another worker's edit may be in this process


@dataclass(frozen=True)
class TermEntry(GlossaryEntry):
    """A glossary entry with what the popup needs beyond the core's fields."""

    kind: str = GlossaryTerm.Kind.TERM
    article_id: int | None = None


NAME_KINDS = {GlossaryTerm.Kind.PERSON, GlossaryTerm.Kind.ORGANISATION, GlossaryTerm.Kind.PLACE}
MAX_NAMES_LISTED = 3


def _fold(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


@dataclass
class _Tier:
    """Terms of one scope: case-folded keys, and acronyms that must match their case."""

    folded: dict[str, TermEntry] = field(default_factory=dict)
    exact: dict[str, TermEntry] = field(default_factory=dict)
    # "Ahn" or "Ha-jin" -> the people and bodies whose names contain that word
    name_parts: dict[str, list[TermEntry]] = field(default_factory=dict)

    def add(self, entry: TermEntry) -> None:
        term = entry.term
        if entry.kind in NAME_KINDS and " " in term:
            for part in term.split():
                if part[:1].isupper() and part not in self.name_parts.get(part, ()):
                    self.name_parts.setdefault(part, []).append(entry)
        if entry.kind == GlossaryTerm.Kind.ACRONYM or is_acronym(term):
            try:
                self.exact.setdefault(normalize(term).text, entry)
            except InvalidQuery:
                return
        else:
            self.folded.setdefault(_fold(term), entry)

    def find(self, text: str, lemmas: Iterable[str] = ()) -> TermEntry | None:
        entry = self.exact.get(text) or self.folded.get(_fold(text))
        if entry is None:
            for lemma in lemmas:
                entry = self.folded.get(_fold(lemma))
                if entry is not None:
                    break
        return entry


@dataclass
class _Glossary:
    articles: dict[int, _Tier] = field(default_factory=dict)
    site: _Tier = field(default_factory=_Tier)
    files: _Tier = field(default_factory=_Tier)


_lock = threading.Lock()
_state: dict[str, object] = {"glossary": None, "version": None, "checked": 0.0}


def _load() -> _Glossary:
    glossary = _Glossary()
    glosses: dict[int, list[Gloss]] = {}
    for term_id, language, text in (
        GlossaryGloss.objects.order_by("term_id", "language")
        .values_list("term_id", "language", "text")
        .iterator(chunk_size=5000)
    ):
        glosses.setdefault(term_id, []).append(Gloss(language, text))
    rows = GlossaryTerm.objects.order_by("pk").values_list(
        "pk", "term", "kind", "explanation", "article_id", "source"
    )
    for pk, term, kind, explanation, article_id, source in rows.iterator(chunk_size=5000):
        entry = TermEntry(
            term=term,
            explanation=explanation,
            glosses=tuple(glosses.get(pk, ())),
            source=source,
            kind=kind,
            article_id=article_id,
        )
        if source == GlossaryTerm.Source.FILE:
            glossary.files.add(entry)
        elif article_id is not None:
            glossary.articles.setdefault(article_id, _Tier()).add(entry)
        else:
            glossary.site.add(entry)
    return glossary


def _shared_version() -> str | None:
    try:
        return cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not stop lookups; the local copy stays
        log.warning("glossary version check failed", exc_info=True)
        return _state["version"]  # type: ignore[return-value]


def current() -> _Glossary:
    """This process's copy of the glossary, reloaded when a term changed anywhere."""
    now = time.monotonic()
    glossary = _state["glossary"]
    if glossary is not None and now - _state["checked"] < CHECK_SECONDS:  # type: ignore[operator]
        return glossary  # type: ignore[return-value]
    with _lock:
        version = _shared_version()
        if _state["glossary"] is None or version != _state["version"]:
            _state["glossary"] = _load()
            _state["version"] = version
        _state["checked"] = now
        return _state["glossary"]  # type: ignore[return-value]


def term_changed(**kwargs) -> None:
    """Signal receiver for GlossaryTerm saves and deletes (connected in apps.py)."""
    invalidate()
    transaction.on_commit(invalidate)  # again once other workers can read the change


def invalidate() -> None:
    """Forget the glossary here and tell the other workers to reload theirs."""
    with _lock:
        _state["glossary"] = None
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        log.warning("could not publish a new glossary version", exc_info=True)


def _article_id(scope: object | None) -> int | None:
    if isinstance(scope, int):
        return scope
    if isinstance(scope, str) and scope.isdigit():
        return int(scope)
    return getattr(scope, "pk", None)


def is_public_article(article_id: int) -> bool:
    """Whether readers may see the article: live (not a draft, not scheduled) and public."""
    return ArticlePage.objects.live().public().filter(pk=article_id).exists()


def find(text: str, lemmas: Iterable[str] = (), scope: object | None = None) -> TermEntry | None:
    """The glossary's entry for a (normalised) text, by the precedence in the module doc.

    An article's own terms count only while the article is live and public, so a lookup
    naming a draft, scheduled or private article cannot reveal them (the check costs a
    query only for articles that have terms of their own).
    """
    glossary = current()
    lemmas = tuple(lemmas)
    tiers = []
    article_id = _article_id(scope)
    if article_id is not None and article_id in glossary.articles and is_public_article(article_id):
        tiers.append(glossary.articles[article_id])
    tiers.append(glossary.site)
    for tier in tiers:
        entry = tier.find(text, lemmas)
        if entry is not None:
            loaded = glossary.files.find(text, lemmas)
            if loaded is not None:
                entry = replace(entry, glosses=_merged(entry.glosses, loaded.glosses))
            return entry
    return glossary.files.find(text, lemmas) or _name_part(tiers, text)


def _merged(own: tuple[Gloss, ...], borrowed: Iterable[Gloss]) -> tuple[Gloss, ...]:
    """own glosses, plus borrowed ones in the languages own lacks."""
    have = {g.language for g in own}
    return own + tuple(g for g in borrowed if g.language not in have)


def _name_part(tiers: list[_Tier], word: str) -> TermEntry | None:
    """A word of a glossary name met on its own ("Ahn said..."): the people it may mean."""
    if " " in word or not word[:1].isupper():
        return None
    for tier in tiers:
        entries = tier.name_parts.get(word)
        if not entries:
            continue
        if len(entries) == 1:
            (entry,) = entries
            explanation = _("Part of the name %(name)s. %(explanation)s") % {
                "name": entry.term,
                "explanation": entry.explanation,
            }
            return replace(entry, term=word, explanation=explanation)
        listed = entries[:MAX_NAMES_LISTED]
        explanation = _("Part of the names of: %(names)s.") % {
            "names": "; ".join(f"{e.term} ({e.explanation.rstrip('.')})" for e in listed)
        }
        by_language: dict[str, list[str]] = {}
        for e in listed:
            for g in e.glosses:
                by_language.setdefault(g.language, []).append(g.text)
        glosses = tuple(Gloss(lang, ", ".join(texts)) for lang, texts in by_language.items())
        return replace(listed[0], term=word, explanation=explanation, glosses=glosses)
    return None


def provider(query: GlossaryQuery) -> GlossaryEntry | None:
    """The glossary provider registered with the engine (see LexiconConfig.ready)."""
    return find(query.text, query.lemmas, query.scope)


def terms_for_article(article_id: int) -> list[TermEntry] | None:
    """Editorial terms to mark in an article's text: its own terms, then site-wide ones.

    None when readers may not see the article (missing, draft, scheduled or private).
    """
    if not is_public_article(article_id):
        return None
    glossary = current()
    seen: set[str] = set()
    out: list[TermEntry] = []
    tiers = [glossary.articles.get(article_id, _Tier()), glossary.site]
    for tier in tiers:
        for entry in [*tier.exact.values(), *tier.folded.values()]:
            k = _fold(entry.term)
            if k not in seen:
                seen.add(k)
                out.append(entry)
    return out
