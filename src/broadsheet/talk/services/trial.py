"""Trying the content rules on past comments: what `./run manage moderate_file` prints.

Every content rule (moderation.CONTENT_RULES: word lists, personal data, links, shouting,
repeats) runs with the site's current moderation settings and word lists, as for an
established reader on an article that is not pre-moderated; the external toxicity scorer is
not called. Each line is cleaned as a posted comment would be, so a line the form would refuse
(empty, too long) says so instead of getting a verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import ModeratedWord, ModerationSettings, WordKind
from broadsheet.talk.moderation import CONTENT_RULES, Finding, Submission, moderate
from broadsheet.talk.services.screening import clean_text as clean_text_for_trial
from broadsheet.talk.wordmatch import Term


@dataclass(frozen=True)
class LineVerdict:
    number: int
    text: str
    verdict: str  # publish, hold, reject, or invalid (what the form would refuse)
    findings: tuple[Finding, ...] = ()
    error: str = ""

    def as_dict(self) -> dict:
        return {
            "line": self.number,
            "verdict": self.verdict,
            "rules": [f.as_dict() for f in self.findings],
            "error": self.error,
            "text": self.text,
        }


@dataclass
class Summary:
    lines: int = 0
    verdicts: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {"lines": self.lines, "verdicts": dict(self.verdicts), "rules": dict(self.rules)}


def lists_for(language: str | None) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    """The site's banned and suspect terms, of one language or of both."""
    words = ModeratedWord.objects.all()
    if language:
        words = words.filter(language=language)
    banned: list[Term] = []
    suspect: list[Term] = []
    for word, kind, mode, clause in words.values_list("word", "kind", "match_mode", "clause"):
        (banned if kind == WordKind.BANNED else suspect).append(Term(word, mode, clause))
    return tuple(banned), tuple(suspect)


def try_lines(lines: Iterable[str], language: str | None = None) -> Iterable[LineVerdict]:
    """A verdict for every non-blank line, with the findings that decided it."""
    banned, suspect = lists_for(language)
    config = ModerationSettings.load()
    now = timezone.now()
    for number, line in enumerate(lines, start=1):
        raw = line.rstrip("\r\n")
        if not raw.strip():
            continue
        try:
            text = clean_text_for_trial(raw)
        except CommentError as error:
            yield LineVerdict(number, raw, "invalid", error=error.message)
            continue
        facts = Submission(
            text=text,
            now=now,
            banned_words=banned,
            suspect_words=suspect,
            author_published_count=max(1, config.hold_first_comments),
            hold_first_comments=config.hold_first_comments,
        )
        outcome = moderate(facts, CONTENT_RULES)
        yield LineVerdict(number, raw, outcome.verdict.label, outcome.findings)


def summarise(verdicts: Iterable[LineVerdict], summary: Summary) -> Iterable[LineVerdict]:
    """Pass the verdicts through, counting them into `summary`."""
    for v in verdicts:
        summary.lines += 1
        summary.verdicts[v.verdict] += 1
        for f in v.findings:
            summary.rules[f.rule] += 1
        yield v
