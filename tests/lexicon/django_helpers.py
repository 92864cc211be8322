"""Fixtures for the dictionary's Django side (imported by its test modules)."""

from __future__ import annotations

import pytest

from broadsheet.lexicon import glossary
from broadsheet.lexicon.models import SavedWord


@pytest.fixture(autouse=True)
def fresh_glossary():
    """Each test sees the glossary as its database has it (rolled-back rows included)."""
    glossary.invalidate()
    yield
    glossary.invalidate()


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user(username="reader", password="x" * 12)


@pytest.fixture
def other_reader(db, django_user_model):
    return django_user_model.objects.create_user(username="other", password="x" * 12)


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def make_word(reader, **fields):
    """A saved word as save_word stores it, without asking the dictionary (fast)."""
    defaults = {
        "headword": "intervened",
        "lemma": "intervene",
        "sentence": "The army intervened in the dispute after talks failed.",
        "definition": "get involved, so as to alter or hinder an action",
    }
    return SavedWord.objects.create(reader=reader, **{**defaults, **fields})
