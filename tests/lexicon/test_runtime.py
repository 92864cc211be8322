"""The index is opened, never built, by the site: a missing one or one made with another
sentence encoder is refused with a message naming the command that makes it."""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.lexicon import engine, runtime


class OtherEncoder:
    name = "other"
    dimension = 3
    identity = "other encoder (test)"

    def encode(self, texts):
        return np.zeros((len(texts), self.dimension), dtype=np.float32)


def test_an_index_made_with_another_encoder_is_refused(lexicon):
    with pytest.raises(engine.IndexUnavailable, match="other encoder"):
        engine.Lexicon(lexicon.path, OtherEncoder())


def test_the_index_records_the_encoder_that_made_its_vectors(lexicon):
    assert lexicon.meta["encoder"] == (lexicon.encoder.identity if lexicon.encoder else "")


def test_a_missing_index_stops_start_up_naming_build_lexicon(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(runtime, "_state", {})
    settings.DATA_DIR = tmp_path
    with pytest.raises(runtime.LexiconUnavailable, match=r"\./run manage build_lexicon"):
        runtime.open_lexicon()
    assert not (tmp_path / "lexicon").exists(), "nothing is built on the way"
