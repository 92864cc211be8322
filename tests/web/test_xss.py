"""The 1,000 cross-site-scripting payloads in every field a reader of newsroom pages can fill:
the search box, the `?page=` parameter, the URL path and the language switch's `next`."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.xss import injected_markup, payloads

pytestmark = pytest.mark.django_db


def test_the_corpus_is_there_and_the_check_catches_it():
    assert len(payloads()) == 1000
    caught = sum(1 for p in payloads() if injected_markup(f"<html><body>{p}</body></html>"))
    assert caught > 400, "the structural check must flag payloads rendered raw"


def test_search_with_every_payload(client):
    for payload in payloads():
        response = client.get("/search/", {"q": payload})
        assert response.status_code in (200, 400), payload
        assert injected_markup(response.content) == [], payload


def test_page_parameter_and_paths_with_every_payload(client, politics):
    for payload in payloads():
        response = client.get(politics.url, {"page": payload})
        assert response.status_code == 404, payload
        assert injected_markup(response.content) == [], payload
        response = client.get("/" + quote(payload, safe="") + "/")
        assert response.status_code in (400, 404), payload
        assert injected_markup(response.content) == [], payload


def test_language_switch_next_with_every_payload(client):
    for payload in payloads():
        response = client.get("/language/en/", {"next": payload})
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), (payload, location)
