"""List terms match words as words (talk/wordmatch): the issue's innocent sentences pass, the
disguises readers use still match, and each match mode does what docs/talk.md says."""

from __future__ import annotations

import pytest

from broadsheet.talk.wordmatch import EXACT, PREFIX, WORD, Term, contains_term, find_term
from broadsheet.talk.wordmatch.fold import fold
from broadsheet.talk.wordmatch.listfile import default_entries, dump, parse

LIST = (
    Term("시발"),
    Term("병신", PREFIX),
    Term("씨발", PREFIX),
    Term("ㅅㅂ"),
    Term("ㅆㅂ"),
    Term("역겹"),
    Term("idiot"),
    Term("retard"),
    Term("traitor"),
    Term("fuck", PREFIX),
    Term("scumbag"),
)


@pytest.mark.parametrize(
    "text",
    [
        # The issue's sentences: words that end in 시 next to words that start with 발 ...
        "서울시 발표에 따르면",
        "사고가 다시 발생했다",
        "법안은 즉시 발효된다",
        "감염병 신고가 늘었다",
        "the fire retardant worked",
        "acid iota",
        "a family trait or a habit",
        # ... and more of the same kind.
        "시발점이 된 사건",
        "서울시발전연구원은",
        "그는 즉시 발언을 멈췄다",
        "감염병 신속 대응",
        "Coming home to a traitorous winter? No: a trait, or two.",
        "The idiom is idiomatic",
    ],
)
def test_innocent_sentences_match_no_term(text):
    assert find_term(text, LIST) is None


@pytest.mark.parametrize(
    "text,term",
    [
        ("시1발", "시발"),
        ("시.발", "시발"),
        ("시 발", "시발"),
        ("씨 발", "씨발"),
        ("씨~발놈아", "씨발"),
        ("ㅅㅣㅂㅏㄹ", "시발"),
        ("시발놈들", "시발"),
        ("ＳＢ 아니고 ㅅㅂ", "ㅅㅂ"),
        ("ㅆㅂ 진짜", "ㅆㅂ"),
        ("병 신", "병신"),
        ("병신같은", "병신"),
        ("역겨워", "역겹"),  # a stem finds its conjugated spelling
        ("ｉｄｉｏｔ", "idiot"),
        ("іdiot", "idiot"),  # Cyrillic і
        ("1d10t", "idiot"),
        ("i d i o t", "idiot"),
        ("id.iot", "idiot"),
        ("idiooooots", "idiot"),
        ("retarded", "retard"),
        ("traitors", "traitor"),
        ("f.u.c.k", "fuck"),
        ("fuuuucking", "fuck"),
        ("scum bag", "scumbag"),
    ],
)
def test_disguised_terms_still_match(text, term):
    found = find_term(text, LIST)
    assert found is not None and found[0].text == term


def test_word_mode_takes_inflections_but_not_longer_words():
    assert contains_term("idiots", Term("idiot", WORD))
    assert not contains_term("idiotic", Term("idiot", WORD))
    assert contains_term("idiotic", Term("idiot", PREFIX))
    assert not contains_term("idiots", Term("idiot", EXACT))
    assert not contains_term("coming", Term("commie"))  # a letter may not be dropped


def test_korean_modes():
    assert contains_term("시발놈아", Term("시발", WORD))  # 시발 is a morpheme of it
    assert not contains_term("시발점", Term("시발", WORD))  # 시발점 is one word
    assert contains_term("시발점", Term("시발", PREFIX))
    assert contains_term("미친", Term("미친", EXACT))
    assert not contains_term("미친놈", Term("미친", EXACT))


def test_a_plain_string_is_a_word_mode_term():
    assert contains_term("idiots", "idiot") and not contains_term("시발점", "시발")


def test_fold_undoes_full_width_and_typed_jamo():
    assert fold("ＡＢＣ ㄱㅐㅅㅐㄲㅣ") == "abc 개새끼"
    assert fold("ㅋㅋㅋ") == "ㅋㅋㅋ"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        Term("x", "substring")


def test_default_lists_parse_and_round_trip():
    entries = default_entries()
    assert {e.language for e in entries} == {"ko", "en"}
    assert {e.kind for e in entries} == {"banned", "suspect"}
    again, errors = parse(dump(entries))
    assert not errors and again == entries
    again_csv, errors = parse(dump(entries, "csv"), fmt="csv")
    assert not errors and again_csv == entries


def test_a_bad_line_is_reported_with_its_number_and_the_others_kept():
    text = (
        "term\tkind\tmode\tclause\tnote\nidiot\tsuspect\tword\t\t\nx\tawful\tword\t\t\n\tbanned\n"
    )
    entries, errors = parse(text, clauses=frozenset({"civility"}))
    assert [e.term for e in entries] == ["idiot"]
    assert [(e.line, "kind" in e.message or "empty" in e.message) for e in errors] == [
        (3, True),
        (4, True),
    ]


ISSUE_INNOCENT = [
    "서울시 발표에 따르면",
    "사고가 다시 발생했다",
    "법안은 즉시 발효된다",
    "감염병 신고가 늘었다",
    "the fire retardant worked",
    "acid iota",
    "a family trait or a habit",
]


@pytest.fixture(scope="module")
def default_lists():
    entries = default_entries()
    return tuple(e.as_term() for e in entries)


@pytest.mark.parametrize("text", ISSUE_INNOCENT)
def test_the_default_lists_pass_the_issues_innocent_sentences(default_lists, text):
    assert find_term(text, default_lists) is None


@pytest.mark.parametrize(
    "text",
    [
        "미개봉 상품과 미개척 분야",
        "가시나무 숲길",
        "반려견 개 유치원이 문을 열었다",
        "개가 짖어서 잠을 깼다",
        "4가지 방법을 소개한다",
        "태풍이 큰 영향을 미쳤다",
        "사기꾼 일당이 검거됐다",
        "골 빈곤에 시달리는 팀",
    ],
)
def test_ordinary_words_beside_the_tuned_stems_pass(default_lists, text):
    """Words that share letters with entries added when the list was tuned (docs/talk.md)."""
    assert find_term(text, default_lists) is None


@pytest.mark.parametrize(
    "text",
    ["미개한 세계관", "가시나들이", "CG는 개 유치하고", "그만 짖어라", "골빈건지", "약쟁이 ㅁㅊ"],
)
def test_the_tuned_stems_catch_their_insults(default_lists, text):
    assert find_term(text, default_lists) is not None


@pytest.mark.parametrize(
    "text",
    [
        "시1발 진짜",
        "씨 발",
        "ㅅㅂ",
        "ㅆㅂ 뭐냐",
        "병1신들",
        "개.새.끼",
        "fuuuck you",
        "what a b1tch",
    ],
)
def test_the_default_lists_catch_the_usual_evasions(default_lists, text):
    assert find_term(text, default_lists) is not None


@pytest.mark.parametrize(
    "text", ["\ud800시발", "시\udfff발", "\U0001f600\U0001f600 서울시발전연구원"]
)
def test_odd_code_points_neither_crash_nor_shift_the_boundaries(text):
    found = find_term(text, LIST)
    assert (found is None) == ("서울" in text)
