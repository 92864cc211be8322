"""The dictionary app: plugs the editorial glossary into the engine's lookups and has
articles profiled (a background job) when they are published."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from broadsheet.lexicon.engine import register_glossary_provider


class LexiconConfig(AppConfig):
    name = "broadsheet.lexicon"
    label = "lexicon"
    verbose_name = _("Dictionary")

    def ready(self) -> None:
        # The glossary needs the models, which exist only once the app registry is ready.
        from broadsheet.lexicon import glossary, tasks  # lazy: both import models (registry)
        from broadsheet.lexicon.models import (  # lazy: app registry not ready
            GlossaryGloss,
            GlossaryTerm,
        )

        register_glossary_provider(glossary.provider)
        # The one place an article's vocabulary profile is asked for on publish: a job.
        page_published.connect(
            tasks.on_article_published,
            sender=tasks.profile.ArticlePage,
            dispatch_uid="lexicon-profile-on-publish",
        )
        # Cache invalidation only: the glossary itself is written by admin forms and loaders.
        for model in (GlossaryTerm, GlossaryGloss):
            for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    glossary.term_changed,
                    sender=model,
                    dispatch_uid=f"lexicon-{model._meta.model_name}-{uid}",
                )
