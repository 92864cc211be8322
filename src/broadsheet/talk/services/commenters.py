"""Readers as the comments know them: the first-comment set-up and who may write."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.talk import app_settings
from broadsheet.talk.counting import count_characters, normalise_text
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import MAX_DISPLAY_NAME, Comment, Commenter
from broadsheet.talk.moderation import contains_term
from broadsheet.talk.services.screening import bounded_input, word_lists


def commenter_for(user) -> Commenter | None:
    """The reader's commenter profile, or None (anonymous, or never set up)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.commenter
    except Commenter.DoesNotExist:
        return None


def set_up_commenter(
    user, display_name: str, *, accept_policy: bool, language: str = "en"
) -> Commenter:
    """The reader's first step: a display name and acceptance of the Standards Board Policy."""
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in first."), status=401)
    wrong_length = _("Choose a display name of 2 to %(max)d characters.") % {
        "max": MAX_DISPLAY_NAME
    }
    if not isinstance(display_name, str):
        raise CommentError("display_name", wrong_length)
    bounded_input(display_name, app_settings.input_factor() * MAX_DISPLAY_NAME, wrong_length)
    name = " ".join(normalise_text(display_name).split())
    if not 2 <= count_characters(name) <= MAX_DISPLAY_NAME:
        raise CommentError("display_name", wrong_length)
    if len(name) > MAX_DISPLAY_NAME:
        # The column holds MAX_DISPLAY_NAME code points; each accent or mark takes one.
        raise CommentError(
            "display_name",
            _(
                "That display name is too long to store: accents and combining marks count "
                "towards its %(max)d characters. Please choose a shorter one."
            )
            % {"max": MAX_DISPLAY_NAME},
        )
    if not accept_policy:
        raise CommentError(
            "policy", _("Please accept the Standards Board Policy to write comments.")
        )
    banned, suspect = word_lists()
    if any(contains_term(name, w) for w in banned + suspect):
        raise CommentError("display_name", _("Please choose a different display name."))
    with transaction.atomic():
        taken = Commenter.objects.filter(display_name__iexact=name).exclude(user=user).exists()
        if taken:
            raise CommentError(
                "display_name_taken",
                _("Another reader already uses that display name; please choose another."),
                status=409,
            )
        commenter, _created = Commenter.objects.update_or_create(
            user=user,
            defaults={
                "display_name": name,
                "accepted_policy_at": timezone.now(),
                "language": language[:8],
            },
        )
    return commenter


def require_commenter(user) -> Commenter:
    """The commenter behind a write, or the refusal that says why they may not write."""
    if user is None or not user.is_authenticated:
        raise CommentError("login_required", _("Please log in to write comments."), status=401)
    commenter = commenter_for(user)
    if commenter is None or commenter.accepted_policy_at is None:
        raise CommentError(
            "setup_required",
            _("Choose a display name and accept the Standards Board Policy first."),
            status=403,
        )
    if commenter.is_banned:
        raise CommentError(
            "banned",
            _("Your account may no longer write comments."),
            status=403,
            clause="sanctions",
        )
    if commenter.is_suspended():
        until = timezone.localtime(commenter.suspended_until)
        raise CommentError(
            "suspended",
            _("Your account is suspended from commenting until %(until)s KST.")
            % {"until": until.strftime("%Y-%m-%d %H:%M")},
            status=403,
            clause="sanctions",
        )
    return commenter


def display_name(comment: Comment) -> str:
    """The name shown on a comment: its author's display name, or who they were."""
    if comment.author_id is None:
        return _("Deleted reader")
    commenter = getattr(comment.author, "commenter", None)
    return commenter.display_name if commenter else _("Reader")


def reader_display_name(user) -> str | None:
    """The reader's commenter name, if they chose one (the broadsheet_reader_display_name hook)."""
    commenter = commenter_for(user)
    return commenter.display_name if commenter is not None else None
