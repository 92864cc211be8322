"""After a write commits: refresh the cached pages that show the comment, queue the e-mail."""

from __future__ import annotations

from django.db import transaction

from broadsheet.core.background import enqueue_on_commit
from broadsheet.core.page_cache import invalidate_pages
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk import tasks
from broadsheet.talk.models import Comment, CommentStatus


def invalidate_article(article_id: int) -> None:
    """Drop cached copies of the article and of the pages that show its count: the listings
    above it and, through page_cache's hooks, the few articles whose "More from" cards show it
    and its tag and archive pages."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is not None:
        invalidate_pages([article, *article.get_ancestors()])


def on_commit_invalidate(article_id: int) -> None:
    """Refresh the article's pages once the current transaction commits."""
    transaction.on_commit(lambda: invalidate_article(article_id))


def after_commit_visible(comment: Comment) -> None:
    """A comment became visible (or stopped being): refresh its pages, tell the replied-to."""
    on_commit_invalidate(comment.article_id)
    if comment.parent_id and comment.status == CommentStatus.PUBLISHED:
        enqueue_on_commit(tasks.reply_posted, comment.pk)
