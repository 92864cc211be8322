"""The Standards Board Policy's clauses, by stable key: what moderation rules cite.

The policy page (models.PolicyPage) holds each clause's full text, which editors revise; the
key, number and short title here are what a rule returns and a reader sees next to a held or
rejected comment, in their language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Clause:
    key: str
    number: str
    title: Promise


CLAUSES: dict[str, Clause] = {
    clause.key: clause
    for clause in [
        Clause("respect", "1", _("Respect other people: no abuse, slurs or threats")),
        Clause("civility", "2", _("Argue with ideas, not people: insults are reviewed")),
        Clause("privacy", "3", _("Protect privacy: no phone numbers, addresses or ID numbers")),
        Clause("links", "4", _("Links are checked by a moderator before they work")),
        Clause("legibility", "5", _("Write to be read: no shouting or repeated characters")),
        Clause("spam", "6", _("No spam: the same comment is posted once")),
        Clause("newcomers", "7", _("A new reader's first comments are reviewed")),
        Clause("premoderation", "8", _("Some stories are pre-moderated")),
        Clause("community", "9", _("Readers' reports put a comment back under review")),
        Clause("pace", "10", _("Comment at a human pace")),
        Clause("sanctions", "11", _("Suspensions and bans")),
        Clause("moderators", "12", _("Moderators' decisions")),
    ]
}

# The clause a moderator's rejection cites unless they choose another.
MODERATOR_DEFAULT_CLAUSE = "moderators"

# The one list of choices: PolicyClause.key, the queue's clause menu, reject_comment.
CLAUSE_CHOICES = [(c.key, f"{c.number}. {c.title}") for c in CLAUSES.values()]


def clause_label(key: str) -> str:
    """'§3 Protect privacy…' in the active language; empty for an unknown key."""
    clause = CLAUSES.get(key)
    if clause is None:
        return ""
    return f"§{clause.number} {clause.title}"
