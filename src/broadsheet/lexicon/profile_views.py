"""The vocabulary profile on reader pages: the "Words to know" box and the level filter.

Both render stored data only (profile.py); the engine never runs for a request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from broadsheet.core import reader_prefs
from broadsheet.lexicon import profile


def render_words_to_know(request: HttpRequest, article) -> str:
    """The box at the top of an article: the reader's level's words, or (level "off") a
    closed box offering the levels. No query unless a level is chosen."""
    level = reader_prefs.learner_level(request)
    chosen = level if level in profile.LEARNER_LEVELS else None
    return render_to_string(
        "lexicon/words_to_know.html",
        {
            "level": chosen,
            "levels": profile.LEARNER_LEVELS,
            "known": profile.words_to_know(article, chosen) if chosen else None,
            "next": request.get_full_path(),
        },
        request=request,
    )


def render_level_filter(request: HttpRequest, level: str | None) -> str:
    """Links that filter a section's articles by level (?level=B1), the current one marked."""
    return render_to_string(
        "lexicon/level_filter.html",
        {"level": level, "levels": profile.FILTER_LEVELS},
        request=request,
    )
