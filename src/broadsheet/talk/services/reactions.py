"""What readers do with other readers' comments: recommend them, report them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _

from broadsheet.core import rate_limits
from broadsheet.talk import app_settings
from broadsheet.talk.counting import count_characters, normalise_text
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import (
    MAX_REPORT_NOTE,
    ActionKind,
    Comment,
    CommentStatus,
    ModerationAction,
    Recommendation,
    Report,
    ReportReason,
)
from broadsheet.talk.services.commenters import require_commenter
from broadsheet.talk.services.posting import visible_comment
from broadsheet.talk.services.refresh import on_commit_invalidate
from broadsheet.talk.services.screening import bounded_input, moderation_settings
from broadsheet.talk.services.standing import reporter_weight


def toggle_recommendation(user, comment_id, *, ip: str | None = None) -> tuple[bool, int]:
    """Recommend a published comment once, or take the recommendation back."""
    rate_limits.check("recommend", account=user.pk, address=ip)
    require_commenter(user)
    comment = visible_comment(user, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be recommended."))
    if comment.author_id == user.pk:
        raise CommentError("own_comment", _("You cannot recommend your own comment."))
    with transaction.atomic():
        deleted, _rows = Recommendation.objects.filter(comment=comment, user=user).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(recommend_count=F("recommend_count") - 1)
            recommended = False
        else:
            Recommendation.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(recommend_count=F("recommend_count") + 1)
            recommended = True
        count = Comment.objects.values_list("recommend_count", flat=True).get(pk=comment.pk)
        on_commit_invalidate(comment.article_id)
    return recommended, count


def report_comment(
    user, comment_id, reason: str, note: str = "", *, ip: str | None = None
) -> Report:
    """A reader's report, weighed by their standing (services.standing); rate-limited first.

    Only readers who set up their commenter profile and are neither suspended nor banned may
    report. When the open reports' weights reach the threshold, the comment goes back under
    review, unless a moderator approved its text: then it stays up and is flagged in the queue.
    """
    rate_limits.check("report", account=user.pk, address=ip)
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in to report a comment."), status=401)
    require_commenter(user)
    if reason not in ReportReason.values:
        raise CommentError("reason", _("Choose a reason for the report."))
    too_long = _("Keep the note to %(max)d characters.") % {"max": MAX_REPORT_NOTE}
    if not isinstance(note, str):
        raise CommentError("note", too_long)
    bounded_input(note, app_settings.input_factor() * MAX_REPORT_NOTE, too_long)
    note = normalise_text(note)
    # The column holds MAX_REPORT_NOTE code points: accents may make a shorter note longer.
    if count_characters(note) > MAX_REPORT_NOTE or len(note) > MAX_REPORT_NOTE:
        raise CommentError("note", too_long)
    comment = visible_comment(user, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be reported."))
    if comment.author_id == user.pk:
        raise CommentError("own_comment", _("You cannot report your own comment."))
    config = moderation_settings()
    weight = reporter_weight(user, config)
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            comment=comment,
            reporter=user,
            defaults={"reason": reason, "note": note, "weight": weight},
        )
        if not created:
            return report
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        ModerationAction.objects.create(
            kind=ActionKind.REPORTED,
            actor=user,
            comment=comment,
            subject=comment.author,
            reason=reason,
            details={"note": note, "weight": weight},
        )
        weighed = comment.reports.filter(resolved_at__isnull=True).aggregate(
            total=Sum("weight"), n=Count("pk")
        )
        # Weights are hundredths: round away the float error of summing them (15 x 0.2 = 3).
        total = round(weighed["total"] or 0.0, 2)
        threshold = config.report_threshold
        if threshold and total >= threshold:
            _past_threshold(
                comment,
                total=total,
                crossed=round(total - weight, 2) < threshold,
                reports=weighed["n"],
            )
    return report


def _past_threshold(comment: Comment, *, total: float, crossed: bool, reports: int) -> None:
    """The open reports reach the threshold: hide the comment, or flag an approved one (once)."""
    details = {"reports": reports, "weight": round(total, 2)}
    if comment.approved_at is not None:
        # A moderator approved this very text: reports bring it back to the queue, not down.
        if crossed:
            ModerationAction.objects.create(
                kind=ActionKind.FLAGGED_BY_REPORTS,
                comment=comment,
                subject=comment.author,
                reason="reports",
                details=details,
            )
        return
    Comment.objects.filter(pk=comment.pk).update(
        status=CommentStatus.PENDING, rule="reports", clause="community"
    )
    ModerationAction.objects.create(
        kind=ActionKind.HIDDEN_BY_REPORTS,
        comment=comment,
        subject=comment.author,
        reason="reports",
        details=details,
    )
    on_commit_invalidate(comment.article_id)
