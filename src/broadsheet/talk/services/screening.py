"""Gathering what the moderation rules look at: cleaned text, word lists, rates, the scorer.

The rules themselves are pure functions in talk/moderation.py; this module collects their
inputs from the database and the operator's settings, and words their refusals.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from broadsheet.talk import app_settings
from broadsheet.talk.counting import count_characters, normalise_text, overloaded_character
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import (
    ActionKind,
    Comment,
    CommentStatus,
    ModerationAction,
    ModerationSettings,
)
from broadsheet.talk.moderation import Outcome, Submission, Verdict
from broadsheet.talk.personal_data import find_personal_data
from broadsheet.talk.services.wordlists import word_lists

logger = logging.getLogger(__name__)

STATUS_FOR = {
    Verdict.PUBLISH: CommentStatus.PUBLISHED,
    Verdict.HOLD: CommentStatus.PENDING,
    Verdict.REJECT: CommentStatus.REJECTED,
}
ACTION_FOR = {
    Verdict.PUBLISH: ActionKind.POSTED,
    Verdict.HOLD: ActionKind.AUTO_HELD,
    Verdict.REJECT: ActionKind.AUTO_REJECTED,
}


def clean_text(text: str) -> str:
    """The text as it will be stored, or a 400 saying what is wrong with it."""
    if not isinstance(text, str):
        raise CommentError("text", _("Write your comment as text."))
    if "\x00" in text:
        raise CommentError("text", _("The comment contains characters that cannot be stored."))
    limit = app_settings.max_comment_characters()
    bounded_input(
        text,
        app_settings.max_comment_input(),
        _("A comment may have at most %(max)d characters; yours is far longer.") % {"max": limit},
    )
    cleaned = normalise_text(text)
    if not cleaned:
        raise CommentError("empty", _("Write something before posting: the comment is empty."))
    count = count_characters(cleaned)
    if count > limit:
        raise CommentError(
            "too_long",
            _("A comment may have at most %(max)d characters; yours has %(count)d.")
            % {"max": limit, "count": count},
        )
    return cleaned


def bounded_input(text: str, max_code_points: int, too_long: str) -> None:
    """Refuse, before any normalisation, text whose cleaning would be unbounded work.

    `too_long` is the message for more than `max_code_points` code points; a character
    (grapheme cluster) with more than TALK_MAX_COMBINING_MARKS marks, or made of more than
    twice as many code points, is refused as well.
    """
    if len(text) > max_code_points:
        raise CommentError("too_long", too_long)
    marks = app_settings.max_combining_marks()
    if overloaded_character(text, marks):
        raise CommentError(
            "combining_marks",
            _(
                "A character may carry at most %(max)d accents or combining marks and be "
                "made of at most %(points)d code points."
            )
            % {"max": marks, "points": 2 * marks},
        )


def hash_ip(ip: str | None) -> str:
    """Addresses are kept only as a keyed hash: enough to rate-limit, not to identify."""
    if not ip:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def moderation_settings() -> ModerationSettings:
    return ModerationSettings.load()


def is_premoderated(article, config: ModerationSettings) -> bool:
    if config.premoderate_all:
        return True
    paths = config.premoderated_sections.values_list("path", flat=True)
    return any(article.path.startswith(p) for p in paths)


def score_toxicity(text: str) -> float | None:
    """The external scorer's 0..1 score, or None when none is configured or it fails.

    Text with personal data in it is never sent: the personal-data rule runs first, and such a
    comment is held for a moderator anyway (rule personal_data).
    """
    url = app_settings.toxicity_url()
    if not url or find_personal_data(text) is not None:
        return None
    request = urllib.request.Request(  # noqa: S310 - the operator configures an http(s) URL
        url,
        data=json.dumps({"text": text}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=app_settings.toxicity_timeout()) as resp:  # noqa: S310
            score = float(json.load(resp)["score"])
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("toxicity scorer at %s did not answer; comment not scored", url)
        return None
    return min(max(score, 0.0), 1.0)


def submission(
    *, text, author, article, ip_hash, config, now, is_edit=False, exclude_pk=None, toxicity=None
) -> Submission:
    """Every fact the rules need about this text, its author and its article."""
    banned, suspect = word_lists()
    facts = Submission(
        text=text,
        now=now,
        is_edit=is_edit,
        banned_words=banned,
        suspect_words=suspect,
        author_published_count=_mine(author, exclude_pk)
        .filter(status=CommentStatus.PUBLISHED)
        .count(),
        hold_first_comments=config.hold_first_comments,
        premoderated=is_premoderated(article, config),
        account_limit=config.account_limit,
        ip_limit=config.ip_limit,
        window_seconds=config.window_seconds,
        toxicity=toxicity,
        toxicity_threshold=config.toxicity_threshold,
    )
    return race_facts(
        facts, author=author, ip_hash=ip_hash, config=config, now=now, exclude_pk=exclude_pk
    )


def race_facts(facts: Submission, *, author, ip_hash, config, now, exclude_pk=None) -> Submission:
    """`facts` with what another request may have changed read afresh (moderation.RACE_RULES).

    Called again inside the write transaction: the reader's recent comments (duplicates), their
    recent posts or, for an edit, their recent edits (account limit), and the address's posts.
    """
    window_start = now - timedelta(seconds=config.window_seconds)
    mine = _mine(author, exclude_pk)
    recent_texts = mine.filter(
        created_at__gte=now - timedelta(hours=config.duplicate_window_hours),
        status__in=[CommentStatus.PUBLISHED, CommentStatus.PENDING],
    ).values_list("text", flat=True)[:200]
    if facts.is_edit:
        author_times = ModerationAction.objects.filter(
            actor=author, kind=ActionKind.EDITED, created_at__gte=window_start
        ).values_list("created_at", flat=True)
    else:
        author_times = mine.filter(created_at__gte=window_start).values_list(
            "created_at", flat=True
        )
    ip_times = (
        Comment.objects.filter(ip_hash=ip_hash, created_at__gte=window_start).values_list(
            "created_at", flat=True
        )
        if ip_hash and not facts.is_edit
        else []
    )
    return replace(
        facts,
        now=now,
        recent_texts=tuple(recent_texts),
        author_recent_times=tuple(author_times),
        ip_recent_times=tuple(ip_times),
    )


def _mine(author, exclude_pk):
    mine = Comment.objects.filter(author=author)
    return mine.exclude(pk=exclude_pk) if exclude_pk else mine


def refusal(outcome: Outcome) -> CommentError:
    """A rate limit's answer: how long to wait, in words and in Retry-After seconds."""
    wait = (outcome.finding.retry_after if outcome.finding else None) or 1
    minutes, seconds = divmod(wait, 60)
    when = (
        (_("%(m)d min %(s)d s") % {"m": minutes, "s": seconds})
        if minutes
        else (_("%(s)d s") % {"s": seconds})
    )
    return CommentError(
        "rate_limited",
        _("You are commenting faster than the policy allows. Please wait %(when)s.")
        % {"when": when},
        status=429,
        retry_after=wait,
        clause=outcome.clause,
    )
