"""Loading glossaries: bilingual glossary files (``load_glossary``) and the demo glossary.

File terms are bulk-written in one transaction; the in-memory copy of every worker is
invalidated once the transaction commits (``glossary.invalidate``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from broadsheet.lexicon.engine.normalize import InvalidQuery
from broadsheet.lexicon.glossary import invalidate
from broadsheet.lexicon.models import (
    LANGUAGE_TAG,
    MAX_GLOSS_LENGTH,
    MAX_TERM_LENGTH,
    GlossaryGloss,
    GlossaryTerm,
    term_key,
)

DEMO_GLOSSARY = Path(__file__).resolve().parent / "demo" / "glossary.yaml"
MAX_EXPLANATION_LENGTH = 1000


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


TERM_COLUMNS = ("term", "explanation", "kind")
# A gloss column is named by its language code ("ko", "ja"); "korean" is read as "ko".
LANGUAGE_ALIASES = {"korean": "ko"}


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
    column `term` and at least one gloss column named by its language code (`ko`, `ja`;
    `korean` means `ko`), and optionally `explanation` and `kind`, in any order. Blank
    lines and lines starting with # are ignored.
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
        header = [c.strip() for c in _split(lines[header_index], delimiter)]
    except csv.Error as error:
        raise GlossaryFileError(
            f"line {header_index + 1}: the header cannot be read ({error})."
        ) from None
    columns = [
        c.lower() if c.lower() in TERM_COLUMNS else LANGUAGE_ALIASES.get(c.lower(), c)
        for c in header
    ]
    languages = [c for c in columns if c not in TERM_COLUMNS and LANGUAGE_TAG.match(c)]
    if "term" not in columns or not languages:
        raise GlossaryFileError(
            f"line {header_index + 1}: the header must name the columns term and korean (or "
            "another gloss column named by its language code, such as ko or ja); found: "
            f"{', '.join(header) or 'nothing'}."
        )
    unknown = [c for c in columns if c not in TERM_COLUMNS and c not in languages]
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
        if len(values) > len(columns) or len(values) < 2:
            report.problems.append(
                f"line {number}: {len(values)} fields where the header names {len(columns)}; "
                "skipped"
            )
            continue
        row = dict(zip(columns, (v.strip() for v in values), strict=False))
        term = " ".join(row.get("term", "").split())
        glosses = {lang: row[lang] for lang in languages if row.get(lang)}
        explanation = row.get("explanation", "")
        kind = (row.get("kind") or GlossaryTerm.Kind.TERM).lower()
        problem = None
        if not term:
            problem = "the term is empty"
        elif len(term) > MAX_TERM_LENGTH:
            problem = f"the term is longer than {MAX_TERM_LENGTH} characters"
        elif not glosses:
            problem = f"the gloss is empty (columns: {', '.join(languages)})"
        elif any(len(text) > MAX_GLOSS_LENGTH for text in glosses.values()):
            problem = f"a gloss is longer than {MAX_GLOSS_LENGTH} characters"
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
        rows[key] = {"term": term, "explanation": explanation, "kind": kind, "glosses": glosses}
    return rows, report


def load_glossary_file(path: Path | str, *, replace: bool = False) -> LoadReport:
    """Load (or re-load, updating) a bilingual glossary file; see parse_glossary_file.

    Malformed rows are skipped and named in the report; every good row is stored, in one
    transaction. A row sets the glosses of its file's languages and leaves others alone.
    With replace=True, loaded terms missing from the file are removed.
    """
    rows, report = parse_glossary_file(path)
    fields = ("term", "explanation", "kind")
    with transaction.atomic():
        existing = {
            t.key: t
            for t in GlossaryTerm.objects.filter(
                source=GlossaryTerm.Source.FILE, article__isnull=True
            )
        }
        old_glosses: dict[int, dict[str, str]] = {}
        for term_id, language, text in GlossaryGloss.objects.filter(
            term__source=GlossaryTerm.Source.FILE, term__article__isnull=True
        ).values_list("term_id", "language", "text"):
            old_glosses.setdefault(term_id, {})[language] = text
        new, changed, reglossed = [], [], []
        for key, row in rows.items():
            term = existing.get(key)
            values = {f: row[f] for f in fields}
            if term is None:
                term = GlossaryTerm(key=key, source=GlossaryTerm.Source.FILE, **values)
                new.append(term)
                reglossed.append((term, row["glosses"]))
                continue
            fields_differ = any(getattr(term, f) != values[f] for f in fields)
            known = old_glosses.get(term.pk, {})
            glosses_differ = any(known.get(lang) != text for lang, text in row["glosses"].items())
            if fields_differ:
                for f in fields:
                    setattr(term, f, values[f])
                changed.append(term)
            if glosses_differ:
                reglossed.append((term, row["glosses"]))
            if not (fields_differ or glosses_differ):
                report.unchanged += 1
        GlossaryTerm.objects.bulk_create(new, batch_size=1000)
        GlossaryTerm.objects.bulk_update(changed, fields, batch_size=1000)
        _set_glosses(reglossed)
        report.created = len(new)
        report.updated = len({t.pk for t in changed} | {t.pk for t, _ in reglossed}) - len(new)
        if replace:
            gone = [t.pk for k, t in existing.items() if k not in rows]
            report.removed = GlossaryTerm.objects.filter(pk__in=gone, source="file").count()
            GlossaryTerm.objects.filter(pk__in=gone).delete()
        transaction.on_commit(invalidate)
    return report


def _set_glosses(terms: list[tuple[GlossaryTerm, dict[str, str]]]) -> None:
    """Replace the glosses of saved terms in the languages given (others stay)."""
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        stale = GlossaryGloss.objects.none()
        for language in {lang for _, glosses in chunk for lang in glosses}:
            ids = [t.pk for t, glosses in chunk if language in glosses]
            stale = stale | GlossaryGloss.objects.filter(term_id__in=ids, language=language)
        stale.delete()
        GlossaryGloss.objects.bulk_create(
            [
                GlossaryGloss(term_id=term.pk, language=lang, text=text)
                for term, glosses in chunk
                for lang, text in glosses.items()
            ],
            batch_size=1000,
        )


@transaction.atomic
def load_demo_glossary(log=print, path: Path = DEMO_GLOSSARY) -> int:
    """The demo newsroom's editorial terms (site-wide); re-running updates them.

    Each item: term, kind, explanation and ``glosses`` ({language code: text}).
    """
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    count = 0
    for item in entries:
        term, _created = GlossaryTerm.objects.update_or_create(
            key=term_key(item["term"]),
            source=GlossaryTerm.Source.EDITORIAL,
            article=None,
            defaults={
                "term": item["term"],
                "kind": item.get("kind", GlossaryTerm.Kind.TERM),
                "explanation": item.get("explanation", ""),
            },
        )
        glosses = item.get("glosses") or {}
        GlossaryGloss.objects.filter(term=term).exclude(language__in=list(glosses)).delete()
        for language, text in glosses.items():
            GlossaryGloss.objects.update_or_create(
                term=term, language=language, defaults={"text": text}
            )
        count += 1
    transaction.on_commit(invalidate)
    log(f"demo: {count} glossary terms")
    return count
