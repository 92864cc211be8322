"""The dictionary engine: everything about answering a lookup, and nothing of the site.

No Django, Wagtail or other broadsheet module is imported here (an import-linter contract
in pyproject.toml checks it). One module per concern:

  index.py       the compiled SQLite index, opened read-only (Lexicon, FORMAT, problems)
  normalize.py   what a reader selected -> clean text (InvalidQuery)
  morphy.py      WordNet's morphy: inflected form -> dictionary forms
  derivation.py  affix stripping and closed compounds for words WordNet lacks
  context.py     the word's place in its sentence: window, sentence start, POS cue
  ranking.py     candidate senses ordered by fit to the sentence
  phrases.py     expressions of the sentence that contain the word (also split: "set it up")
  names.py       where a sentence holds a name ("Lee Hye-hoon"), romanised Korean
  pronounce.py   CMUdict ARPAbet -> IPA
  suggest.py     close spellings (rapidfuzz)
  lookup.py      lookup() and the glossary-provider hook
  results.py     the answer's dataclasses (notes are codes with data)
  encoder.py     the sentence-encoder interface; minilm.py the default encoder
  wordlists.py   word lists read from data/
  vocabulary.py  an article's vocabulary profile: its level and the words to know
"""

from broadsheet.lexicon.engine.encoder import EncoderUnavailable, SentenceEncoder, load_encoder
from broadsheet.lexicon.engine.index import FORMAT, IndexUnavailable, Lexicon, index_path
from broadsheet.lexicon.engine.lookup import (
    lookup,
    register_glossary_provider,
    unregister_glossary_provider,
)
from broadsheet.lexicon.engine.normalize import MAX_LENGTH, InvalidQuery, Normalized, normalize
from broadsheet.lexicon.engine.results import (
    Difficulty,
    ExpressionMatch,
    FunctionGloss,
    Gloss,
    GlossaryEntry,
    GlossaryQuery,
    LookupResult,
    Note,
    Pronunciation,
    Sense,
)
from broadsheet.lexicon.engine.suggest import suggest

__all__ = [
    "FORMAT", "MAX_LENGTH", "Difficulty", "EncoderUnavailable", "ExpressionMatch",
    "FunctionGloss", "Gloss",
    "GlossaryEntry", "GlossaryQuery", "IndexUnavailable", "InvalidQuery", "Lexicon",
    "LookupResult", "Normalized", "Note", "Pronunciation", "SentenceEncoder", "Sense",
    "index_path", "load_encoder", "lookup", "normalize", "register_glossary_provider",
    "suggest", "unregister_glossary_provider",
]  # fmt: skip
