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


def input_factor() -> int:
    """TALK_INPUT_FACTOR: a text field may arrive with this many code points per character.

    Checked before any normalisation, so the work per request is bounded; room enough to
    paste an over-long text and see the counter say "over".
    """
    return max(1, int(getattr(settings, "TALK_INPUT_FACTOR", 4)))


def max_comment_input() -> int:
    """The comment's hard cap in code points (also the textarea's maxlength, in UTF-16 units,
    which are never fewer than the code points, so the browser cannot exceed the server)."""
    return input_factor() * max_comment_characters()


def max_combining_marks() -> int:
    """TALK_MAX_COMBINING_MARKS: marks one character (grapheme cluster) may carry."""
    return int(getattr(settings, "TALK_MAX_COMBINING_MARKS", 8))


def max_word_list_bytes() -> int:
    """TALK_WORD_LIST_MAX_BYTES: the largest word list file a moderator may upload."""
    return int(getattr(settings, "TALK_WORD_LIST_MAX_BYTES", 256 * 1024))
