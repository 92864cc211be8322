"""Shared fixtures: one real index per test session.

Reuses $BROADSHEET_DATA_DIR when it holds a current index (./run test builds it there);
otherwise builds one into a temporary directory (a few minutes, once per session).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.lexicon import services
from broadsheet.lexicon.build import ensure_index


@pytest.fixture(scope="session")
def lexicon(tmp_path_factory) -> services.Lexicon:
    data_dir = os.environ.get("BROADSHEET_DATA_DIR")
    if not data_dir:
        data_dir = str(tmp_path_factory.mktemp("data"))
    return services.Lexicon(ensure_index(Path(data_dir)))


@pytest.fixture()
def lookup(lexicon):
    def _lookup(text, context=None, **kw):
        return services.lookup(text, context, lexicon=lexicon, **kw)

    return _lookup
