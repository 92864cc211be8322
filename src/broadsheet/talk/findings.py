"""A rule's finding in the moderator's language: which rule, what it matched, which clause.

moderation.Finding.as_dict() is what a comment (Comment.reasons) and the audit log
(ModerationAction.details["findings"]) keep: rule, clause, detail, in English keys. This module
words them for the queue and the log; a word list's detail is the matched term, shown as is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from broadsheet.talk.clauses import clause_label

RULES: dict[str, Promise] = {
    "banned_words": _("Banned word"),
    "suspect_words": _("Suspect word"),
    "personal_data": _("Personal data"),
    "links": _("Link"),
    "shouting": _("Shouting"),
    "repeated_characters": _("Repetition"),
    "duplicate": _("Duplicate"),
    "new_reader": _("New reader"),
    "premoderation": _("Pre-moderated story"),
    "toxicity": _("Toxicity score"),
    "account_rate_limit": _("Too fast (account)"),
    "ip_rate_limit": _("Too fast (address)"),
}
# The fixed details the rules give (moderation.py); anything else is shown as it is.
DETAILS: dict[str, Promise] = {
    "resident registration number": _("resident registration number"),
    "e-mail address": _("e-mail address"),
    "phone number": _("phone number"),
    "capital letters": _("capital letters"),
    "repeated characters": _("repeated characters"),
    "repeated words": _("repeated words"),
    "posted before": _("posted before"),
}
MATCHED_TERM_RULES = ("banned_words", "suspect_words")


def rule_label(rule: str) -> str:
    return str(RULES.get(rule, rule))


def describe(finding: dict) -> str:
    """'Banned word “시발” — §1 Respect other people…' in the active language."""
    rule = finding.get("rule", "")
    detail = finding.get("detail", "")
    if rule in MATCHED_TERM_RULES and detail:
        what = gettext("%(rule)s “%(term)s”") % {"rule": rule_label(rule), "term": detail}
    elif detail:
        what = f"{rule_label(rule)}: {DETAILS.get(detail, detail)}"
    else:
        what = rule_label(rule)
    clause = clause_label(finding.get("clause", ""))
    return f"{what} — {clause}" if clause else what
