"""The reader's own comments, for accounts' "Download my data" and account deletion.

Reached only through the reader-data hooks (talk/wagtail_hooks.py); accounts never imports talk.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from django.db import transaction
from django.db.models import F

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

    Returns how many comments were changed. Either way the comments stop pointing at the user
    and the reader's recommendations and reports are dropped.
    """
    if mode not in ("anonymise", "remove"):
        raise ValueError(f"mode must be 'anonymise' or 'remove', not {mode!r}")
    with transaction.atomic():
        mine = Comment.objects.filter(author=user)
        article_ids = set(
            mine.filter(status=CommentStatus.PUBLISHED).values_list("article_id", flat=True)
        )
        n = mine.count()
        if mode == "remove":
            # Replies by others stay visible under a removed comment's place in the thread.
            mine.update(
                status=CommentStatus.DELETED, text="", author=None, ip_hash="", is_featured=False
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
