"""A moderator redacts a passage (someone else's phone number, address...) from a comment.

The passage goes from the comment, from every earlier version and finding the audit log kept
of it, and from the notes of reports about it. The redaction is logged without the passage.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.talk import app_settings
from broadsheet.talk.counting import normalise_text
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import ActionKind, CommentStatus, ModerationAction, Report
from broadsheet.talk.services.moderating import comment_for_moderation
from broadsheet.talk.services.refresh import on_commit_invalidate
from broadsheet.talk.services.screening import bounded_input

# What readers see where a passage was: language-neutral, and not mistaken for the text.
REDACTED = "[…]"


def redact_comment(moderator, comment_id, passage: str, reason: str = "") -> int:
    """Replace every occurrence of `passage` in the comment and what is kept of it.

    Checks the moderator's permission (403) and the comment (404); a passage that occurs
    nowhere is a 400. Returns how many occurrences were replaced.
    """
    comment = comment_for_moderation(moderator, comment_id)
    not_there = _("That passage is not in the comment or in what the log kept of it.")
    if not isinstance(passage, str):
        raise CommentError("passage", not_there)
    bounded_input(
        passage, app_settings.max_comment_input(), _("That passage is longer than any comment.")
    )
    passage = normalise_text(passage)
    if not passage or passage == REDACTED:
        raise CommentError("passage", _("Copy the passage to redact from the comment."))
    with transaction.atomic():
        count = comment.text.count(passage)
        comment.text = comment.text.replace(passage, REDACTED)
        comment.reasons = _replaced(comment.reasons, passage)
        comment.save(update_fields=["text", "reasons"])
        entries = list(comment.actions.only("pk", "details", "reason"))
        for entry in entries:
            count += _count(entry.details, passage) + entry.reason.count(passage)
            entry.details = _replaced(entry.details, passage)
            entry.reason = entry.reason.replace(passage, REDACTED)
        ModerationAction.objects.bulk_update(entries, ["details", "reason"], batch_size=500)
        reports = list(comment.reports.filter(note__contains=passage))
        for report in reports:
            count += report.note.count(passage)
            report.note = report.note.replace(passage, REDACTED)
        Report.objects.bulk_update(reports, ["note"])
        if count == 0:
            raise CommentError("passage", not_there)
        ModerationAction.objects.create(
            kind=ActionKind.REDACTED,
            actor=moderator,
            comment=comment,
            subject=comment.author,
            reason=reason.replace(passage, REDACTED)[:300],
            details={"occurrences": count},
        )
        if comment.status == CommentStatus.PUBLISHED:
            on_commit_invalidate(comment.article_id)
    return count


def _replaced(value: Any, passage: str) -> Any:
    """`value` (text or JSON) with every occurrence of `passage` in its strings redacted."""
    if isinstance(value, str):
        return value.replace(passage, REDACTED)
    if isinstance(value, list):
        return [_replaced(v, passage) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, passage) for k, v in value.items()}
    return value


def _count(value: Any, passage: str) -> int:
    if isinstance(value, str):
        return value.count(passage)
    if isinstance(value, list):
        return sum(_count(v, passage) for v in value)
    if isinstance(value, dict):
        return sum(_count(v, passage) for v in value.values())
    return 0
