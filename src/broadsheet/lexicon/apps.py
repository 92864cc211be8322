from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexiconConfig(AppConfig):
    name = "broadsheet.lexicon"
    label = "lexicon"
    verbose_name = _("Dictionary")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from broadsheet.lexicon import glossary, services
        from broadsheet.lexicon.models import GlossaryTerm

        services.register_glossary_provider(glossary.provider)
        # Cache invalidation only: the glossary itself is written by admin forms and loaders.
        post_save.connect(
            glossary.term_changed, sender=GlossaryTerm, dispatch_uid="lexicon-glossary-saved"
        )
        post_delete.connect(
            glossary.term_changed, sender=GlossaryTerm, dispatch_uid="lexicon-glossary-deleted"
        )
