"""The editorial glossary in lookups: the provider lexicon.services asks first, and loaders.

Precedence (first match wins): a term written for the article being read, then a
site-wide editorial term, then a term from a loaded bilingual glossary file. Within each,
the text as selected is tried before its dictionary forms. An editorial term without a
Korean gloss borrows one from a loaded file.

Terms are held in memory per process (a lookup costs a few dictionary probes). Saving or
deleting a term clears this process's copy at once and bumps a version number in the
shared cache, which other workers check every few seconds.
"""

from __future__ import annotations

import csv
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.lexicon.models import (
    MAX_KOREAN_LENGTH,
    MAX_TERM_LENGTH,
    GlossaryTerm,
    is_acronym,
    term_key,
)
from broadsheet.lexicon.normalize import InvalidQuery, normalize
from broadsheet.lexicon.services import GlossaryEntry, GlossaryQuery

log = logging.getLogger(__name__)

VERSION_KEY = "lexicon:glossary-version"
CHECK_SECONDS = 3.0  # how stale another worker's edit may be in this process
DEMO_GLOSSARY = Path(__file__).resolve().parents[1] / "newsroom" / "demo" / "glossary.yaml"
MAX_EXPLANATION_LENGTH = 1000


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
    rows = GlossaryTerm.objects.order_by("pk").values_list(
        "term", "kind", "explanation", "korean", "article_id", "source"
    )
    for term, kind, explanation, korean, article_id, source in rows.iterator(chunk_size=5000):
        entry = TermEntry(
            term=term,
            explanation=explanation,
            korean=korean or None,
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


def find(text: str, lemmas: Iterable[str] = (), scope: object | None = None) -> TermEntry | None:
    """The glossary's entry for a (normalised) text, by the precedence in the module doc."""
    glossary = current()
    lemmas = tuple(lemmas)
    tiers = []
    article_id = _article_id(scope)
    if article_id is not None and article_id in glossary.articles:
        tiers.append(glossary.articles[article_id])
    tiers.append(glossary.site)
    for tier in tiers:
        entry = tier.find(text, lemmas)
        if entry is not None:
            if not entry.korean:
                loaded = glossary.files.find(text, lemmas)
                if loaded is not None and loaded.korean:
                    entry = TermEntry(
                        term=entry.term,
                        explanation=entry.explanation,
                        korean=loaded.korean,
                        source=entry.source,
                        kind=entry.kind,
                        article_id=entry.article_id,
                    )
            return entry
    return glossary.files.find(text, lemmas) or _name_part(tiers, text)


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
                "name": entry.term, "explanation": entry.explanation}
            return replace(entry, term=word, explanation=explanation)
        listed = entries[:MAX_NAMES_LISTED]
        explanation = _("Part of the names of: %(names)s.") % {
            "names": "; ".join(f"{e.term} ({e.explanation.rstrip('.')})" for e in listed)}
        korean = ", ".join(e.korean for e in listed if e.korean) or None
        return replace(listed[0], term=word, explanation=explanation, korean=korean)
    return None


def provider(query: GlossaryQuery) -> GlossaryEntry | None:
    """The glossary provider registered with lexicon.services (see LexiconConfig.ready)."""
    return find(query.text, query.lemmas, query.scope)


def terms_for_article(article_id: int) -> list[TermEntry]:
    """Editorial terms to mark in an article's text: its own terms, then site-wide ones."""
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


# ------------------------------------------------------------------------------ loading


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)  # "line 7: ..." for skipped rows
    warnings: list[str] = field(default_factory=list)


class GlossaryFileError(ValueError):
    """The file cannot be read as a glossary at all (no usable header)."""


REQUIRED_COLUMNS = ("term", "korean")
OPTIONAL_COLUMNS = ("explanation", "kind")


def _delimiter(path: Path, header: str) -> str:
    if path.suffix.lower() in {".tsv", ".tab", ".txt"} or "\t" in header:
        return "\t"
    return ","


def _split(line: str, delimiter: str) -> list[str]:
    if delimiter == "\t":
        return line.split("\t")
    # One physical line at a time, so a stray quote spoils its own row and no other.
    return next(csv.reader([line], delimiter=",", strict=True))


def parse_glossary_file(path: Path | str) -> tuple[dict[str, dict], LoadReport]:
    """Rows of a bilingual glossary file by term key, and the problems found.

    Format: UTF-8 TSV (tab-separated, no quoting) or CSV, first line a header naming the
    columns `term` and `korean` (required), `explanation` and `kind` (optional), in any
    order. Blank lines and lines starting with # are ignored.
    """
    path = Path(path)
    report = LoadReport()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryFileError(f"{path.name} is not UTF-8 text ({error.reason}).") from None
    # Only \n ends a line (splitlines() would also split at form feeds and U+2028).
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header_index = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None
    )
    if header_index is None:
        raise GlossaryFileError(f"{path.name} is empty.")
    delimiter = _delimiter(path, lines[header_index])
    try:
        columns = [c.strip().lower() for c in _split(lines[header_index], delimiter)]
    except csv.Error as error:
        raise GlossaryFileError(
            f"line {header_index + 1}: the header cannot be read ({error})."
        ) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise GlossaryFileError(
            f"line {header_index + 1}: the header must name the columns term and korean "
            f"(missing: {', '.join(missing)}); found: {', '.join(columns) or 'nothing'}."
        )
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        report.warnings.append(
            f"line {header_index + 1}: ignoring unknown columns: {', '.join(unknown)}"
        )
    kinds = set(GlossaryTerm.Kind.values)
    rows: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            values = _split(line, delimiter)
        except csv.Error as error:
            report.problems.append(f"line {number}: cannot be read as CSV ({error}); skipped")
            continue
        if len(values) > len(columns) or len(values) < len(REQUIRED_COLUMNS):
            report.problems.append(
                f"line {number}: {len(values)} fields where the header names {len(columns)}; "
                "skipped"
            )
            continue
        row = dict(zip(columns, (v.strip() for v in values), strict=False))
        term = " ".join(row.get("term", "").split())
        korean = row.get("korean", "")
        explanation = row.get("explanation", "")
        kind = (row.get("kind") or GlossaryTerm.Kind.TERM).lower()
        problem = None
        if not term:
            problem = "the term is empty"
        elif len(term) > MAX_TERM_LENGTH:
            problem = f"the term is longer than {MAX_TERM_LENGTH} characters"
        elif not korean:
            problem = "the Korean gloss is empty"
        elif len(korean) > MAX_KOREAN_LENGTH:
            problem = f"the Korean gloss is longer than {MAX_KOREAN_LENGTH} characters"
        elif len(explanation) > MAX_EXPLANATION_LENGTH:
            problem = f"the explanation is longer than {MAX_EXPLANATION_LENGTH} characters"
        elif kind not in kinds:
            problem = f"unknown kind {kind!r} (use one of: {', '.join(sorted(kinds))})"
        if problem is None:
            try:
                key = term_key(term)
            except InvalidQuery as error:
                problem = f"the term cannot be looked up ({error})"
        if problem:
            report.problems.append(f"line {number}: {problem}; skipped")
            continue
        if key in rows:
            report.warnings.append(
                f"line {number}: repeats the term of line {first_line[key]}; the later row is kept"
            )
        else:
            first_line[key] = number
        rows[key] = {"term": term, "korean": korean, "explanation": explanation, "kind": kind}
    return rows, report


def load_glossary_file(path: Path | str, *, replace: bool = False) -> LoadReport:
    """Load (or re-load, updating) a bilingual glossary file; see parse_glossary_file.

    Malformed rows are skipped and named in the report; every good row is stored, in one
    transaction. With replace=True, loaded terms missing from the file are removed.
    """
    rows, report = parse_glossary_file(path)
    fields = ("term", "korean", "explanation", "kind")
    with transaction.atomic():
        existing = {
            t.key: t
            for t in GlossaryTerm.objects.filter(
                source=GlossaryTerm.Source.FILE, article__isnull=True
            )
        }
        new, changed = [], []
        for key, row in rows.items():
            term = existing.get(key)
            if term is None:
                new.append(GlossaryTerm(key=key, source=GlossaryTerm.Source.FILE, **row))
            elif any(getattr(term, f) != row[f] for f in fields):
                for f in fields:
                    setattr(term, f, row[f])
                changed.append(term)
            else:
                report.unchanged += 1
        GlossaryTerm.objects.bulk_create(new, batch_size=1000)
        GlossaryTerm.objects.bulk_update(changed, fields, batch_size=1000)
        report.created, report.updated = len(new), len(changed)
        if replace:
            gone = [t.pk for k, t in existing.items() if k not in rows]
            report.removed = GlossaryTerm.objects.filter(pk__in=gone).delete()[0]
        transaction.on_commit(invalidate)
    return report


@transaction.atomic
def load_demo_glossary(log=print, path: Path = DEMO_GLOSSARY) -> int:
    """The demo newsroom's editorial terms (site-wide); re-running updates them."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    count = 0
    for item in entries:
        term = GlossaryTerm(
            term=item["term"],
            kind=item.get("kind", GlossaryTerm.Kind.TERM),
            explanation=item.get("explanation", ""),
            korean=item.get("korean", ""),
        )
        key = term_key(term.term)
        GlossaryTerm.objects.update_or_create(
            key=key,
            source=GlossaryTerm.Source.EDITORIAL,
            article=None,
            defaults={
                "term": term.term,
                "kind": term.kind,
                "explanation": term.explanation,
                "korean": term.korean,
            },
        )
        count += 1
    transaction.on_commit(invalidate)
    log(f"demo: {count} glossary terms")
    return count
