"""The personal-data rule: Korean phone and resident registration numbers and e-mail addresses,
however they are written, and the numbers of ordinary news text that must pass."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from broadsheet.talk import personal_data as pd
from broadsheet.talk import services
from broadsheet.talk.models import CommentStatus
from broadsheet.talk.personal_data import EMAIL, PHONE, RRN, find_personal_data, is_rrn
from tests.shared_data import shared_path

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "src/broadsheet/newsroom/demo/articles"

# 900101-1234568: born 1 January 1990, its check digit right (…567 would be wrong).
PERSONAL = [
    ("call me 010-1234-5678", PHONE),
    ("010 1234 5678", PHONE),
    ("010.1234.5678", PHONE),
    ("+82 10 1234 5678", PHONE),
    ("(02) 123-4567 ext", PHONE),
    ("031-123-4567", PHONE),
    ("070 1234 5678", PHONE),
    ("+1 415 555 0100", PHONE),
    ("０１０－１２３４－５６７８", PHONE),
    ("010–1234–5678", PHONE),
    ("010—1234—5678", PHONE),
    ("010/1234/5678", PHONE),
    ("010_1234_5678", PHONE),
    ("010·1234·5678", PHONE),
    ("010~1234~5678", PHONE),
    ("010 - 1234 - 5678", PHONE),
    ("0 1 0 1 2 3 4 5 6 7 8", PHONE),
    ("O1O-l234-5678", PHONE),
    ("공일공 일이삼사 오육칠팔", PHONE),
    ("공1공-일이34-5678", PHONE),
    ("영일영 하나둘셋넷 다섯여섯일곱여덟", PHONE),
    ("전화공일공일이삼사오육칠팔", PHONE),
    ("번호는 010-1234-5678이다", PHONE),
    ("mail kim@example.com", EMAIL),
    ("kim＠example.co.kr", EMAIL),
    ("kim (at) example (dot) com", EMAIL),
    ("kim at example dot com", EMAIL),
    ("kim 골뱅이 naver 닷 com", EMAIL),
    ("kim골뱅이naver닷컴으로 연락", EMAIL),
    ("kim 골뱅이 daum 점 net", EMAIL),
    ("900101-1234568", RRN),
    ("9001011234568", RRN),
    ("900101–1234568", RRN),
    ("900101—1234568", RRN),
    ("900101/1234568", RRN),
    ("900101_1234568", RRN),
    ("900101·1234568", RRN),
    ("900101~1234568", RRN),
    ("9OO1O1-1234568", RRN),
    ("구공공일공일-일이삼사오육팔", RRN),
    ("구공공일공일-1234568", RRN),
    ("born 2021: 210315-3123456", RRN),  # issued after October 2020: no check digit
]


@pytest.mark.parametrize("text,kind", PERSONAL)
def test_personal_data_is_found_however_it_is_written(text, kind):
    assert find_personal_data(text) == kind


INNOCENT = [
    "The budget is 2,000,000,000 won",
    "From 2019-2024 prices rose",
    "Meet at 10:30",
    "I was at home",
    "He arrived at Incheon. Companies said nothing.",
    "국회의원 300명",
    "2024-05-12",
    "2023.10.01 기준",
    "1995년 12월 31일 10시 20분",
    "3,000원",
    "1,234,567명",
    "3-2로 이겼다",
    "The score was 102-98 after 2 OT",
    "1990~2000년",
    "1959-2018",
    "2019 2020 2021 2022",
    "제12조 제3항",
    "2023고합1234",
    "ISBN 978-89-123-4567-8",
    "신고는 112, 화재는 119",
    "콜센터 1588-1234",
    "KTX 010편",
    "20 30대",
    "Samsung shares rose 1.5% to 70,000 won on 2024-10-11",
    "Look at 12 345 6789 cases",
    "오늘 일이 삼성에서 있었다",
    "하나의 사건, 둘이서 셋째 날",
    "마이크로 닷 뒤에com도 잡아왔냐?",
    "골뱅이 무침 맛집",
    "900101-1234567",  # the date is real but the check digit is wrong
    "991332-1234568",  # no 32nd of the 13th month
    "https://m.ilbe.com/view/11207994540",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_the_numbers_of_ordinary_text_pass(text):
    assert find_personal_data(text) is None


def test_a_check_digit_is_required_only_before_october_2020():
    assert is_rrn("9001011234568") and not is_rrn("9001011234567")
    assert is_rrn("2103153123456") and is_rrn("2103153123457")  # random since October 2020
    assert not is_rrn("2103151123456")  # sex digit 1 is for the 1900s: 1921 is a check-digit year
    assert is_rrn("9001015234561") and not is_rrn(
        "9001015234568"
    )  # foreign residents' check digit has its own offset


def test_the_rule_does_linear_work_on_hostile_text():
    """Runs of separators, at-signs and 점 cost a bounded amount of work per character."""
    for hostile in ("x@" + "점" * 998, "0-" * 500, "a@" * 500, "at " * 333, "O " * 500):
        assert find_personal_data(hostile) in (None, PHONE)
    assert pd.number_groups("0-" * 10) == [["0"] * 10]


def test_no_comment_or_title_of_the_shared_corpus_is_taken_for_personal_data():
    """The corpus's comments and its news titles hold no personal data (the old rule held 2)."""
    folder = shared_path("moderation", "ko-news-comments")
    with (folder / "train.tsv").open(encoding="utf-8") as f:
        comments = [row["comments"] for row in csv.DictReader(f, delimiter="\t")]
    titles = (folder / "train.news_title.txt").read_text(encoding="utf-8").splitlines()
    assert len(comments) > 7000 and len(titles) > 7000
    assert [t for t in comments + titles if find_personal_data(t)] == []


def test_no_line_of_the_demo_articles_is_taken_for_personal_data():
    lines = [
        line
        for path in sorted(DEMO_ARTICLES.glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(lines) > 100
    assert [line for line in lines if find_personal_data(line)] == []


@pytest.fixture
def scorer(settings, monkeypatch):
    """An external toxicity scorer that records every text it is sent."""
    settings.TALK_TOXICITY_URL = "http://scorer.invalid/score"
    sent: list[str] = []

    def urlopen(request, timeout):
        sent.append(json.loads(request.data)["text"])
        return io.BytesIO(b'{"score": 0.1}')

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return sent


@pytest.mark.django_db
def test_text_with_personal_data_is_never_sent_to_the_scorer(post, reader, scorer):
    clean = post(reader, "A fair point about the budget")
    held = post(reader, "call kim on 010 1234 5678")
    assert scorer == ["A fair point about the budget"]
    assert clean.status == CommentStatus.PUBLISHED
    assert (held.status, held.rule) == (CommentStatus.PENDING, "personal_data")


@pytest.mark.django_db
def test_an_edit_adding_personal_data_is_not_sent_to_the_scorer(post, reader, scorer):
    comment = post(reader, "Write to me")
    edited = services.edit_comment(reader, comment.pk, "Write to me: kim 골뱅이 naver 닷 com")
    assert scorer == ["Write to me"]
    assert edited.status == CommentStatus.PENDING and edited.rule == "personal_data"
