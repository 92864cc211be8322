"""The server's character counter on the table of tricky strings the browser test shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadsheet.talk.counting import count_characters, normalise_text

CASES = json.loads((Path(__file__).parent / "counter_cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_count_matches_the_shared_table(case):
    """Each string counts as the table says: one per user-perceived character."""
    assert count_characters(case["text"]) == case["count"]


def test_nfc_is_applied_before_counting():
    """A decomposed é and a precomposed é count and store the same."""
    assert normalise_text("cafe\u0301") == "caf\u00e9"


def test_crlf_is_stored_as_lf():
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"
