"""Parse the WordNet 3.0 database files (Debian's ``wordnet-base``: /usr/share/wordnet).

Only used at build time. Computes WordNet 3.0 sense keys
(``lemma%ss_type:lex_filenum:lex_id:head_word:head_id``) from the data files, because the
Debian package has no index.sense file. See wndb(5WN) and senseidx(5WN).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from broadsheet.lexicon.engine.morphy import key_lemma

DEFAULT_WORDNET_DIR = Path(os.environ.get("WNHOME_DICT", "/usr/share/wordnet"))

FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SS_TYPE = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}
FILE_NUM = {"n": 1, "v": 2, "a": 3, "r": 4}


def synset_id(file_pos: str, offset: int) -> int:
    """A compact integer id for a synset: file number * 10^8 + byte offset."""
    return FILE_NUM[file_pos] * 100_000_000 + offset


@dataclass
class Synset:
    id: int
    ss_type: str  # n v a s r
    lexfile: int
    words: list[tuple[str, int]]  # (word as in the data file, lex_id)
    pointers: list[tuple[str, int, int, int]]  # (symbol, target id, source word no, target word no)
    gloss: str
    definition: str = ""
    examples: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # sense key of each word, same order


def _split_gloss(gloss: str) -> tuple[str, list[str]]:
    """'def; "ex one"; "ex two"' -> ('def', ['ex one', 'ex two'])."""
    examples = re.findall(r'"([^"]+)"', gloss)
    definition = re.split(r';\s*"', gloss, maxsplit=1)[0].strip().rstrip(";").strip()
    return definition, [e.strip() for e in examples]


def parse_data(wn_dir: Path = DEFAULT_WORDNET_DIR) -> dict[int, Synset]:
    synsets: dict[int, Synset] = {}
    for file_pos, name in FILES.items():
        with open(wn_dir / f"data.{name}", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue  # licence header
                body, _, gloss = line.partition(" | ")
                parts = body.split()
                offset = int(parts[0])
                lexfile = int(parts[1])
                ss_type = parts[2]
                w_cnt = int(parts[3], 16)
                words = []
                i = 4
                for _ in range(w_cnt):
                    words.append((parts[i], int(parts[i + 1], 16)))
                    i += 2
                p_cnt = int(parts[i])
                i += 1
                pointers = []
                for _ in range(p_cnt):
                    sym, off, pos, st = parts[i : i + 4]
                    tgt_file = "a" if pos == "s" else pos
                    pointers.append(
                        (sym, synset_id(tgt_file, int(off)), int(st[:2], 16), int(st[2:], 16))
                    )
                    i += 4
                sid = synset_id(file_pos, offset)
                gloss = gloss.strip()
                definition, examples = _split_gloss(gloss)
                synsets[sid] = Synset(
                    sid, ss_type, lexfile, words, pointers, gloss, definition, examples
                )
    # Sense keys; satellites name the first word of their head synset (via '&').
    for s in synsets.values():
        head = ""
        if s.ss_type == "s":
            for sym, tgt, _src, _tw in s.pointers:
                if sym == "&":
                    h = synsets[tgt]
                    head = f"{key_lemma(h.words[0][0])}:{h.words[0][1]:02d}"
                    break
        for word, lex_id in s.words:
            tail = head if head else "::"
            if head:
                key = f"{key_lemma(word)}%{SS_TYPE[s.ss_type]}:{s.lexfile:02d}:{lex_id:02d}:{tail}"
            else:
                key = f"{key_lemma(word)}%{SS_TYPE[s.ss_type]}:{s.lexfile:02d}:{lex_id:02d}::"
            s.keys.append(key)
    return synsets


def parse_index(wn_dir: Path = DEFAULT_WORDNET_DIR) -> dict[tuple[str, str], list[int]]:
    """(lemma, pos) -> synset ids in WordNet's sense order (most frequent first)."""
    out: dict[tuple[str, str], list[int]] = {}
    for file_pos, name in FILES.items():
        with open(wn_dir / f"index.{name}", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma, pos = parts[0], parts[1]
                synset_cnt = int(parts[2])
                offsets = parts[-synset_cnt:]
                out[(lemma, pos)] = [synset_id(file_pos, int(o)) for o in offsets]
    return out


def parse_exceptions(wn_dir: Path = DEFAULT_WORDNET_DIR) -> list[tuple[str, str, str]]:
    """(inflected form, pos, base form) rows from the *.exc files."""
    rows = []
    for file_pos, name in FILES.items():
        path = wn_dir / f"{name}.exc"
        if not path.exists():
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    for base in parts[1:]:
                        rows.append((parts[0], file_pos, base))
    return rows


def parse_cntlist(wn_dir: Path = DEFAULT_WORDNET_DIR) -> dict[str, int]:
    """sense key -> tag count (cntlist.rev: 'key sense_number tag_count')."""
    out: dict[str, int] = {}
    path = wn_dir / "cntlist.rev"
    if path.exists():
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3:
                    out[parts[0]] = int(parts[2])
    return out
