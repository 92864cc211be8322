"""The dictionary's settings as the app reads them (set in broadsheet/settings.py, from the
environment; the default below serves settings modules without the line, and benchmarks).

LEXICON_SENTENCE_ENCODER: dotted path of a class implementing
    ``broadsheet.lexicon.engine.encoder.SentenceEncoder`` whose constructor takes no
    argument; "" for none (senses then keep WordNet's order). Changing it needs a new index:
    ``./run manage build_lexicon``.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_SENTENCE_ENCODER = "broadsheet.lexicon.engine.minilm.MiniLMEncoder"


def sentence_encoder_path() -> str:
    return getattr(settings, "LEXICON_SENTENCE_ENCODER", DEFAULT_SENTENCE_ENCODER)


def data_dir():
    """Where the index lives: <DATA_DIR>/lexicon/."""
    return settings.DATA_DIR
