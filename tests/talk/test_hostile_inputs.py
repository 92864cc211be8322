"""The hostile inputs of `./run bench rule_cpu` stay within the bounded input (counts only).

The benchmark times every rule on these inputs; this test keeps them honest and the
benchmark from rotting: each is as large as the code-point cap allows and no larger, the
cleaning lets none through with more code points than the cap, and the benchmark finds
every rule of talk/moderation.py.
"""

from __future__ import annotations

import pytest
from benchmarks.rule_cpu import hostile_inputs, rules_of
from django.conf import settings

from broadsheet.talk import app_settings, moderation
from broadsheet.talk.errors import CommentError
from broadsheet.talk.services import screening


@pytest.fixture
def inputs() -> dict[str, str]:
    return hostile_inputs(app_settings.max_comment_input(), app_settings.max_combining_marks())


def test_the_inputs_reach_the_cap_and_the_cleaning_lets_nothing_longer_through(inputs):
    cap = settings.TALK_INPUT_FACTOR * settings.TALK_COMMENT_MAX_CHARACTERS
    assert app_settings.max_comment_input() == cap
    assert cap - 10 <= max(len(text) for text in inputs.values()) <= cap
    for label, text in inputs.items():
        assert len(text) <= cap, label
        try:
            cleaned = screening.clean_text(text)
        except CommentError:
            continue
        assert len(cleaned) <= cap, label


def test_one_code_point_over_the_cap_is_refused_before_any_normalising(inputs, monkeypatch):
    """The normaliser is never handed an input over the cap (it fails the test if it is)."""

    def never(text: str) -> str:
        raise AssertionError("normalised an input over the cap")

    monkeypatch.setattr(screening, "normalise_text", never)
    for text in inputs.values():
        padded = text + "a" * (app_settings.max_comment_input() + 1 - len(text))
        with pytest.raises(CommentError):
            screening.clean_text(padded)


def test_the_benchmark_times_every_rule_of_the_moderation_lists():
    assert set(rules_of(moderation)) >= {rule.__name__ for rule in moderation.RULES}
