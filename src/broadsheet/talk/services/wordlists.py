"""The moderators' word lists: what the rules get, and TSV/CSV import and export.

The file format is talk/wordmatch/listfile.py's (term, kind, mode, clause, note). An import
adds new terms and updates the kind, mode, clause and note of terms already listed; it never
deletes. Lines it refuses come back with their numbers, and the others are still imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.talk import app_settings
from broadsheet.talk.clauses import CLAUSES
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import ModeratedWord, WordKind
from broadsheet.talk.wordmatch import Term
from broadsheet.talk.wordmatch.listfile import Entry, LineError, default_entries, dump, parse

FORMATS = ("tsv", "csv")


def word_lists() -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """The moderators' banned and suspect terms, each with its match mode, in one query."""
    banned: list[Term] = []
    suspect: list[Term] = []
    rows = ModeratedWord.objects.values_list("word", "kind", "match_mode", "clause")
    for word, kind, mode, clause in rows:
        (banned if kind == WordKind.BANNED else suspect).append(Term(word, mode, clause))
    return tuple(banned), tuple(suspect)


def current_entries() -> list[Entry]:
    return [
        Entry(w.word, w.kind, w.match_mode, w.clause, w.note, w.language)
        for w in ModeratedWord.objects.order_by("language", "kind", "word")
    ]


def export_lists(fmt: str = "tsv") -> str:
    if fmt not in FORMATS:
        raise CommentError("format", _("Choose TSV or CSV."))
    return dump(current_entries(), fmt)


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    errors: list[LineError] = field(default_factory=list)


def decode_upload(data: bytes) -> str:
    """The uploaded file as text, or a 400 saying why not (too large, not UTF-8)."""
    limit = app_settings.max_word_list_bytes()
    if len(data) > limit:
        raise CommentError(
            "too_large",
            _("A word list file may be at most %(kb)d KB.") % {"kb": limit // 1024},
            status=413,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommentError(
            "encoding", _("Save the word list as UTF-8 text (TSV or CSV).")
        ) from error


@transaction.atomic
def import_lists(text: str, fmt: str = "tsv") -> ImportResult:
    """Add or update every good line of a list file; report the others by line number."""
    if fmt not in FORMATS:
        raise CommentError("format", _("Choose TSV or CSV."))
    entries, errors = parse(text, fmt=fmt, clauses=frozenset(CLAUSES))
    return _store(entries, ImportResult(errors=errors), update=True)


def load_default_lists() -> ImportResult:
    """The project's default lists (talk/data/words) for terms not listed yet (demo, tests)."""
    return _store(default_entries(), ImportResult(), update=False)


def _store(entries: list[Entry], result: ImportResult, *, update: bool) -> ImportResult:
    existing = {w.word: w for w in ModeratedWord.objects.all()}
    for e in entries:
        word = existing.get(e.term)
        if word is None:
            existing[e.term] = ModeratedWord.objects.create(
                word=e.term,
                kind=e.kind,
                match_mode=e.mode,
                clause=e.clause,
                language=e.language,
                note=e.note,
            )
            result.added += 1
        elif update and (word.kind, word.match_mode, word.clause, word.note) != (
            e.kind,
            e.mode,
            e.clause,
            e.note,
        ):
            word.kind, word.match_mode, word.clause, word.note = e.kind, e.mode, e.clause, e.note
            word.save(update_fields=["kind", "match_mode", "clause", "note"])
            result.updated += 1
    return result
