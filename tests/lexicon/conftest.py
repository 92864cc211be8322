"""Shared fixtures: one real index per test session.

Reuses $BROADSHEET_DATA_DIR when it holds a current index (./run test builds it there);
otherwise builds one into a temporary directory (a few minutes, once per session).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from broadsheet.lexicon import engine
from broadsheet.lexicon.builder import build_index
from broadsheet.lexicon.runtime import sentence_encoder

# The module, not the function of the same name that the engine package exports.
engine_lookup = importlib.import_module("broadsheet.lexicon.engine.lookup")


@pytest.fixture(scope="session")
def lexicon(tmp_path_factory) -> engine.Lexicon:
    data_dir = os.environ.get("BROADSHEET_DATA_DIR")
    if not data_dir:
        data_dir = str(tmp_path_factory.mktemp("data"))
    encoder = sentence_encoder()
    path, _timings = build_index(Path(data_dir), encoder)
    return engine.Lexicon(path, encoder)


@pytest.fixture()
def lookup(lexicon, monkeypatch):
    """The engine's lookup, with no glossary provider but those the test registers.

    The site registers its own provider (the editors' glossary) when Django starts; an
    engine test must not depend on whether an earlier test left that glossary in memory.
    """
    monkeypatch.setattr(engine_lookup, "_providers", [])

    def _lookup(text, context=None, **kw):
        return engine.lookup(lexicon, text, context, **kw)

    return _lookup


@pytest.fixture
def no_lookup_limit(settings):
    """Lift the per-address lookup limit for tests that send a corpus from one address
    (tests/lexicon/test_rate_limits.py tests the limit itself)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "dictionary_lookup": {}}
