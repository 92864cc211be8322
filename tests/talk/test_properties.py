"""Property tests (hypothesis) for the comment cleaner, the counter and the moderation rules.

Whatever text arrives, the functions readers' input passes through never raise (or raise only
the reader-facing CommentError), their output is bounded by a constant times their input, the
cleaner is idempotent and every verdict is the same when asked twice. The rules are exercised
through their public surface only (RULES, CONTENT_RULES, moderate, combine), so a rule that is
added or changed is covered without editing this file. Derandomised: CI sees the same examples.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from broadsheet.talk import app_settings
from broadsheet.talk.counting import (
    count_characters,
    graphemes,
    normalise_text,
    overloaded_character,
)
from broadsheet.talk.errors import CommentError
from broadsheet.talk.moderation import (
    CONTENT_RULES,
    PACE_RULES,
    RACE_RULES,
    RULES,
    Finding,
    Submission,
    Verdict,
    combine,
    contains_term,
    moderate,
    tokens,
)
from broadsheet.talk.services.screening import bounded_input, clean_text

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# NFC maps one code point to at most three (U+FB2C and friends): the bound on growth.
NFC_GROWTH = 3
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
CASES = json.loads((Path(__file__).parent / "counter_cases.json").read_text("utf-8"))["cases"]

# Text as an attacker writes it: any code point, weighted towards the troublesome ones
# (combining marks, spaces of every kind, CR/LF, Hangul jamo, emoji with joiners).
_TRICKY = st.sampled_from(
    [
        "\u0301",
        "\u0308",
        "\u0e31",
        "\u200d",
        "\ufe0f",
        "\r",
        "\n",
        "\r\n",
        " ",
        "\u3000",
        "\u2000",
        "\ufeff",
        "\u1100",
        "\u1161",
        "\u11a8",
        "\U0001f468",
        "\U0001f3fb",
        "e",
        "E",
        "1",
        "@",
        ".",
        "시",
        "\ufb2c",
        "\u0958",
    ]
)
attacker_text = st.lists(st.one_of(st.characters(), _TRICKY), max_size=300).map("".join)
comment_sized = st.text(max_size=1000) | attacker_text
word_lists = st.lists(st.text(min_size=1, max_size=12) | _TRICKY, max_size=4).map(tuple)


def _submission(text: str, banned=(), suspect=(), recent=()) -> Submission:
    return Submission(
        text=text,
        now=NOW,
        banned_words=banned,
        suspect_words=suspect,
        recent_texts=recent,
        author_recent_times=(NOW - timedelta(seconds=5),),
        ip_recent_times=(NOW - timedelta(seconds=5),),
    )


# --- the normaliser and the counter (pure, no settings) --------------------------------------


@PROPERTY
@given(comment_sized)
@example("a" + " " * 4000 + "a")
@example("\ufb2c" * 50)
def test_normalise_never_raises_is_bounded_and_idempotent(text):
    """NFC, LF and trimming: at most three code points out per code point in, and stable."""
    once = normalise_text(text)
    assert len(once) <= NFC_GROWTH * len(text)
    assert normalise_text(once) == once


@PROPERTY
@given(comment_sized)
def test_the_count_is_bounded_and_the_same_for_the_stored_text(text):
    """Counting the stored text gives the count the reader saw; never more than code points."""
    count = count_characters(text)
    stored = normalise_text(text)
    assert 0 <= count <= len(stored)
    assert count_characters(stored) == count
    assert "".join(graphemes(stored)) == stored


@PROPERTY
@given(st.sampled_from(CASES), st.sampled_from(CASES))
def test_counts_of_the_shared_table_add_up_across_a_line_break(a, b):
    """Two of the table's strings on two lines count as their counts plus the line break."""
    left, right = normalise_text(a["text"]), normalise_text(b["text"])
    if not left or not right:
        return
    assert count_characters(left + "\n" + right) == a["count"] + 1 + b["count"]


@PROPERTY
@given(attacker_text, st.integers(min_value=1, max_value=12))
def test_overloaded_character_is_monotone_in_its_limit(text, limit):
    """Text refused at some limit is refused at every lower one."""
    if overloaded_character(text, limit):
        assert overloaded_character(text, limit - 1)


# --- the cleaner that every comment passes (reads the operator's limits) ---------------------


@PROPERTY
@given(comment_sized | st.text(min_size=900, max_size=1200))
@example("a" + "\u0301" * 30)
@example(" " * 40_000)
def test_clean_text_refuses_or_returns_a_bounded_idempotent_comment(text):
    """Either a CommentError with a 4xx or text within the limit that cleans to itself."""
    try:
        cleaned = clean_text(text)
    except CommentError as error:
        assert 400 <= error.status < 500 and error.message
        return
    assert len(text) <= app_settings.max_comment_input()
    assert not overloaded_character(text, app_settings.max_combining_marks())
    assert 0 < count_characters(cleaned) <= app_settings.max_comment_characters()
    assert len(cleaned) <= NFC_GROWTH * len(text)
    assert clean_text(cleaned) == cleaned


@PROPERTY
@given(comment_sized, st.integers(min_value=1, max_value=2000))
def test_bounded_input_passes_only_bounded_text(text, cap):
    """What bounded_input lets through is at most the cap and has no overloaded character."""
    try:
        bounded_input(text, cap, "too long")
    except CommentError as error:
        assert error.status == 400
        return
    assert len(text) <= cap
    assert not overloaded_character(text, app_settings.max_combining_marks())


# --- the moderation rules ---------------------------------------------------------------------


@PROPERTY
@given(comment_sized, word_lists, word_lists, st.lists(comment_sized, max_size=3).map(tuple))
def test_every_rule_answers_any_text_the_same_way_twice(text, banned, suspect, recent):
    """No rule raises; each answers None or a Finding; moderate() is deterministic."""
    facts = _submission(text, banned, suspect, recent)
    for rule in RULES:
        found = rule(facts)
        assert found is None or (isinstance(found, Finding) and found.verdict in Verdict)
        assert rule(facts) == found
    outcome = moderate(facts)
    assert moderate(facts) == outcome
    worst = max((f.verdict for f in outcome.findings), default=Verdict.PUBLISH)
    assert outcome.verdict == worst


@PROPERTY
@given(comment_sized, word_lists, word_lists)
def test_the_split_verdict_equals_running_every_rule(text, banned, suspect):
    """The services' two runs (content outside, race inside the transaction) decide as RULES."""
    facts = _submission(text, banned, suspect)
    split = combine(moderate(facts, RACE_RULES), moderate(facts, CONTENT_RULES))
    assert split == moderate(facts)
    assert set(PACE_RULES) <= set(RACE_RULES)
    assert set(CONTENT_RULES) | set(RACE_RULES) == set(RULES)


@PROPERTY
@given(comment_sized, st.text(min_size=1, max_size=20) | _TRICKY)
@example(text="", term="\u0234")  # a letter neither Latin nor Hangul once matched nothing
def test_term_matching_never_raises_and_a_term_matches_itself(text, term):
    """contains_term answers any text the same way twice; a term with words matches itself."""
    assert contains_term(text, term) == contains_term(text, term)
    if tokens(term):
        assert contains_term(term, term), f"{term!r} does not match itself"


@pytest.mark.parametrize("rule", CONTENT_RULES, ids=lambda r: r.__name__)
def test_content_rules_ignore_the_pace_facts(rule):
    """A content rule's finding does not depend on the author's posting times."""
    text = "Call 010-1234-5678 now at www.example.com!!!!!!!!!!!! IDIOT IDIOT IDIOT"
    calm = _submission(text)
    busy = Submission(text=text, now=NOW, author_recent_times=(NOW,) * 50)
    assert rule(calm) == rule(busy)
