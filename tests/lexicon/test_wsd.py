"""Sense ordering on the development set the issue names (SemEval-2007 of Raganato et al.
2017, read from ../shared/wsd/semeval2007, never copied), split by sentence into a tune half
and a held-out half (benchmarks/wsd.py ``half``). The settings were tuned on the tune half
only; the figure asserted is the held-out half's. Counts, not times."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from broadsheet.lexicon.engine import ranking
from tests.shared_data import shared_path

ROOT = Path(__file__).resolve().parents[2]
# Held-out F1 the ranking must reach above WordNet's first sense on the same half: it
# scores 62.0 against 55.3 (docs/lexicon-notes.md); the plain sentence mean of the
# previous ordering scored 60.6, and the first sense alone would fail by 6 points.
HELD_OUT_MARGIN = 6.0


def load_benchmark():
    spec = importlib.util.spec_from_file_location("wsd_benchmark", ROOT / "benchmarks" / "wsd.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(lexicon):
    """{part: (instances, first-sense hits, ranked hits)} with the shipped settings."""
    wsd = load_benchmark()
    instances, gold = wsd.load(shared_path("wsd", "semeval2007"))
    assert len(instances) == 455
    for _iid, lemma, pos, _surface, _sentence in instances:
        assert ranking.candidates(lexicon, {pos: [lemma]}), f"{lemma}.{pos} has no senses"
    counts, _times = wsd.score(lexicon, instances, gold)
    return counts


def f1(hits: int, n: int) -> float:
    return 100 * hits / n


def test_the_split_keeps_both_halves_large(scores):
    """Each half holds over 200 instances, and together they are the whole set."""
    assert scores["tune"][0] > 200 and scores["held-out"][0] > 200
    assert scores["tune"][0] + scores["held-out"][0] == scores["all"][0] == 455


def test_the_first_sense_baseline_is_the_published_one(scores):
    n, first, _ranked = scores["all"]
    assert round(f1(first, n), 1) == 55.2


def test_on_the_held_out_half_the_top_sense_beats_the_first_sense(scores):
    """The held-out figure, never tuned on, beats WordNet's first sense by the margin."""
    n, first, ranked = scores["held-out"]
    assert f1(ranked, n) >= f1(first, n) + HELD_OUT_MARGIN, (f1(first, n), f1(ranked, n))
