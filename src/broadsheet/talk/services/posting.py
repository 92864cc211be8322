"""A reader's own comment: posting (idempotent, moderated), editing within the window, deleting.

Each write runs in one transaction and returns only after it is committed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.core import rate_limits
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import (
    EDIT_WINDOW_SECONDS,
    ActionKind,
    Comment,
    CommentStatus,
    ModerationAction,
)
from broadsheet.talk.moderation import (
    CONTENT_RULES,
    PACE_RULES,
    RACE_RULES,
    Outcome,
    Submission,
    Verdict,
    combine,
    moderate,
)
from broadsheet.talk.services.commenters import require_commenter
from broadsheet.talk.services.refresh import after_commit_visible, on_commit_invalidate
from broadsheet.talk.services.screening import (
    ACTION_FOR,
    STATUS_FOR,
    clean_text,
    hash_ip,
    moderation_settings,
    race_facts,
    refusal,
    score_toxicity,
    submission,
)

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# How far a comment is from being shown: an edit may move it further away, never closer.
_LEVEL: dict[str, int] = {
    CommentStatus.PUBLISHED: 0,
    CommentStatus.PENDING: 1,
    CommentStatus.REJECTED: 2,
}


@dataclass(frozen=True)
class PostResult:
    comment: Comment
    created: bool


def post_comment(
    article,
    author,
    text: str,
    *,
    idempotency_key: str,
    parent=None,
    ip: str | None = None,
    language: str | None = None,
) -> PostResult:
    """Moderate and store a comment in one transaction; a retried key returns the first one.

    Returns only after the comment is committed. Raises CommentError for everything a reader
    must fix (empty, too long, rate limits with the seconds to wait, banned account...).
    """
    if not isinstance(idempotency_key, str) or not IDEMPOTENCY_KEY.match(idempotency_key):
        raise CommentError(
            "idempotency_key",
            _("The request is missing its idempotency key; reload the page and try again."),
        )
    commenter = require_commenter(author)
    cleaned = clean_text(text)
    existing = _existing(author, idempotency_key, article, cleaned)
    if existing is not None:
        return PostResult(existing, created=False)
    if not getattr(article, "live", False):
        raise CommentError("not_found", _("This article is not open for comments."), status=404)
    if parent is not None:
        if parent.article_id != article.pk or parent.status != CommentStatus.PUBLISHED:
            raise CommentError("parent", _("You can only reply to a published comment."))
        if parent.parent_id is not None:  # one level of replies: answer the thread
            parent = parent.parent
    toxicity = score_toxicity(cleaned)
    ip_hash = hash_ip(ip)
    config = moderation_settings()
    content = _verdict_outside(
        submission(
            text=cleaned,
            author=author,
            article=article,
            ip_hash=ip_hash,
            config=config,
            now=timezone.now(),
            toxicity=toxicity,
        )
    )
    try:
        with transaction.atomic():
            # Only what another request may have changed is checked inside the transaction:
            # the rate limits and duplicates see every earlier post; the rest was decided above.
            now = timezone.now()
            outcome = _verdict_inside(
                content, author=author, ip_hash=ip_hash, config=config, now=now
            )
            comment = Comment.objects.create(
                article=article,
                author=author,
                parent=parent,
                text=cleaned,
                status=STATUS_FOR[outcome.verdict],
                rule=outcome.rule,
                clause=outcome.clause,
                reasons=[f.as_dict() for f in outcome.findings],
                idempotency_key=idempotency_key,
                ip_hash=ip_hash,
                created_at=now,
                decided_at=now if outcome.verdict != Verdict.HOLD else None,
            )
            ModerationAction.objects.create(
                kind=ACTION_FOR[outcome.verdict],
                actor=author,
                comment=comment,
                subject=author,
                reason=outcome.rule,
                created_at=now,
                details={"findings": comment.reasons},
            )
            if language and commenter.language != language:
                commenter.language = language[:8]
                commenter.save(update_fields=["language"])
            if comment.status == CommentStatus.PUBLISHED:
                after_commit_visible(comment)
    except IntegrityError:
        # The same key raced in from another request: the first one won; answer with it.
        existing = _existing(author, idempotency_key, article, cleaned)
        if existing is None:
            raise
        return PostResult(existing, created=False)
    return PostResult(comment, created=True)


@dataclass(frozen=True)
class _Content:
    """The verdict on the text, reached before the write transaction, and the facts behind it."""

    facts: Submission
    outcome: Outcome


def _verdict_outside(facts: Submission) -> _Content:
    """Rate limits first (a flood never reaches the rules), then the rules on the text."""
    pace = moderate(facts, PACE_RULES)
    if pace.verdict == Verdict.REFUSE:
        raise refusal(pace)
    return _Content(facts, moderate(facts, CONTENT_RULES))


def _verdict_inside(content: _Content, *, author, ip_hash, config, now, exclude_pk=None) -> Outcome:
    """The final verdict: rate limits and duplicates read again, inside the write transaction."""
    fresh = race_facts(
        content.facts, author=author, ip_hash=ip_hash, config=config, now=now, exclude_pk=exclude_pk
    )
    outcome = combine(moderate(fresh, RACE_RULES), content.outcome)
    if outcome.verdict == Verdict.REFUSE:
        raise refusal(outcome)
    return outcome


def _existing(author, key: str, article, cleaned: str) -> Comment | None:
    existing = Comment.objects.filter(author=author, idempotency_key=key).first()
    if existing is not None and (existing.article_id != article.pk or existing.text != cleaned):
        raise CommentError(
            "idempotency_conflict",
            _("This request repeats an earlier one with different content; reload and retry."),
            status=409,
        )
    return existing


def visible_comment(user, comment_id) -> Comment:
    """A comment the reader may see (published, or their own held one), or a 404."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise CommentError("not_found", _("There is no such comment."), status=404) from None
    comment = (
        Comment.objects.visible_to(user).select_related("article", "author").filter(pk=pk).first()
    )
    if comment is None:
        raise CommentError("not_found", _("There is no such comment."), status=404)
    return comment


def comment_for_editing(user, comment_id, *, deleting: bool = False) -> Comment:
    """The reader's own comment, or 404 (not visible to them) / 403 (not theirs, too late,
    or rejected: a rejected comment can be deleted but never edited back into view)."""
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in first."), status=401)
    comment = visible_comment(user, comment_id)
    if comment.author_id != user.pk:
        raise CommentError("forbidden", _("Only its author can change a comment."), status=403)
    if not deleting and comment.status == CommentStatus.REJECTED:
        raise CommentError(
            "rejected",
            _(
                "A rejected comment cannot be edited. You may delete it, or write a new comment "
                "that follows the Standards Board Policy."
            ),
            status=403,
            clause=comment.clause,
        )
    if not deleting and timezone.now() > comment.editable_until():
        raise CommentError(
            "edit_window",
            _("Comments can be edited for %(minutes)d minutes after posting.")
            % {"minutes": EDIT_WINDOW_SECONDS // 60},
            status=403,
        )
    return comment


def edit_comment(user, comment_id, text: str, *, ip: str | None = None) -> Comment:
    """The author's edit within 5 minutes: marked as edited and moderated again.

    Edits count against the "comment_edit" rate limit (per account and address) first. An
    edit never lowers a decision: a held comment (by a rule, or hidden by reports) stays
    held until a moderator acts; a published one, approved by a moderator or not, goes through
    the automatic rules again and may be held or rejected, but no edit publishes a held one.
    """
    rate_limits.check("comment_edit", account=user.pk, address=ip)
    commenter = require_commenter(user)
    comment = comment_for_editing(user, comment_id)
    cleaned = clean_text(text)
    if cleaned == comment.text:
        return comment
    toxicity = score_toxicity(cleaned)
    config = moderation_settings()
    content = _verdict_outside(
        submission(
            text=cleaned,
            author=user,
            article=comment.article,
            ip_hash=comment.ip_hash,
            config=config,
            now=timezone.now(),
            is_edit=True,
            exclude_pk=comment.pk,
            toxicity=toxicity,
        )
    )
    with transaction.atomic():
        now = timezone.now()
        outcome = _verdict_inside(
            content,
            author=user,
            ip_hash=comment.ip_hash,
            config=config,
            now=now,
            exclude_pk=comment.pk,
        )
        was_published = comment.status == CommentStatus.PUBLISHED
        old_text = comment.text
        comment.text = cleaned
        comment.edited_at = now
        status = STATUS_FOR[outcome.verdict]
        if was_published or _LEVEL[status] > _LEVEL[comment.status]:
            comment.status = status
            comment.rule, comment.clause = outcome.rule, outcome.clause
            comment.decided_at = now if outcome.verdict != Verdict.HOLD else None
        # else: the comment stays held, for the rule or the reports that held it.
        comment.reasons = [f.as_dict() for f in outcome.findings]
        comment.links_approved = False
        comment.approved_at = None  # the moderator approved the old text, not this one
        comment.save(
            update_fields=[
                "text",
                "edited_at",
                "status",
                "rule",
                "clause",
                "reasons",
                "links_approved",
                "approved_at",
                "decided_at",
            ]
        )
        ModerationAction.objects.create(
            kind=ActionKind.EDITED,
            actor=user,
            comment=comment,
            subject=user,
            reason=outcome.rule,
            created_at=now,
            details={
                "previous": old_text,
                "findings": comment.reasons,
                "display_name": commenter.display_name,
                "status": comment.status,
            },
        )
        if was_published or comment.status == CommentStatus.PUBLISHED:
            on_commit_invalidate(comment.article_id)
    return comment


def delete_comment(user, comment_id) -> None:
    """The author removes their own comment; replies to it stay, under 'deleted'."""
    comment = comment_for_editing(user, comment_id, deleting=True)
    with transaction.atomic():
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.status = CommentStatus.DELETED
        comment.text = ""
        comment.save(update_fields=["status", "text"])
        ModerationAction.objects.create(
            kind=ActionKind.DELETED, actor=user, comment=comment, subject=user
        )
        if was_published:
            on_commit_invalidate(comment.article_id)
