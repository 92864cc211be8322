"""The engine as this site runs it: one index per process, opened from the settings.

``open_lexicon()`` runs when the WSGI application loads (broadsheet/wsgi.py), so a worker
whose index is missing, stale or made with another sentence encoder stops at start-up with
a message naming ``./run manage build_lexicon``; a request never builds anything. Other
processes (tests, management commands) open the index on their first lookup and get the
same error there.
"""

from __future__ import annotations

import threading
from functools import cache

from django.core.exceptions import ImproperlyConfigured

from broadsheet.lexicon import app_settings
from broadsheet.lexicon.engine import IndexUnavailable, Lexicon, SentenceEncoder, load_encoder
from broadsheet.lexicon.engine.index import index_path

_lock = threading.Lock()
_state: dict[str, Lexicon] = {}


class LexiconUnavailable(ImproperlyConfigured):
    """The dictionary index cannot be used; the message says how to make one."""


def sentence_encoder() -> SentenceEncoder | None:
    """The configured encoder (LEXICON_SENTENCE_ENCODER), or None when it is not installed;
    one instance per process, so its weights are loaded once."""
    return _encoder(app_settings.sentence_encoder_path())


@cache
def _encoder(dotted_path: str) -> SentenceEncoder | None:
    return load_encoder(dotted_path)


def load_sense_model() -> None:
    """Load the sentence encoder's network now. The app server's main process calls this
    (broadsheet/wsgi.py) before it forks its workers, so every worker shares the loaded
    network's memory instead of building its own on its first lookup in context."""
    load = getattr(sentence_encoder(), "load", None)
    if load is not None:
        load()


def open_lexicon() -> Lexicon:
    """This process's index, opened once; raises LexiconUnavailable with the remedy."""
    lex = _state.get("lexicon")
    if lex is not None:
        return lex
    with _lock:
        if "lexicon" not in _state:
            path = index_path(app_settings.data_dir())
            try:
                _state["lexicon"] = Lexicon(path, sentence_encoder())
            except IndexUnavailable as error:
                raise LexiconUnavailable(
                    f"The dictionary cannot start: {error}. Build the index with "
                    "`./run manage build_lexicon` (a few minutes, once)."
                ) from None
        return _state["lexicon"]
