"""What the views and the API both tell a reader: a comment's status message, the poster's IP.

The address is core's `client_ip`, the site's one notion of it (staff lockouts count by it too).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from broadsheet.core.client import client_ip
from broadsheet.talk.clauses import clause_label
from broadsheet.talk.models import Comment, CommentStatus

__all__ = ["client_ip", "status_message"]


def status_message(comment: Comment) -> str:
    """What happened to the reader's comment, in their language, with the clause that applied."""
    if comment.status == CommentStatus.PUBLISHED:
        return _("Your comment is published.")
    if comment.status == CommentStatus.PENDING:
        return _(
            "Your comment is waiting for a moderator (%(clause)s). Only you can see it until then."
        ) % {"clause": clause_label(comment.clause)}
    return _("Your comment was not published: %(clause)s.") % {
        "clause": clause_label(comment.clause)
    }
