"""The reader's own comments, for accounts' "Download my data" and account deletion.

Reached only through the reader-data hooks (talk/wagtail_hooks.py); accounts never imports talk.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from django.db import transaction
from django.db.models import F, Q

from broadsheet.talk.models import (
    ActionKind,
    Comment,
    Commenter,
    CommentStatus,
    ModerationAction,
    Recommendation,
    Report,
)
from broadsheet.talk.services.refresh import invalidate_article


def export_reader_comments(user) -> list[dict]:
    """Every comment the reader wrote, with its status, for their data download."""
    rows = (
        Comment.objects.filter(author=user)
        .exclude(status=CommentStatus.DELETED)
        .select_related("article")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": c.pk,
            "article": c.article.title,
            "article_url": c.article.full_url or c.article.url,
            "in_reply_to": c.parent_id,
            "text": c.text,
            "status": c.status,
            "policy_clause": c.clause,
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            "recommendations": c.recommend_count,
        }
        for c in rows
    ]


def erase_reader_comments(user: Any, mode: Literal["anonymise", "remove"]) -> int:
    """Before an account is deleted: keep its comments as from a deleted reader, or remove them.

    Returns how many comments were changed. Either way the comments stop pointing at the user,
    the reader's recommendations and reports are dropped, and the audit log forgets the
    reader's display name and report notes. "remove" also erases what the audit log kept of
    the comments' text: earlier versions, the findings' matched words, and the notes of
    reports about them.
    """
    if mode not in ("anonymise", "remove"):
        raise ValueError(f"mode must be 'anonymise' or 'remove', not {mode!r}")
    with transaction.atomic():
        mine = Comment.objects.filter(author=user)
        article_ids = set(
            mine.filter(status=CommentStatus.PUBLISHED).values_list("article_id", flat=True)
        )
        n = mine.count()
        _forget_in_audit_log(user, remove_text=mode == "remove")
        if mode == "remove":
            Report.objects.filter(comment__author=user).update(note="")
            # Replies by others stay visible under a removed comment's place in the thread.
            mine.update(
                status=CommentStatus.DELETED,
                text="",
                reasons=[],
                author=None,
                ip_hash="",
                is_featured=False,
            )
        else:
            mine.update(author=None, ip_hash="")
        for rec in Recommendation.objects.filter(user=user).select_related("comment"):
            Comment.objects.filter(pk=rec.comment_id, recommend_count__gt=0).update(
                recommend_count=F("recommend_count") - 1
            )
            article_ids.add(rec.comment.article_id)
        Recommendation.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).delete()
        Commenter.objects.filter(user=user).delete()
        ModerationAction.objects.create(
            kind=ActionKind.ERASED, reason=mode, details={"comments": n}
        )
        for article_id in article_ids:
            transaction.on_commit(partial(invalidate_article, article_id))
    return n


# What the audit log may hold of a reader: their name and notes (always erased with the
# account), and of their comments' text (erased when the comments are removed).
_READER_KEYS = ("display_name", "note")
_TEXT_KEYS = ("previous",)


def _forget_in_audit_log(user, *, remove_text: bool) -> None:
    """Before the comments stop pointing at `user`: scrub the audit entries by or about them."""
    removed_ids = set(Comment.objects.filter(author=user).values_list("pk", flat=True))
    about = Q(actor=user)
    if remove_text:
        about |= Q(comment__author=user)
    changed = []
    for action in ModerationAction.objects.filter(about).only("pk", "details", "comment_id"):
        removed = remove_text and action.comment_id in removed_ids
        details = scrubbed(action.details, keys=_READER_KEYS + (_TEXT_KEYS if removed else ()))
        if removed:
            details = scrubbed_findings(details)
        if details != action.details:
            action.details = details
            changed.append(action)
    ModerationAction.objects.bulk_update(changed, ["details"], batch_size=500)


def scrubbed(details: Any, *, keys: tuple[str, ...]) -> Any:
    """`details` (an audit entry's JSON) without the given keys."""
    if not isinstance(details, dict):
        return details
    return {k: v for k, v in details.items() if k not in keys}


def scrubbed_findings(details: dict) -> dict:
    """The findings of an audit entry without what they matched in the text (rule and clause
    stay, so the log still says why a comment was held)."""
    findings = details.get("findings")
    if not isinstance(findings, list):
        return details
    return {
        **details,
        "findings": [
            {**f, "detail": ""} if isinstance(f, dict) and f.get("detail") else f for f in findings
        ],
    }
