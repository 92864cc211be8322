"""Word list files: the default lists in talk/data/words/ and what moderators upload.

A list is TSV (tab-separated) or CSV with the columns term, kind (banned|suspect), mode
(word|prefix|exact), clause (a policy clause key, or empty for the list's own) and note; a
header row naming the columns is optional, lines starting with # are comments. `parse` returns
the entries and, for every line it refused, the line number and why: one bad line never
stops the others. Plain Python: the migration, the benchmark and the admin use it alike.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from broadsheet.talk.wordmatch.fold import has_hangul
from broadsheet.talk.wordmatch.terms import MODES, WORD, Term

DATA = Path(__file__).resolve().parents[1] / "data" / "words"
LANGUAGES = ("ko", "en")
KINDS = ("banned", "suspect")
COLUMNS = ("term", "kind", "mode", "clause", "note")
MAX_TERM = 80  # ModeratedWord.word's length
MAX_NOTE = 200


@dataclass(frozen=True)
class Entry:
    term: str
    kind: str
    mode: str = WORD
    clause: str = ""
    note: str = ""
    language: str = "en"

    def as_term(self) -> Term:
        return Term(self.term, self.mode, self.clause)


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def parse(
    text: str, *, fmt: str = "tsv", clauses: frozenset[str] | None = None
) -> tuple[list[Entry], list[LineError]]:
    """Entries of a list file, and the lines refused (with their numbers and why)."""
    entries: list[Entry] = []
    errors: list[LineError] = []
    reader = (
        csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        if fmt == "tsv"
        else csv.reader(io.StringIO(text))
    )
    for row in reader:
        number = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if [c.lower() for c in cells[:2]] == ["term", "kind"]:
            continue  # the header row
        cells += [""] * (len(COLUMNS) - len(cells))
        term, kind, mode, clause, note = cells[:5]
        mode = mode or WORD
        problem = _problem(term, kind, mode, clause, note, clauses)
        if problem:
            errors.append(LineError(number, problem))
            continue
        language = "ko" if has_hangul(term) else "en"
        entries.append(Entry(term, kind, mode, clause, note, language))
    return entries, errors


def _problem(term, kind, mode, clause, note, clauses) -> str:
    if not term:
        return "the term is empty"
    if len(term) > MAX_TERM:
        return f"the term is longer than {MAX_TERM} characters"
    if kind not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}, not {kind!r}"
    if mode not in MODES:
        return f"mode must be one of {', '.join(MODES)}, not {mode!r}"
    if clauses is not None and clause and clause not in clauses:
        return f"unknown policy clause {clause!r}"
    if len(note) > MAX_NOTE:
        return f"the note is longer than {MAX_NOTE} characters"
    return ""


def default_entries(languages: tuple[str, ...] = LANGUAGES) -> list[Entry]:
    """The lists the project ships, talk/data/words/{ko,en}.tsv."""
    entries: list[Entry] = []
    for language in languages:
        found, errors = parse((DATA / f"{language}.tsv").read_text(encoding="utf-8"))
        if errors:
            raise ValueError(f"{language}.tsv line {errors[0].line}: {errors[0].message}")
        entries += found
    return entries


def dump(entries: list[Entry], fmt: str = "tsv") -> str:
    """A list file moderators can edit and upload again."""
    out = io.StringIO()
    if fmt == "tsv":
        for row in [COLUMNS, *((e.term, e.kind, e.mode, e.clause, e.note) for e in entries)]:
            out.write("\t".join(" ".join(cell.split()) for cell in row) + "\n")
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([e.term, e.kind, e.mode, e.clause, e.note])
    return out.getvalue()
