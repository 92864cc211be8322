"""The Standards Board Policy as code: moderation rules, each a pure function.

A rule takes a `Submission` (the text and every fact about its author and article that the
service gathered beforehand) and returns a `Finding` — hold, reject or refuse, with the policy
clause it applies — or None when it has nothing to say. `moderate` runs every rule in `RULES`
and the most severe finding decides. Adding a rule is one function, one line in RULES and one
test (tests/talk/test_moderation.py).
"""

from __future__ import annotations

import enum
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import regex

from broadsheet.talk.personal_data import find_personal_data
from broadsheet.talk.wordmatch import Term, contains_term, find_term, tokens

__all__ = ["Term", "contains_term", "tokens"]  # re-exported for the services and tests


class Verdict(enum.IntEnum):
    """Ordered by severity: the highest finding wins."""

    PUBLISH = 0
    HOLD = 1  # stored, visible to its author only, waits in the moderators' queue
    REJECT = 2  # stored as rejected, visible to its author only, with the clause
    REFUSE = 3  # not stored at all: the reader must wait (rate limits)

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    rule: str
    clause: str
    detail: str = ""
    retry_after: int | None = None  # seconds, for REFUSE

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict.label,
            "rule": self.rule,
            "clause": self.clause,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Submission:
    """Everything the rules may look at; gathered by services.post_comment / edit_comment."""

    text: str
    now: datetime
    is_edit: bool = False
    banned_words: tuple[str | Term, ...] = ()  # a plain string is a term in "word" mode
    suspect_words: tuple[str | Term, ...] = ()
    recent_texts: tuple[str, ...] = ()  # the author's other recent comments
    author_published_count: int = 0
    hold_first_comments: int = 0
    premoderated: bool = False
    author_recent_times: tuple[datetime, ...] = ()
    ip_recent_times: tuple[datetime, ...] = ()
    account_limit: int = 5
    ip_limit: int = 20
    window_seconds: int = 300
    toxicity: float | None = None
    toxicity_threshold: float = 0.8


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    finding: Finding | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def rule(self) -> str:
        return self.finding.rule if self.finding else ""

    @property
    def clause(self) -> str:
        return self.finding.clause if self.finding else ""


# --- Word lists -----------------------------------------------------------------------------
# Matching is talk/wordmatch/: Korean terms by Kiwi's morpheme boundaries, English terms as
# whole words and inflections, both after the usual disguises are folded away.


def duplicate_key(text: str) -> str:
    """Two comments are 'the same text' when their folded words are the same."""
    return " ".join(tokens(text))


# --- The rules ------------------------------------------------------------------------------


def banned_words(s: Submission) -> Finding | None:
    found = find_term(s.text, s.banned_words)
    if found is None:
        return None
    term, _matched = found
    return Finding(Verdict.REJECT, "banned_words", term.clause or "respect", term.text)


def suspect_words(s: Submission) -> Finding | None:
    found = find_term(s.text, s.suspect_words)
    if found is None:
        return None
    term, _matched = found
    return Finding(Verdict.HOLD, "suspect_words", term.clause or "civility", term.text)


_TLDS = (
    "com|net|org|kr|co|io|me|ly|info|biz|xyz|app|dev|gg|tv|site|online|shop|link|page|"
    "jp|cn|us|uk|de|ru|to|be|in"
)
_LINK = regex.compile(
    rf"(?:https?://|hxxps?://|www\.)\S+"
    rf"|\b[\p{{L}}\p{{N}}-]+(?:\.[\p{{L}}\p{{N}}-]+)*"
    rf"(?:\.|\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*)(?:{_TLDS})\b"
    r"(?:/\S*)?",
    regex.IGNORECASE,
)


def find_links(text: str) -> list[str]:
    return [m.group(0) for m in _LINK.finditer(unicodedata.normalize("NFKC", text))]


def links(s: Submission) -> Finding | None:
    found = find_links(s.text)
    if found:
        return Finding(Verdict.HOLD, "links", "links", found[0])
    return None


def personal_data(s: Submission) -> Finding | None:
    """Phone, resident registration numbers and e-mail, however written (talk/personal_data.py)."""
    kind = find_personal_data(s.text)
    if kind is not None:
        return Finding(Verdict.HOLD, "personal_data", "privacy", kind)
    return None


_SAME_GRAPHEME = regex.compile(r"(\X)\1{9,}")
_SAME_WORD = regex.compile(r"\b(\w+)(?:\W+\1\b){5,}", regex.IGNORECASE)


def shouting(s: Submission) -> Finding | None:
    cased = [ch for ch in s.text if ch.isupper() or ch.islower()]
    upper = sum(1 for ch in cased if ch.isupper())
    if len(cased) >= 12 and upper / len(cased) >= 0.7:
        return Finding(Verdict.HOLD, "shouting", "legibility", "capital letters")
    return None


def repeated_characters(s: Submission) -> Finding | None:
    if _SAME_GRAPHEME.search(s.text):
        return Finding(Verdict.HOLD, "repeated_characters", "legibility", "repeated characters")
    if _SAME_WORD.search(s.text):
        return Finding(Verdict.HOLD, "repeated_characters", "legibility", "repeated words")
    return None


def duplicate(s: Submission) -> Finding | None:
    key = duplicate_key(s.text)
    if key and any(duplicate_key(other) == key for other in s.recent_texts):
        return Finding(Verdict.REJECT, "duplicate", "spam", "posted before")
    return None


def new_reader(s: Submission) -> Finding | None:
    if not s.is_edit and s.author_published_count < s.hold_first_comments:
        return Finding(Verdict.HOLD, "new_reader", "newcomers")
    return None


def premoderation(s: Submission) -> Finding | None:
    if s.premoderated:
        return Finding(Verdict.HOLD, "premoderation", "premoderation")
    return None


def _retry_after(times: tuple[datetime, ...], limit: int, window: int, now: datetime) -> int | None:
    recent = sorted(t for t in times if (now - t).total_seconds() < window)
    if limit <= 0 or len(recent) < limit:
        return None
    # The reader may post again when enough of the window's comments have aged out.
    oldest_that_must_expire = recent[len(recent) - limit]
    return max(1, math.ceil(window - (now - oldest_that_must_expire).total_seconds()))


def account_rate_limit(s: Submission) -> Finding | None:
    # For an edit the services pass the author's recent edits: edits have a limit of their own.
    wait = _retry_after(s.author_recent_times, s.account_limit, s.window_seconds, s.now)
    if wait is not None:
        return Finding(Verdict.REFUSE, "account_rate_limit", "pace", retry_after=wait)
    return None


def ip_rate_limit(s: Submission) -> Finding | None:
    if s.is_edit:  # an edit brings no new address; the account's edit limit covers it
        return None
    wait = _retry_after(s.ip_recent_times, s.ip_limit, s.window_seconds, s.now)
    if wait is not None:
        return Finding(Verdict.REFUSE, "ip_rate_limit", "pace", retry_after=wait)
    return None


def toxicity(s: Submission) -> Finding | None:
    """Only when an external scorer answered; without one nothing pretends to score."""
    if s.toxicity is not None and s.toxicity >= s.toxicity_threshold:
        return Finding(Verdict.HOLD, "toxicity", "civility", f"score {s.toxicity:.2f}")
    return None


Rule = Callable[[Submission], Finding | None]

RULES: list[Rule] = [
    account_rate_limit,
    ip_rate_limit,
    banned_words,
    duplicate,
    suspect_words,
    personal_data,
    links,
    shouting,
    repeated_characters,
    toxicity,
    new_reader,
    premoderation,
]


# Checked first, before any rule reads the text: a flood costs a few queries, not the rules.
PACE_RULES: list[Rule] = [account_rate_limit, ip_rate_limit]
# What another request can change meanwhile: checked again inside the write transaction.
RACE_RULES: list[Rule] = [*PACE_RULES, duplicate]
# The verdict on the text itself, computed before the write transaction starts.
CONTENT_RULES: list[Rule] = [rule for rule in RULES if rule not in RACE_RULES]
_ORDER = {rule.__name__: index for index, rule in enumerate(RULES)}


def moderate(submission: Submission, rules: list[Rule] | None = None) -> Outcome:
    """Run every rule; the most severe finding (the first, among equals) decides."""
    chosen = RULES if rules is None else rules
    return _decide(tuple(f for rule in chosen if (f := rule(submission)) is not None))


def combine(*outcomes: Outcome) -> Outcome:
    """One outcome from several runs over parts of RULES, as if RULES had run in order."""
    findings = [f for outcome in outcomes for f in outcome.findings]
    return _decide(tuple(sorted(findings, key=lambda f: _ORDER.get(f.rule, len(_ORDER)))))


def _decide(findings: tuple[Finding, ...]) -> Outcome:
    if not findings:
        return Outcome(Verdict.PUBLISH, None, ())
    worst = max(findings, key=lambda f: f.verdict)  # max() keeps the first of equals
    return Outcome(worst.verdict, worst, findings)
