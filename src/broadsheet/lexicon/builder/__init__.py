"""The offline index builder: WordNet, CMUdict, wordfreq and sense vectors into one SQLite
file. Imported only by the ``build_lexicon`` management command (and benchmarks); the web
side opens the result with ``broadsheet.lexicon.engine.index.Lexicon``."""

from broadsheet.lexicon.builder.build import build, build_index, is_current

__all__ = ["build", "build_index", "is_current"]
