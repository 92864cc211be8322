"""Personal data in a comment: Korean phone and resident registration numbers, e-mail addresses.

Plain Python (no Django; an import-linter contract): `moderation.personal_data` and the
toxicity scorer's guard (`services.screening.score_toxicity`) call `find_personal_data`.

Numbers are found in two steps. First every run of digit-like units is read as digits: ASCII
and full-width digits, Korean numerals (공/영/빵 일 이 삼 사 오 육/륙 칠 팔 구 and the native
하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉) and Latin look-alikes standing apart from other letters
(O for 0, I/l/| for 1, Z for 2, S for 5, B for 8), joined by up to three separators of any kind
(spaces, hyphens and every dash, `/`, `_`, `·`, `~`, `.`, brackets). Then every stretch of whole
groups of that run holding 9 to 15 digits is checked against what the number must be: a Korean
mobile, area-code or 070/050 number (optionally after +82), an international number written
with `+`, or a resident registration number whose birth date is a real date and whose check
digit is right where one exists. Counts, prices, dates, scores and years are not such numbers,
so news text passes (tests/talk/test_personal_data.py).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import regex

RRN = "resident registration number"
EMAIL = "e-mail address"
PHONE = "phone number"

_SINO = {
    "공": "0",
    "영": "0",
    "빵": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "륙": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
_NATIVE = {
    "하나": "1",
    "둘": "2",
    "셋": "3",
    "넷": "4",
    "다섯": "5",
    "여섯": "6",
    "일곱": "7",
    "여덟": "8",
    "아홉": "9",
}
_LOOKALIKE = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "ㅇ": "0", "I": "1", "l": "1", "|": "1", "ㅣ": "1"}
    | {"Z": "2", "S": "5", "B": "8"}
)
_SINO_CHARS = "".join(_SINO)
# A Korean numeral counts only when the next Hangul syllable, if any, starts a numeral too:
# "이다", "삼성" and "하나의" are words, not digits; "공일공일이삼사", "하나둘셋" are numbers.
_NUMERAL = rf"(?:{'|'.join(_NATIVE)}|[{_SINO_CHARS}])"
_NOT_WORD = rf"(?!(?!{_NUMERAL})[가-힣])"
_UNIT = (
    r"(?:\d"
    rf"|(?:{'|'.join(_NATIVE)}){_NOT_WORD}"
    rf"|[{_SINO_CHARS}]{_NOT_WORD}"
    r"|[ㅇㅣ〇]"
    r"|(?<![A-Za-z])[OoIlZSB|]+(?![A-Za-z]))"
)
_SEPARATOR = r"[\s\-‐‑‒–—―−﹘/_·・‧•∙~〜.()\[\]]"
_RUN = regex.compile(rf"\+?{_UNIT}(?:{_SEPARATOR}{{0,3}}{_UNIT})*", regex.VERSION1)
_GROUP = regex.compile(_UNIT, regex.VERSION1)

_KOREAN_PHONE = regex.compile(
    r"(?:820?|0)"
    r"(?:1(?:0\d{8}|[16789]\d{7,8})"  # mobile: 010 and eight digits, older 011/016/017/018/019
    r"|2\d{7,8}"  # Seoul
    r"|(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])\d{7,8}"  # the other area codes
    r"|70\d{7,8}"  # internet telephony
    r"|50[2-8]\d{7,8})"  # personal "safe numbers"
)
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# From October 2020 the digits after the one for sex and century are random: no check digit.
_RANDOM_FROM = date(2020, 10, 1)
_CENTURY = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "5": 1900, "6": 1900}


def _digits(unit: str) -> str:
    if unit in _NATIVE:
        return _NATIVE[unit]
    if unit in _SINO:
        return _SINO[unit]
    return unit.translate(_LOOKALIKE)


def number_groups(text: str) -> list[list[str]]:
    """Each run of digit-like units in `text`, as its groups of digits (split at separators)."""
    runs: list[list[str]] = []
    for match in _RUN.finditer(text):
        groups: list[str] = []
        previous_end = None
        for unit in _GROUP.finditer(match.group(0)):
            digits = _digits(unit.group(0))
            if previous_end == unit.start() and groups:
                groups[-1] += digits
            else:
                groups.append(digits)
            previous_end = unit.end()
        if sum(len(g) for g in groups) >= 9:
            runs.append(["+" + groups[0] if match.group(0).startswith("+") else groups[0]])
            runs[-1].extend(groups[1:])
    return runs


def birth_date(number: str) -> date | None:
    """The birth date of a 13-digit resident registration number, or None if it has none."""
    century = _CENTURY.get(number[6], 2000)
    try:
        born = date(century + int(number[:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None
    return born if born <= datetime.now(UTC).date() else None


def is_rrn(number: str) -> bool:
    """A resident registration number: a real birth date, and the check digit if it has one.

    Numbers issued before October 2020 end in a check digit (foreign residents' numbers,
    sex digits 5 to 8, with its own offset); those issued since (so every number of a person
    born since) end in random digits, so a real date is all that can be checked. A number
    re-issued since then to a person born earlier is missed: it looks like a wrong check digit.
    """
    if len(number) != 13 or not number.isdigit():
        return False
    born = birth_date(number)
    if born is None:
        return False
    if born >= _RANDOM_FROM:
        return number[6] in "3478"
    total = sum(int(d) * w for d, w in zip(number, _RRN_WEIGHTS, strict=False))
    offset = 13 if number[6] in "5678" else 11
    return (offset - total % 11) % 10 == int(number[12])


def _is_phone(digits: str, *, plus: bool) -> bool:
    if _KOREAN_PHONE.fullmatch(digits):
        return True
    return plus and 8 <= len(digits) <= 15  # "+44 20 7946 0000": any country, written as such


def numbers_in(text: str) -> list[str]:
    """What each number that is personal data in `text` is (RRN or PHONE), in order."""
    found: list[str] = []
    for groups in number_groups(text):
        for start in range(len(groups)):
            plus = groups[start].startswith("+")
            digits = ""
            for group in groups[start:]:
                digits += group.lstrip("+")
                if len(digits) > 15:
                    break
                if len(digits) == 13 and is_rrn(digits):
                    found.append(RRN)
                elif len(digits) >= 9 and _is_phone(digits, plus=plus):
                    found.append(PHONE)
    return found


# --- e-mail -----------------------------------------------------------------------------------

_AT = regex.compile(r"@|\(at\)|\[at\]|(?<![a-z])at(?![a-z])|골뱅이", regex.IGNORECASE)
_LOCAL = regex.compile(r"[\w.+-]{1,64}+\s{0,3}$")
_TLD_LATIN = (
    "com|net|org|kr|co|io|me|info|biz|xyz|app|dev|gg|tv|site|online|shop|jp|cn|us|uk|de|edu"
)
_TLD_KOREAN = "컴|넷|케이알|오알지|씨오"
_DOT = r"(?:\.|\(dot\)|\[dot\]|(?<![a-z])dot(?![a-z])|닷|점)"
# A domain label never contains 닷 or 점 and is taken whole (possessive): no backtracking.
_LABEL = r"(?:(?!닷|점)[\w-]){1,63}+"
_DOMAIN = regex.compile(
    rf"\s{{0,3}}{_LABEL}(?:\s{{0,3}}{_DOT}\s{{0,3}}{_LABEL}){{0,3}}"
    rf"\s{{0,3}}{_DOT}\s{{0,3}}(?:(?:{_TLD_LATIN})(?![a-z0-9])|(?:{_TLD_KOREAN}))",
    regex.IGNORECASE,
)


def has_email(text: str) -> bool:
    """An address written with @ or (at)/at/골뱅이 and a domain ending in . / dot / 닷 + a TLD.

    Each "at" is looked at once, with a bounded window on either side: linear in the text.
    """
    for at in _AT.finditer(text):
        local = _LOCAL.search(text[max(0, at.start() - 70) : at.start()])
        if local is not None and _DOMAIN.match(text[at.end() : at.end() + 300]):
            return True
    return False


def fold(text: str) -> str:
    """Compatibility forms folded (full-width digits, @ and dashes become their plain forms)."""
    return unicodedata.normalize("NFKC", text)


def find_personal_data(text: str) -> str | None:
    """The first kind of personal data in `text` (RRN, then EMAIL, then PHONE), or None."""
    folded = fold(text)
    numbers = numbers_in(folded)
    if RRN in numbers:
        return RRN
    if has_email(folded):
        return EMAIL
    if numbers:
        return PHONE
    return None
