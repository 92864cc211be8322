"""Everything that changes or reads comments: plain functions, each write in one transaction.

One module per concern; views, the API, the admin queue and the hooks call the functions
re-exported here (``from broadsheet.talk import services; services.post_comment(...)``).
Refusals are ``CommentError`` (a ``broadsheet.core.errors.ReaderError``).
"""

from broadsheet.talk.errors import CommentError
from broadsheet.talk.services.commenters import (
    commenter_for,
    display_name,
    reader_display_name,
    require_commenter,
    set_up_commenter,
)
from broadsheet.talk.services.moderating import (
    approve_comment,
    ban_reader,
    can_moderate,
    comment_for_moderation,
    feature_comment,
    moderation_queue,
    queue_counts,
    reinstate_reader,
    reject_comment,
    suspend_reader,
)
from broadsheet.talk.services.posting import (
    PostResult,
    comment_for_editing,
    delete_comment,
    edit_comment,
    post_comment,
    visible_comment,
)
from broadsheet.talk.services.reactions import report_comment, toggle_recommendation
from broadsheet.talk.services.reader_data import erase_reader_comments, export_reader_comments
from broadsheet.talk.services.redaction import redact_comment
from broadsheet.talk.services.refresh import invalidate_article
from broadsheet.talk.services.screening import clean_text, hash_ip, score_toxicity, word_lists
from broadsheet.talk.services.threads import (
    SORT_LABELS,
    SORTS,
    ThreadPage,
    comment_counts,
    single_comment,
    thread_page,
)

__all__ = [
    "SORTS",
    "SORT_LABELS",
    "CommentError",
    "PostResult",
    "ThreadPage",
    "approve_comment",
    "ban_reader",
    "can_moderate",
    "clean_text",
    "comment_counts",
    "comment_for_editing",
    "comment_for_moderation",
    "commenter_for",
    "delete_comment",
    "display_name",
    "edit_comment",
    "erase_reader_comments",
    "export_reader_comments",
    "feature_comment",
    "hash_ip",
    "invalidate_article",
    "moderation_queue",
    "post_comment",
    "queue_counts",
    "reader_display_name",
    "redact_comment",
    "reinstate_reader",
    "reject_comment",
    "report_comment",
    "require_commenter",
    "score_toxicity",
    "set_up_commenter",
    "single_comment",
    "suspend_reader",
    "thread_page",
    "toggle_recommendation",
    "visible_comment",
    "word_lists",
]
