"""Text folded for matching: one coordinate system that every matcher searches.

`fold` undoes what readers do to slip a word past a list without changing what it says:
full-width and other compatibility forms, case, accents and invisible characters, Cyrillic and
Greek look-alikes of Latin letters, and Hangul typed as separate letters ("ㅅㅣㅂㅏㄹ" becomes
"시발"). Consonant-only jamo ("ㅅㅂ") stay jamo, so a list can name them. Plain Python.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

# Look-alike letters and the usual digit/symbol substitutions, applied to tokens that contain a
# Latin letter (so "2024" stays a number while "1d10t" becomes "idiot").
LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "€": "e",
    }
)
CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "н": "h",  # Cyrillic
        "α": "a",
        "ο": "o",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "τ": "t",
        "υ": "u",
        "ρ": "p",
    }
)

# Hangul compatibility jamo (what a keyboard types alone) in syllable-building order.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_JAMO_RUN = regex.compile(r"[\u3131-\u3163]{2,}")


def _conjoining_to_compat() -> dict[int, str]:
    """Conjoining jamo (what NFKC makes of a lone 'ㅅ') mapped back to the keyboard letter."""
    table: dict[int, str] = {}
    for code in range(0x3131, 0x3164):
        letter = chr(code)
        conjoining = unicodedata.normalize("NFKC", letter)
        if len(conjoining) == 1 and conjoining != letter:
            table.setdefault(ord(conjoining), letter)
        name = unicodedata.name(letter, "").replace("HANGUL LETTER ", "")
        for position in ("CHOSEONG", "JONGSEONG", "JUNGSEONG"):
            try:
                table.setdefault(ord(unicodedata.lookup(f"HANGUL {position} {name}")), letter)
            except KeyError:
                continue
    return table


_TO_COMPAT = _conjoining_to_compat()


def _compose_run(run: str) -> str:
    """'ㅅㅣㅂㅏㄹ' -> '시발': initial + vowel (+ final when no vowel follows it)."""
    out: list[str] = []
    i, n = 0, len(run)
    while i < n:
        lead = run[i]
        if i + 1 < n and lead in _INITIALS and run[i + 1] in _VOWELS:
            final = 0
            if (
                i + 2 < n
                and run[i + 2] in _FINALS[1:]
                and not (i + 3 < n and run[i + 3] in _VOWELS)
            ):
                final = _FINALS.index(run[i + 2])
            syllable = 0xAC00 + (_INITIALS.index(lead) * 21 + _VOWELS.index(run[i + 1])) * 28
            out.append(chr(syllable + final))
            i += 3 if final else 2
        else:
            out.append(lead)
            i += 1
    return "".join(out)


def compose_jamo(text: str) -> str:
    """Runs of typed jamo that contain a vowel are written as syllables; 'ㅋㅋ' stays."""
    return _JAMO_RUN.sub(_compose_match, text)


def _compose_match(match: regex.Match) -> str:
    run = match.group(0)
    return _compose_run(run) if any(ch in _VOWELS for ch in run) else run


def fold(text: str) -> str:
    """Compatibility forms, case, accents, invisible characters and look-alikes folded away."""
    text = unicodedata.normalize("NFKD", compose_jamo(text).casefold())
    # Marks, invisible format characters and lone surrogates (which no analyser can read).
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf", "Cs"))
    return unicodedata.normalize("NFC", text).translate(CONFUSABLES).translate(_TO_COMPAT)


_TOKEN = regex.compile(r"[\p{L}\p{N}@$!|€]+")
_LATIN = regex.compile(r"[a-z]")
_HANGUL = regex.compile(r"[\p{Hangul}]")
_REPEATS = regex.compile(r"(.)\1+")


def _clean_token(token: str) -> str:
    token = token.strip("!|")  # punctuation at a word's edge, not a disguised letter
    if _LATIN.search(token.translate(LEET)) and _LATIN.search(token):
        token = token.translate(LEET)
    return "".join(ch for ch in token if ch.isalpha())


def tokens(text: str, *, article_apart: bool = False) -> list[str]:
    """Words of `text` folded for matching; runs of single letters ("i d i o t") are joined.

    With `article_apart`, a run that starts with "a" or "i" keeps that word apart ("what a
    b l o c k h e a d" -> "a", "blockhead"); the English matcher tries both readings.
    """
    words = [w for w in (_clean_token(t) for t in _TOKEN.findall(fold(text))) if w]
    joined: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if len(word) == 1 and not _HANGUL.match(word):
            run.append(word)
            continue
        if article_apart and len(run) >= 4 and run[0] in ("a", "i"):
            joined.append(run.pop(0))
        if len(run) >= 3:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


@functools.lru_cache(maxsize=8192)
def collapse(word: str) -> str:
    """Repeated letters as one ("idiooooot" -> "idiot", "asshole" -> "ashole")."""
    return _REPEATS.sub(r"\1", word)


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
