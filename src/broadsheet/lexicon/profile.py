"""Articles' vocabulary profiles: computed when an article is published, stored, then read.

``profile_article`` runs the engine's ``vocabulary.profile_text`` over the article's plain
text and stores the result as the article's ``ArticleProfile``. It is called by one job on
publish, ``tasks.profile_published_article`` (enqueued, once the publish commits, by the
receiver of Wagtail's ``page_published``, which the admin, the scheduler and the importer
all send), by ``./run manage profile_articles`` and by the demo loader. Article pages only
read the stored row (``words_to_know``) and section pages filter on its level
(``filter_by_level``); no request runs the engine.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.core import reader_prefs
from broadsheet.lexicon import glossary
from broadsheet.lexicon.engine.vocabulary import LEVEL_NAMES, profile_text
from broadsheet.lexicon.lookups import page_url
from broadsheet.lexicon.models import ArticleProfile
from broadsheet.lexicon.runtime import LexiconUnavailable, open_lexicon
from broadsheet.newsroom.models import ArticlePage

log = logging.getLogger(__name__)

# The levels a reader can choose for the box, "off" aside (core.reader_prefs owns the cookie).
LEARNER_LEVELS = tuple(level for level in reader_prefs.LEARNER_LEVELS if level != "off")
# The levels a section page can be filtered by (?level=B1: articles at B1 or below).
FILTER_LEVELS = LEARNER_LEVELS


def profile_article(article: ArticlePage, revision=None) -> ArticleProfile | None:
    """Compute and store the article's profile (replacing an older one).

    Returns None, with a warning in the log, when the dictionary index cannot be opened:
    publishing never fails for want of a profile, and ``profile_articles`` fills it in.
    """
    try:
        lex = open_lexicon()
    except LexiconUnavailable as error:
        log.warning("no vocabulary profile for article %s: %s", article.pk, error)
        return None
    found = profile_text(
        lex,
        article.plain_text(),
        learner_levels=LEARNER_LEVELS,
        per_level=settings.LEXICON_PROFILE_WORDS,
        max_words=settings.LEXICON_PROFILE_MAX_WORDS,
        scope=article.pk,
    )
    words = {
        level: [dataclasses.asdict(word) for word in chosen]
        for level, chosen in found.words.items()
    }
    profile, _created = ArticleProfile.objects.update_or_create(
        article=article,
        defaults={
            "revision": revision,
            "level": found.level,
            "running_words": found.running_words,
            "words": words,
            "computed_at": timezone.now(),
        },
    )
    return profile


def profile_articles(*, only_missing: bool = False, log_line=print) -> list[float]:
    """Profile every live article (or only those without a profile).

    Returns the seconds of CPU time each article took (wall-clock time depends on what else
    the machine runs); stops early, with a warning in the log, when the dictionary index
    cannot be opened.
    """
    articles = ArticlePage.objects.live().order_by("pk")
    if only_missing:
        articles = articles.exclude(pk__in=ArticleProfile.objects.values("article_id"))
    seconds: list[float] = []
    started = time.perf_counter()
    for article in articles.iterator(chunk_size=100):
        cpu = time.process_time()
        if profile_article(article, article.live_revision) is None:
            break
        seconds.append(time.process_time() - cpu)
    if seconds:
        elapsed = time.perf_counter() - started
        log_line(
            f"vocabulary profiles: {len(seconds)} article(s) in {elapsed:.1f} s; "
            f"CPU time per article {sum(seconds) / len(seconds):.2f} s on average, "
            f"{max(seconds):.2f} s at most"
        )
    return seconds


def words_to_know(article: ArticlePage, level: str) -> dict | None:
    """What the "Words to know" box shows for a learner level: the article's level and its
    words with their glosses from the editors' glossary; None when there is no profile.

    One query for the stored profile; the glosses come from this process's glossary copy
    (so an editor's new gloss shows without publishing the article again).
    """
    profile = ArticleProfile.objects.filter(article=article).only("level", "words").first()
    if profile is None:
        return None
    words = []
    for word in profile.words.get(level, []):
        entry = glossary.find(word["word"], (word["lemma"],), scope=article.pk)
        words.append(
            {
                **word,
                "glosses": entry.glosses if entry is not None else (),
                "url": page_url(word["lemma"]),
            }
        )
    return {"level": profile.level, "words": words}


def chosen_filter(request) -> str | None:
    """The level a section listing is filtered by (?level=B1), None for all; a level that
    does not exist, or more than one, is a 400."""
    levels = request.GET.getlist("level")
    if not levels:
        return None
    if len(levels) > 1 or levels[0] not in FILTER_LEVELS:
        raise BadRequest(
            _("There is no such level. Choose one of: %(levels)s.")
            % {"levels": ", ".join(FILTER_LEVELS)}
        )
    return levels[0]


def filter_by_level(articles: QuerySet, level: str) -> QuerySet:
    """Articles whose profile is at or below level (one subquery: no query of its own)."""
    at_or_below = LEVEL_NAMES[: LEVEL_NAMES.index(level) + 1]
    return articles.filter(
        pk__in=ArticleProfile.objects.filter(level__in=at_or_below).values("article_id")
    )
