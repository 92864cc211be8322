"""Dictionary lookups (per client address) and My words (per account and address) count
against core.rate_limits before any other work: 429 with Retry-After, JSON or a page."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import pytest
from django.test import Client

from broadsheet.core.rate_limits import RateLimited
from broadsheet.lexicon import lookups, saved_words
from tests.conftest import no_work
from tests.lexicon.django_helpers import fresh_glossary, reader  # noqa: F401

pytestmark = pytest.mark.django_db


def test_api_lookups_are_limited_per_address_and_other_addresses_still_read(limit, monkeypatch):
    allowed, _seconds = limit("dictionary_lookup", address=(4, 60))["address"]
    flooder = Client(REMOTE_ADDR="192.0.2.20")
    answers = [flooder.get("/api/dictionary/harbour") for _ in range(allowed)]
    assert [a.status_code for a in answers] == [200] * allowed
    monkeypatch.setattr(lookups, "look_up", no_work)
    refused = flooder.get("/api/dictionary/harbour")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) == refused.json()["retry_after"] > 0
    monkeypatch.undo()
    assert Client(REMOTE_ADDR="192.0.2.21").get("/api/dictionary/harbour").status_code == 200


def test_the_word_page_counts_too_and_answers_a_429_page(limit):
    allowed, _seconds = limit("dictionary_lookup", address=(2, 60))["address"]
    client = Client(REMOTE_ADDR="192.0.2.22")
    for _ in range(allowed):
        assert client.get("/dictionary/harbour/").status_code == 200
    refused = client.get("/dictionary/harbour/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_saving_and_removing_words_count_together_per_account(reader, limit, monkeypatch):
    allowed, _seconds = limit("saved_words", account=(3, 600))["account"]
    word, _ = saved_words.save_word(reader, "harbour", "", address="192.0.2.23")
    saved_words.remove_word(reader, word.pk, address="192.0.2.24")
    saved_words.save_word(reader, "intervened", "", address="192.0.2.25")
    assert allowed == 3
    monkeypatch.setattr(saved_words, "normalize", no_work)
    with pytest.raises(RateLimited):
        saved_words.save_word(reader, "talks", "", address="192.0.2.26")
    with pytest.raises(RateLimited):
        saved_words.remove_word(reader, word.pk)


def test_the_api_and_the_forms_answer_429_with_retry_after(reader, limit):
    allowed, _seconds = limit("saved_words", address=(2, 600))["address"]
    client = Client(REMOTE_ADDR="192.0.2.27")
    client.force_login(reader)
    saved = client.post(
        "/api/dictionary/my/words", {"text": "harbour"}, content_type="application/json"
    )
    assert saved.status_code == 201
    removed = client.delete(f"/api/dictionary/my/words/{saved.json()['id']}")
    assert removed.status_code == 200
    assert allowed == 2
    refused = client.post(
        "/api/dictionary/my/words", {"text": "harbour"}, content_type="application/json"
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    for response in (
        client.post("/profile/words/save/", {"text": "harbour"}),
        client.post("/profile/words/1/remove/"),
    ):
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
