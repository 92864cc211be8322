from django.apps import AppConfig


class LexiconConfig(AppConfig):
    name = "broadsheet.lexicon"
    label = "lexicon"
    verbose_name = "Lexicon"
