"""Reading comments: one page of an article's thread, and comment counts for listings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from broadsheet.talk import app_settings
from broadsheet.talk.models import Comment, CommentStatus, Recommendation, Report

# Each ordering is served by an index on (article, status, parent, ...), see models.Comment.
SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "recommended": ("-recommend_count", "-created_at", "-pk"),
}
SORT_LABELS = {
    "newest": gettext_lazy("Newest"),
    "oldest": gettext_lazy("Oldest"),
    "recommended": gettext_lazy("Most recommended"),
}


@dataclass
class ThreadPage:
    comments: list[Comment]
    total: int  # published comments on the article, replies included
    top_level: int
    page: int
    pages: int
    sort: str


def comment_counts(article_ids) -> dict[int, int]:
    """Published comments per article, in one query."""
    rows = (
        Comment.objects.published()
        .filter(article_id__in=list(article_ids))
        .values("article_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["article_id"]: row["n"] for row in rows}


def thread_page(article, user, *, sort: str = "newest", page: int = 1) -> ThreadPage:
    """One page of top-level comments with their replies, in a fixed number of queries.

    Published comments are paged straight off an index, however many there are; the reader's
    own held or rejected comments come first on page 1, and featured ones are marked.
    """
    sort = sort if sort in SORTS else "newest"
    per_page = app_settings.comments_per_page()
    logged_in = user is not None and user.is_authenticated
    published = Comment.objects.published().filter(article=article)
    # Both counts in one query: every published comment, and the top-level ones that page.
    counts = published.aggregate(total=Count("pk"), top_level=Count("pk", filter=Q(parent=None)))
    total, top_level = counts["total"], counts["top_level"]
    top = published.filter(parent=None)
    pages = max(1, -(-top_level // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    comments = list(
        top.select_related("author__commenter").order_by(*SORTS[sort])[start : start + per_page]
    )
    if logged_in and page == 1:
        own_hidden = (
            Comment.objects.filter(
                article=article,
                parent=None,
                author=user,
                status__in=[CommentStatus.PENDING, CommentStatus.REJECTED],
            )
            .select_related("author__commenter")
            .order_by("-created_at")[:per_page]
        )
        comments = list(own_hidden) + comments
    ids = [c.pk for c in comments]
    replies: dict[int, list[Comment]] = {pk: [] for pk in ids}
    if ids:
        for reply in (
            Comment.objects.visible_to(user if logged_in else None)
            .filter(parent_id__in=ids)
            .select_related("author__commenter")
            .order_by("created_at", "pk")
        ):
            replies[reply.parent_id].append(reply)
    everyone = comments + [r for rs in replies.values() for r in rs]
    mine_recommended: set[int] = set()
    mine_reported: set[int] = set()
    if logged_in and everyone:
        all_ids = [c.pk for c in everyone]
        mine_recommended = set(
            Recommendation.objects.filter(user=user, comment_id__in=all_ids).values_list(
                "comment_id", flat=True
            )
        )
        mine_reported = set(
            Report.objects.filter(reporter=user, comment_id__in=all_ids).values_list(
                "comment_id", flat=True
            )
        )
    now = timezone.now()
    for comment in everyone:
        comment.thread_replies = replies.get(comment.pk, [])
        comment.recommended_by_me = comment.pk in mine_recommended
        comment.reported_by_me = comment.pk in mine_reported
        comment.is_mine = logged_in and comment.author_id == user.pk
        comment.can_edit = (
            comment.is_mine
            and comment.status != CommentStatus.REJECTED
            and now <= comment.editable_until()
        )
    return ThreadPage(comments, total, top_level, page, pages, sort)


def single_comment(comment: Comment, user) -> Comment:
    """A just-posted comment dressed as thread_page dresses each one (for the API's HTML)."""
    comment.thread_replies = []
    comment.is_mine = comment.author_id == user.pk
    comment.can_edit = comment.is_mine and comment.status != CommentStatus.REJECTED
    comment.recommended_by_me = False
    comment.reported_by_me = False
    return comment
