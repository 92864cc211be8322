"""Talk's background jobs: the e-mails to readers about their comments (talk.notify)."""

from __future__ import annotations

from django_tasks import task

from broadsheet.talk import notify


@task(queue_name="mail")
def reply_posted(reply_id: int) -> None:
    """Tell the author of the comment replied to, if they asked for it."""
    notify.reply_posted(reply_id)


@task(queue_name="mail")
def comment_rejected(comment_id: int) -> None:
    """Tell the author why a moderator rejected their comment, if they asked for it."""
    notify.comment_rejected(comment_id)
