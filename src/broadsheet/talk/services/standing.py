"""A reporter's standing: how much their report weighs towards hiding a comment.

A report by a reader with no record weighs little (``newcomer_report_weight``, 0.2 by default),
so a handful of throwaway accounts cannot hide a comment; it grows to 1 with the reader's own
comments that stayed published for at least a day (``trusted_reporter_comments`` of them, 5 by
default), and each earlier report of theirs that a moderator upheld adds to it and each one a
moderator dismissed takes from it, between 0 and MAX_WEIGHT.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from broadsheet.talk.models import Comment, CommentStatus, ModerationSettings, Report

MAX_WEIGHT = 2.0
UPHELD_BONUS = 0.25
DISMISSED_PENALTY = 0.25
# A comment counts towards standing once it has been published this long.
STANDING_AGE = timedelta(days=1)


def report_weight(
    *, published: int, upheld: int, dismissed: int, trusted_after: int, newcomer: float
) -> float:
    """The weight of one report from a reader with this record (a pure function)."""
    if trusted_after <= 0:
        base = 1.0
    else:
        base = newcomer + (1.0 - newcomer) * min(published, trusted_after) / trusted_after
    weight = base + UPHELD_BONUS * upheld - DISMISSED_PENALTY * dismissed
    return round(min(MAX_WEIGHT, max(0.0, weight)), 2)


def reporter_weight(user, config: ModerationSettings, now=None) -> float:
    """The weight a report by `user` carries now: two queries."""
    now = now or timezone.now()
    published = Comment.objects.filter(
        author=user, status=CommentStatus.PUBLISHED, created_at__lte=now - STANDING_AGE
    ).count()
    outcomes = dict(
        Report.objects.filter(reporter=user)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    return report_weight(
        published=published,
        upheld=outcomes.get("upheld", 0),
        dismissed=outcomes.get("dismissed", 0),
        trusted_after=config.trusted_reporter_comments,
        newcomer=config.newcomer_report_weight,
    )
