"""Fixtures for the dictionary's Django side (imported by its test modules)."""

from __future__ import annotations

import pytest

from broadsheet.lexicon import glossary


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
