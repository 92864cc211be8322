"""Each moderation rule, as a pure function, including the usual attempts to evade it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.talk import moderation as m
from broadsheet.talk.moderation import Submission, Verdict

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BANNED = ("idiot", "scumbag", "시발", "병신")
SUSPECT = ("liar", "shut up", "빨갱이")


def sub(text: str, **kw) -> Submission:
    kw.setdefault("banned_words", BANNED)
    kw.setdefault("suspect_words", SUSPECT)
    return Submission(text=text, now=NOW, **kw)


# --- banned words (reject) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You are an idiot",
        "IDIOT",
        "i d i o t",
        "i.d.i.o.t",
        "1d10t",
        "id!0t",
        "idiooooot",
        "idiots all of you",
        "ｉｄｉｏｔ",
        "id\u200biot",
        "іdiot",  # Cyrillic і
        "ídiót",
        "scum bag",
        "시발",
        "시1발",
        "시 발",
        "ㅅㅣㅂㅏㄹ",
        "시발놈들",
        "병 신",
    ],
)
def test_banned_words_reject_even_when_disguised(text):
    """Spacing, case, look-alike letters and digit swaps do not get a banned word through."""
    finding = m.banned_words(sub(text))
    assert finding is not None and finding.verdict == Verdict.REJECT
    assert finding.clause == "respect"


@pytest.mark.parametrize(
    "text",
    [
        "This is a classic idiom",
        "The idiom is idiomatic",
        "Scum is a word about pond life",
        "시민들이 발표했다",
        "2024 budget",
        "",
    ],
)
def test_banned_words_leave_innocent_text_alone(text):
    assert m.banned_words(sub(text)) is None


# --- suspect words (hold) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["He is a LIAR", "l1ar", "liars, all", "shut   up", "SHUT-UP", "빨 갱 이", "빨갱이들"]
)
def test_suspect_words_hold(text):
    finding = m.suspect_words(sub(text))
    assert finding is not None and finding.verdict == Verdict.HOLD and finding.clause == "civility"


def test_suspect_words_do_not_match_inside_other_words():
    assert m.suspect_words(sub("The reliar brand is unrelated; shutter up")) is None


# --- links (hold) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.com/x",
        "www.example.org",
        "visit example.com today",
        "naver dot com",
        "example(dot)kr",
        "hxxps://bad.example",
        "EXAMPLE.COM",
    ],
)
def test_links_hold(text):
    finding = m.links(sub(text))
    assert finding is not None and finding.verdict == Verdict.HOLD and finding.clause == "links"


@pytest.mark.parametrize("text", ["I am done. Me too.", "Prices rose 3.5 percent", "e.g. this"])
def test_sentences_are_not_links(text):
    assert m.links(sub(text)) is None


# --- personal data (hold) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,detail",
    [
        ("call me 010-1234-5678", "phone number"),
        ("010 1234 5678", "phone number"),
        ("+82 10 1234 5678", "phone number"),
        ("(02) 123-4567 ext", "phone number"),
        ("공일공 일이삼사 오육칠팔", "phone number"),
        ("０１０－１２３４－５６７８", "phone number"),
        ("mail kim@example.com", "e-mail address"),
        ("kim (at) example (dot) com", "e-mail address"),
        ("kim at example dot com", "e-mail address"),
        ("900101-1234568", "resident registration number"),
        ("9001011234568", "resident registration number"),
    ],
)
def test_personal_data_holds(text, detail):
    finding = m.personal_data(sub(text))
    assert finding is not None and finding.verdict == Verdict.HOLD
    assert finding.clause == "privacy" and finding.detail == detail


@pytest.mark.parametrize(
    "text",
    [
        "The budget is 2,000,000,000 won",
        "From 2019-2024 prices rose",
        "Meet at 10:30",
        "I was at home",
        "국회의원 300명",
    ],
)
def test_numbers_that_are_not_personal_data_pass(text):
    assert m.personal_data(sub(text)) is None


# --- shouting and repeated characters (hold) -------------------------------------------------


def test_shouting_holds():
    finding = m.shouting(sub("THIS GOVERNMENT IS A DISGRACE"))
    assert finding is not None and finding.clause == "legibility"


def test_short_acronyms_are_not_shouting():
    assert m.shouting(sub("The NIS and the KCNA disagree about the DPRK")) is None


@pytest.mark.parametrize(
    "text",
    [
        "nooooooooooooo",
        "!!!!!!!!!!!!",
        "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ",
        "👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽",
        "spam spam spam spam spam spam",
    ],
)
def test_repeated_characters_hold(text):
    finding = m.repeated_characters(sub(text))
    assert finding is not None and finding.clause == "legibility"


def test_a_little_laughter_is_fine():
    assert m.repeated_characters(sub("ㅋㅋㅋ 재밌네요!!")) is None


# --- duplicates (reject) ---------------------------------------------------------------------


def test_the_same_text_again_is_rejected_despite_case_and_spacing():
    finding = m.duplicate(sub("Great  article!", recent_texts=("great article",)))
    assert finding is not None and finding.verdict == Verdict.REJECT and finding.clause == "spam"


def test_different_text_is_not_a_duplicate():
    assert m.duplicate(sub("Great article!", recent_texts=("Poor article.",))) is None


# --- new readers, pre-moderation, toxicity (hold) --------------------------------------------


def test_first_comments_of_a_new_reader_are_held():
    assert m.new_reader(sub("hi", author_published_count=0, hold_first_comments=1)) is not None
    assert m.new_reader(sub("hi", author_published_count=1, hold_first_comments=1)) is None
    assert m.new_reader(sub("hi", author_published_count=0, hold_first_comments=0)) is None


def test_premoderation_holds():
    finding = m.premoderation(sub("hi", premoderated=True))
    assert finding is not None and finding.clause == "premoderation"
    assert m.premoderation(sub("hi")) is None


def test_toxicity_only_when_a_scorer_answered():
    """Without a configured scorer the score is None and nothing pretends to score."""
    assert m.toxicity(sub("hi", toxicity=None)) is None
    assert m.toxicity(sub("hi", toxicity=0.2)) is None
    assert m.toxicity(sub("hi", toxicity=0.95)).verdict == Verdict.HOLD


# --- rate limits (refuse with a wait) --------------------------------------------------------


def test_account_rate_limit_says_how_long_to_wait():
    times = tuple(NOW - timedelta(seconds=s) for s in (10, 20, 30, 40, 250))
    finding = m.account_rate_limit(
        sub("hi", author_recent_times=times, account_limit=5, window_seconds=300)
    )
    assert finding is not None and finding.verdict == Verdict.REFUSE
    assert finding.retry_after == 50  # the comment 250 s ago leaves the window in 50 s


def test_account_under_the_limit_may_post():
    times = tuple(NOW - timedelta(seconds=s) for s in (10, 400))
    assert m.account_rate_limit(sub("hi", author_recent_times=times, account_limit=2)) is None


def test_ip_rate_limit():
    times = tuple(NOW - timedelta(seconds=1) for _ in range(3))
    finding = m.ip_rate_limit(sub("hi", ip_recent_times=times, ip_limit=3, window_seconds=60))
    assert finding.verdict == Verdict.REFUSE and finding.retry_after == 59


def test_edits_are_rate_limited_on_the_times_given():
    """For an edit the services pass the author's recent edits; the address is not counted."""
    times = tuple(NOW for _ in range(10))
    finding = m.account_rate_limit(sub("hi", is_edit=True, author_recent_times=times))
    assert finding is not None and finding.verdict == Verdict.REFUSE
    assert m.ip_rate_limit(sub("hi", is_edit=True, ip_recent_times=times, ip_limit=1)) is None


def test_the_rule_sets_split_rules_once():
    """Pace and race rules are checked inside the transaction; the content rules before it."""
    assert m.RULES[: len(m.PACE_RULES)] == m.PACE_RULES
    assert sorted(m.RACE_RULES + m.CONTENT_RULES, key=m.RULES.index) == m.RULES


def test_combined_outcomes_decide_as_one_run():
    s = sub("idiot idiot", recent_texts=("idiot idiot",))
    whole = m.moderate(s)
    parts = m.combine(m.moderate(s, m.RACE_RULES), m.moderate(s, m.CONTENT_RULES))
    assert parts == whole and whole.rule == "banned_words"


# --- the pipeline ----------------------------------------------------------------------------


def test_clean_text_is_published():
    outcome = m.moderate(sub("A thoughtful remark about the budget."))
    assert outcome.verdict == Verdict.PUBLISH and outcome.findings == ()


def test_the_most_severe_finding_decides_and_all_are_kept():
    outcome = m.moderate(sub("idiot, see example.com"))
    assert outcome.verdict == Verdict.REJECT and outcome.rule == "banned_words"
    assert {f.rule for f in outcome.findings} == {"banned_words", "links"}


def test_every_rule_is_registered_once():
    assert len(m.RULES) == len(set(m.RULES))
    names = {rule.__name__ for rule in m.RULES}
    assert {
        "banned_words",
        "suspect_words",
        "links",
        "personal_data",
        "shouting",
        "repeated_characters",
        "duplicate",
        "new_reader",
        "premoderation",
        "account_rate_limit",
        "ip_rate_limit",
        "toxicity",
    } <= names


def test_every_rule_cites_a_known_clause():
    from broadsheet.talk.clauses import CLAUSES

    texts = ["idiot", "liar", "x.com", "010-1234-5678", "LOUD LOUD LOUD LOUD", "aaaaaaaaaaaaa"]
    for text in texts:
        for finding in m.moderate(
            sub(text, recent_texts=(text,), premoderated=True, hold_first_comments=1, toxicity=1.0)
        ).findings:
            assert finding.clause in CLAUSES
