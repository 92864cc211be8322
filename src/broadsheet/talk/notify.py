"""E-mail to readers who asked for it: a reply to their comment, a rejection with its clause.

Called by talk.tasks' jobs, which the services enqueue once the comment is committed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from broadsheet.talk.clauses import clause_label
from broadsheet.talk.models import Comment


def _absolute(url: str) -> str:
    if url.startswith("http"):
        return url
    return (settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + url


def _send(user, commenter, subject_template: str, body_template: str, context: dict) -> None:
    if not user or not user.email:
        return
    with translation.override(commenter.language or "en"):
        subject = render_to_string(subject_template, context).strip()
        body = render_to_string(body_template, context)
    # Queued like every e-mail (core.mail); this runs in a job (talk.tasks) after the commit.
    send_mail(subject, body, None, [user.email])


def reply_posted(reply_id: int) -> None:
    reply = (
        Comment.objects.select_related("parent__author__commenter", "article", "author__commenter")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None or reply.parent is None or reply.parent.author is None:
        return
    parent_author = reply.parent.author
    commenter = getattr(parent_author, "commenter", None)
    if commenter is None or not commenter.email_on_reply or parent_author.pk == reply.author_id:
        return
    replier = getattr(reply.author, "commenter", None) if reply.author else None
    _send(
        parent_author,
        commenter,
        "talk/email/reply_subject.txt",
        "talk/email/reply.txt",
        {
            "article": reply.article,
            "reply": reply,
            "name": commenter.display_name,
            "replier": replier.display_name if replier else "",
            "url": _absolute(f"{reply.article.url}#comment-{reply.pk}"),
        },
    )


def comment_rejected(comment_id: int) -> None:
    comment = (
        Comment.objects.select_related("author__commenter", "article").filter(pk=comment_id).first()
    )
    if comment is None or comment.author is None:
        return
    commenter = getattr(comment.author, "commenter", None)
    if commenter is None or not commenter.email_on_rejection:
        return
    with translation.override(commenter.language or "en"):
        clause = clause_label(comment.clause)
    _send(
        comment.author,
        commenter,
        "talk/email/rejected_subject.txt",
        "talk/email/rejected.txt",
        {
            "article": comment.article,
            "comment": comment,
            "name": commenter.display_name,
            "clause": clause,
            "reason": comment.moderator_note,
            "url": _absolute(f"{comment.article.url}#comment-{comment.pk}"),
        },
    )
