"""Operator settings of the comments app, read from Django settings with safe defaults.

Moderation policy knobs that editors change live in the database (models.ModerationSettings);
these are the deployment's: the comment length limit, where an external toxicity scorer
lives and how long to wait for it, how many comments a page shows.
"""

from __future__ import annotations

from django.conf import settings


def toxicity_url() -> str:
    """POST {"text": ...} to this URL, expecting {"score": 0..1}; empty means no scorer."""
    return getattr(settings, "TALK_TOXICITY_URL", "")


def toxicity_timeout() -> float:
    return float(getattr(settings, "TALK_TOXICITY_TIMEOUT", 2.0))


def comments_per_page() -> int:
    return int(getattr(settings, "TALK_COMMENTS_PER_PAGE", 20))


def max_comment_characters() -> int:
    """The comment limit in characters (grapheme clusters), TALK_COMMENT_MAX_CHARACTERS."""
    return int(getattr(settings, "TALK_COMMENT_MAX_CHARACTERS", 250))


def max_comment_input() -> int:
    """The textarea's hard cap in UTF-16 units: room to paste and see the counter say "over"."""
    return 8 * max_comment_characters()
