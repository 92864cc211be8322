"""Moderators' decisions: approve, reject with a clause, feature, sanction readers; the queue.

Every decision is checked against the moderator's permission and recorded in the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.core.background import enqueue_on_commit
from broadsheet.talk import tasks
from broadsheet.talk.clauses import CLAUSES, MODERATOR_DEFAULT_CLAUSE
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import (
    ActionKind,
    Comment,
    Commenter,
    CommentStatus,
    ModerationAction,
    ReportOutcome,
)
from broadsheet.talk.services.commenters import commenter_for
from broadsheet.talk.services.refresh import after_commit_visible, on_commit_invalidate


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("talk.moderate_comment"))


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise CommentError("forbidden", _("Only moderators can do that."), status=403)


def comment_for_moderation(user, comment_id) -> Comment:
    """Any comment, for a moderator; 403 for anyone else, 404 for a missing one."""
    _require_moderator(user)
    try:
        return Comment.objects.select_related("article", "author").get(pk=int(comment_id))
    except (Comment.DoesNotExist, TypeError, ValueError):
        raise CommentError("not_found", _("There is no such comment."), status=404) from None


def approve_comment(moderator, comment_id, reason: str = "") -> Comment:
    """Publish a held or reported comment; its links become clickable; reports are dismissed.

    The approval covers this text: reports no longer hide it (they flag it in the queue), and
    an edit by its author ends it.
    """
    comment = comment_for_moderation(moderator, comment_id)
    if comment.status == CommentStatus.DELETED:
        raise CommentError("deleted", _("The author deleted this comment."))
    with transaction.atomic():
        now = timezone.now()
        comment.status = CommentStatus.PUBLISHED
        comment.links_approved = True
        comment.moderator_note = reason[:300]
        comment.decided_at = now
        comment.approved_at = now
        fields = ["status", "links_approved", "moderator_note", "decided_at", "approved_at"]
        comment.save(update_fields=fields)
        comment.reports.filter(resolved_at__isnull=True).update(
            resolved_at=now, outcome=ReportOutcome.DISMISSED
        )
        ModerationAction.objects.create(
            kind=ActionKind.APPROVED,
            actor=moderator,
            comment=comment,
            subject=comment.author,
            reason=reason,
        )
        after_commit_visible(comment)
    return comment


def reject_comment(
    moderator, comment_id, reason: str = "", clause: str = MODERATOR_DEFAULT_CLAUSE
) -> Comment:
    """Reject a comment with the clause that applies; its author is told (and e-mailed).

    Its open reports are upheld (their reporters' standing grows); its author cannot edit it.
    """
    comment = comment_for_moderation(moderator, comment_id)
    if clause not in CLAUSES:
        raise CommentError("clause", _("Choose the policy clause that applies."))
    with transaction.atomic():
        now = timezone.now()
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.status = CommentStatus.REJECTED
        comment.clause = clause
        comment.rule = "moderator"
        comment.moderator_note = reason[:300]
        comment.decided_at = now
        comment.is_featured = False
        comment.approved_at = None
        comment.save(
            update_fields=[
                "status",
                "clause",
                "rule",
                "moderator_note",
                "decided_at",
                "is_featured",
                "approved_at",
            ]
        )
        comment.reports.filter(resolved_at__isnull=True).update(
            resolved_at=now, outcome=ReportOutcome.UPHELD
        )
        ModerationAction.objects.create(
            kind=ActionKind.REJECTED,
            actor=moderator,
            comment=comment,
            subject=comment.author,
            reason=reason,
            details={"clause": clause},
        )
        if was_published:
            on_commit_invalidate(comment.article_id)
        enqueue_on_commit(tasks.comment_rejected, comment.pk)
    return comment


def feature_comment(moderator, comment_id, featured: bool = True) -> Comment:
    """Mark a published comment as featured (or no longer)."""
    comment = comment_for_moderation(moderator, comment_id)
    if featured and comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be featured."))
    with transaction.atomic():
        comment.is_featured = featured
        comment.save(update_fields=["is_featured"])
        ModerationAction.objects.create(
            kind=ActionKind.FEATURED if featured else ActionKind.UNFEATURED,
            actor=moderator,
            comment=comment,
            subject=comment.author,
        )
        on_commit_invalidate(comment.article_id)
    return comment


def _sanction_target(moderator, reader) -> Commenter:
    _require_moderator(moderator)
    if reader is None:
        raise CommentError("not_found", _("That reader's account no longer exists."), status=404)
    if can_moderate(reader) or reader.is_superuser:
        raise CommentError("forbidden", _("Staff accounts cannot be sanctioned here."), status=403)
    commenter = commenter_for(reader)
    if commenter is None:
        raise CommentError("not_found", _("That reader has never commented."), status=404)
    return commenter


def _refuse_held(commenter: Commenter, moderator, reason: str) -> None:
    held = list(Comment.objects.filter(author=commenter.user, status=CommentStatus.PENDING))
    now = timezone.now()
    for comment in held:
        comment.status, comment.rule, comment.clause = (
            CommentStatus.REJECTED,
            "sanction",
            "sanctions",
        )
        comment.decided_at = now
        comment.save(update_fields=["status", "rule", "clause", "decided_at"])
        ModerationAction.objects.create(
            kind=ActionKind.REJECTED,
            actor=moderator,
            comment=comment,
            subject=commenter.user,
            reason=reason,
            details={"clause": "sanctions"},
        )


def suspend_reader(moderator, reader, *, days: int, reason: str = "") -> Commenter:
    """No new comments until the suspension ends; held comments are refused."""
    commenter = _sanction_target(moderator, reader)
    if not 1 <= int(days) <= 365:
        raise CommentError("days", _("Suspend for 1 to 365 days."))
    with transaction.atomic():
        commenter.suspended_until = timezone.now() + timedelta(days=int(days))
        commenter.sanction_reason = reason[:300]
        commenter.save(update_fields=["suspended_until", "sanction_reason"])
        _refuse_held(commenter, moderator, reason)
        ModerationAction.objects.create(
            kind=ActionKind.SUSPENDED,
            actor=moderator,
            subject=reader,
            reason=reason,
            details={"days": days},
        )
    return commenter


def ban_reader(moderator, reader, reason: str = "") -> Commenter:
    """A banned reader's held and new comments are refused."""
    commenter = _sanction_target(moderator, reader)
    with transaction.atomic():
        commenter.banned_at = timezone.now()
        commenter.sanction_reason = reason[:300]
        commenter.save(update_fields=["banned_at", "sanction_reason"])
        _refuse_held(commenter, moderator, reason)
        ModerationAction.objects.create(
            kind=ActionKind.BANNED, actor=moderator, subject=reader, reason=reason
        )
    return commenter


def reinstate_reader(moderator, reader, reason: str = "") -> Commenter:
    """Lift a suspension or a ban."""
    commenter = _sanction_target(moderator, reader)
    with transaction.atomic():
        commenter.banned_at = None
        commenter.suspended_until = None
        commenter.sanction_reason = ""
        commenter.save(update_fields=["banned_at", "suspended_until", "sanction_reason"])
        ModerationAction.objects.create(
            kind=ActionKind.REINSTATED, actor=moderator, subject=reader, reason=reason
        )
    return commenter


def moderation_queue(status: str):
    """Comments for a queue tab, with what put each one there."""
    base = Comment.objects.select_related("article", "author__commenter", "parent")
    if status == "reported":
        qs = base.filter(reports__resolved_at__isnull=True).distinct()
    elif status in (CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.REJECTED):
        qs = base.filter(status=status)
    else:
        qs = base.exclude(status=CommentStatus.DELETED)
    order = "created_at" if status == CommentStatus.PENDING else "-created_at"
    return qs.order_by(order, "pk").prefetch_related("reports")


def queue_counts() -> dict[str, int]:
    """How many comments wait in the pending and reported tabs."""
    return Comment.objects.aggregate(
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
        reported=Count("pk", filter=Q(reports__resolved_at__isnull=True), distinct=True),
    )
