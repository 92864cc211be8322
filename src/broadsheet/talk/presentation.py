"""What the views and the API both tell a reader: a comment's status message, the poster's IP."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from broadsheet.core.rate_limits import client_address
from broadsheet.talk.clauses import clause_label
from broadsheet.talk.models import Comment, CommentStatus


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count by (kept only as a keyed hash, services.hash_ip)."""
    return client_address(request)


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
