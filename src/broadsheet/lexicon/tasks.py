"""The dictionary's background job: an article's vocabulary profile, off the publish request.

Publishing (the admin, the scheduler, the importer: all send Wagtail's ``page_published``)
enqueues ``profile_published_article`` once the publish commits; the worker computes and
stores the profile (``profile.profile_article``, ~0.14 s of CPU per article) and makes the
article's cached copies unreachable. Until then the page shows the profile it had, or none
("no word list yet" in the box when a level is chosen): never an error.
"""

from __future__ import annotations

from django_tasks import task

from broadsheet.core import page_cache
from broadsheet.core.background import enqueue_on_commit
from broadsheet.lexicon import profile


# Not the "pages" queue: a profile is CPU work that may wait, and it must never hold up the
# cache purges that queue carries (the stack's page worker looks for them five times a second).
@task(queue_name="default")
def profile_published_article(article_id: int) -> None:
    """Profile the article as it is live now (idempotent: a second run stores the same
    profile); nothing when it is gone or no longer live. Without a dictionary index it
    stores nothing (a warning in the log; ``manage profile_articles --missing`` fills in)."""
    article = profile.ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return
    if profile.profile_article(article, article.live_revision) is not None:
        page_cache.invalidate_pages([article])


def on_article_published(sender, instance, **kwargs) -> None:
    """``page_published`` receiver for articles (connected in LexiconConfig.ready): every
    publish may change the body, so every publish enqueues the job."""
    enqueue_on_commit(profile_published_article, instance.pk)
