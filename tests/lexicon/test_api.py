"""GET /api/dictionary/{text}: the answer's schema, its errors (400/404, never 500), My words."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.test import Client

from broadsheet.lexicon.api import LookupOut
from broadsheet.lexicon.models import GlossaryGloss, GlossaryTerm, SavedWord
from tests.lexicon.django_helpers import (  # noqa: F401
    fresh_glossary,
    other_reader,
    reader,
    reader_client,
)
from tests.xss import injected_markup, payloads

pytestmark = pytest.mark.django_db

API = "/api/dictionary/"


def get(client, text, **params):
    return client.get(API + quote(text, safe=""), params)


def test_a_word_answers_with_dictionary_form_pronunciation_and_sense_keys(client):
    response = get(client, "intervened", context="The army intervened in the dispute.")
    assert response.status_code == 200
    data = response.json()
    assert data["headword"] == "intervened"
    assert data["lemma"] == "intervene"
    assert "verb" in data["parts_of_speech"]
    assert data["pronunciations"][0]["arpabet"]
    assert data["pronunciations"][0]["ipa"].startswith("/")
    sense = data["senses"][0]
    assert sense["key"].startswith("intervene%2:")
    assert sense["definition"]
    assert data["difficulty"]["level"] in {"A1", "A2", "B1", "B2", "C1", "C2"}
    assert data["url"] == "/dictionary/intervened/"


def test_possessives_and_curly_quotes_reach_the_dictionary_form(client):
    data = get(client, "“Pyongyang’s”").json()
    assert data["headword"] == "Pyongyang"
    assert data["glosses"][0]["language"] == "ko", "the demo glossary glosses Pyongyang"
    assert data["glossary"]["glosses"] == data["glosses"]
    assert data["glossary"]["source"] == "editorial"


def test_the_article_scope_brings_the_articles_own_terms(client, article):
    term = GlossaryTerm.objects.create(
        term="budget rider", explanation="A clause on a budget bill.", article=article
    )
    GlossaryGloss.objects.create(term=term, language="ko", text="부수 조항")
    elsewhere = get(client, "budget rider")
    assert elsewhere.status_code == 404 or elsewhere.json()["glossary"] is None
    data = get(client, "budget rider", article=str(article.pk)).json()
    assert data["glossary"]["article_specific"] is True
    assert [(g["language"], g["text"]) for g in data["glosses"]] == [("ko", "부수 조항")]


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "\t",
        "x" * 65,
        "word\x00",
        "a\x1bb",
        "\x7f",
        "...",
        "—",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace") + "\x01",
    ],
)
def test_invalid_text_is_a_400_with_a_json_error(client, text):
    response = get(client, text)
    assert response.status_code == 400, text
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]


def test_an_empty_lookup_is_a_400(client):
    response = client.get(API)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_a_bad_article_number_is_a_400(client):
    response = get(client, "talks", article="12abc")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_unknown_word_is_a_404_with_close_spellings(client):
    response = get(client, "intervenned")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "intervened" in body["suggestions"] or "intervene" in body["suggestions"]


@pytest.mark.parametrize(
    "text",
    [
        "😀",
        "naïve",
        "Ａｐｐｌｅ",
        "e\u0301tude",
        "שלום",
        "مرحبا",
        "한국어",
        "z\u200bwj",
        "Ⅻ",
        "ǅ",
        "ﬁnance",
        "a/b",
        "a?b#c",
        "%00",
        "..\\..",
        "a" * 64,
        "-" * 64,
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "\u202egnirts",
        "İstanbul",
        "ß",
        "'s",
        "U.S.",
        "co-op's",
        "1,000",
        "$5",
    ],
)
def test_odd_unicode_never_breaks_the_lookup(client, text):
    response = get(client, text, context=text * 3)
    assert response.status_code in (200, 400, 404), text
    assert response["Content-Type"].startswith("application/json")
    response.json()


def test_every_xss_payload_as_text_and_context_is_a_json_answer(client, no_lookup_limit):
    for payload in payloads():
        response = get(client, payload[:200], context=payload)
        assert response.status_code in (200, 400, 404), payload
        assert response["Content-Type"].startswith("application/json"), payload
        response.json()


def test_every_xss_payload_on_the_word_page_renders_inert(client, no_lookup_limit):
    for payload in payloads():
        response = client.get("/dictionary/" + quote(payload, safe="") + "/", {"context": payload})
        assert response.status_code in (200, 400, 404), payload
        assert injected_markup(response.content) == [], payload


def test_the_schema_documents_the_lookup(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/dictionary/{text}" in paths
    lookup = paths["/api/dictionary/{text}"]["get"]
    assert {"200", "400", "404"} <= set(lookup["responses"])
    names = set(schema["components"]["schemas"])
    assert {"LookupOut", "SenseOut", "ErrorOut", "GlossaryOut"} <= names
    assert "/api/dictionary/my/words" in paths
    assert "/api/dictionary/articles/{article_id}/glossary" in paths


def test_the_article_glossary_lists_terms_to_mark(client, article):
    data = client.get(f"{API}articles/{article.pk}/glossary").json()
    terms = {t["term"] for t in data["terms"]}
    assert {"NIS", "in the wake of"} <= terms


def test_the_session_gives_a_csrf_token_to_logged_in_readers_only(client, reader):
    anonymous = client.get(f"{API}my/session").json()
    assert anonymous == {
        "authenticated": False,
        "csrf_token": None,
        "login_url": "/accounts/login/",
    }
    client.force_login(reader)
    data = client.get(f"{API}my/session").json()
    assert data["authenticated"] is True
    assert data["csrf_token"]


def test_saving_a_word_needs_a_login_and_the_csrf_token(reader):
    body = json.dumps({"text": "intervened", "sentence": "The army intervened."})
    response = Client().post(f"{API}my/words", body, content_type="application/json")
    assert response.status_code == 401
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{API}my/words", body, content_type="application/json")
    assert response.status_code in (401, 403)
    client.force_login(reader)
    response = client.post(f"{API}my/words", body, content_type="application/json")
    assert response.status_code == 403, "no CSRF token"
    token = client.get(f"{API}my/session").json()["csrf_token"]
    response = client.post(
        f"{API}my/words", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    assert response.json()["lemma"] == "intervene"
    again = client.post(
        f"{API}my/words", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert again.status_code == 200
    assert SavedWord.objects.filter(reader=reader).count() == 1
    listed = client.get(f"{API}my/words").json()["words"]
    assert [w["headword"] for w in listed] == ["intervened"]


def test_saving_text_that_cannot_be_looked_up_is_a_400(reader_client):
    response = reader_client.post(
        f"{API}my/words", {"text": "\x00"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_removing_a_word_only_works_on_your_own(reader_client, reader, other_reader):
    mine = SavedWord.objects.create(reader=reader, headword="talks", lemma="talk")
    theirs = SavedWord.objects.create(reader=other_reader, headword="talks", lemma="talk")
    assert reader_client.delete(f"{API}my/words/{theirs.pk}").status_code == 404
    assert reader_client.delete(f"{API}my/words/{mine.pk}").json() == {"deleted": True}
    assert list(SavedWord.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_word_inside_an_expression_offers_the_expression(client):
    """Double-clicking "wake" in "in the wake of" offers the whole expression."""
    response = client.get(
        "/api/dictionary/wake",
        {"context": "The sell-off came in the wake of a slump on Wall Street overnight."},
    )
    assert response.status_code == 200
    phrases = [p["text"] for p in response.json()["phrases"]]
    assert "in the wake of" in phrases
    phrase = response.json()["phrases"][phrases.index("in the wake of")]
    assert client.get(phrase["url"]).status_code == 200


def test_notes_come_in_the_readers_language(client, compile_translations):
    """The core explains a derived word in English; the API answers a Korean reader in Korean."""
    english = client.get("/api/dictionary/policymakers").json()
    assert "is made of “policy” and “makers”" in english["note"]
    client.cookies["django_language"] = "ko"
    korean = client.get("/api/dictionary/policymakers").json()
    assert "‘policy’와(과) ‘makers’를 합친 말" in korean["note"]
    assert korean["note_code"] == "compound"
    assert korean["note"] in korean["html"], "the popup's HTML is the page's, in Korean"


@pytest.mark.parametrize("word", ["intervened", "NIS", "policymakers", "sanctions relief", "the"])
def test_the_answer_has_exactly_the_documented_shape(client, word):
    """The lookup skips ninja's output validation for speed, so check the shape here."""
    data = client.get(f"/api/dictionary/{word}", {"context": "The talks went on."}).json()
    assert LookupOut.model_validate(data).model_dump(mode="json") == data


def test_the_answer_html_is_the_word_pages(client):
    """One source: the API's html is what the no-JavaScript page renders, every sense."""
    data = client.get("/api/dictionary/bank").json()
    page = client.get("/dictionary/bank/").content.decode()
    assert data["html"].strip() in page
    assert data["html"].count("data-sense-key=") == len(data["senses"]) > 6


def test_a_word_not_found_comes_with_the_pages_suggestions(client):
    data = client.get("/api/dictionary/goverment").json()
    assert data["code"] == "not_found"
    assert "government" in data["suggestions"]
    assert 'data-lexicon-lookup="government"' in data["html"]


def test_the_article_glossary_of_a_draft_or_missing_article_answers_404(client, article):
    """A draft's terms are not served; it answers as a missing article does."""
    GlossaryTerm.objects.create(term="embargo", explanation="Not yet public.", article=article)
    article.unpublish()
    draft = client.get(f"{API}articles/{article.pk}/glossary")
    missing = client.get(f"{API}articles/987654321/glossary")
    assert draft.status_code == missing.status_code == 404
    assert draft.json() == missing.json()
    assert "Not yet public" not in draft.content.decode()
