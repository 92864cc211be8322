"""The dictionary's pages: search, the no-JavaScript word page and the article's tool."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import pytest

from broadsheet.lexicon import lookups, saved_words
from tests.lexicon.django_helpers import fresh_glossary, reader  # noqa: F401
from tests.web.test_html_validity import nu_errors

pytestmark = pytest.mark.django_db


def test_the_search_form_goes_to_the_word_page(client):
    assert client.get("/dictionary/").status_code == 200
    response = client.get("/dictionary/", {"q": " intervened "})
    assert response.status_code == 302
    assert response["Location"] == "/dictionary/intervened/"


def test_an_invalid_search_says_why(client):
    response = client.get("/dictionary/", {"q": "x" * 80})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_the_word_page_shows_what_the_popup_shows(client):
    response = client.get(
        "/dictionary/intervened/", {"context": "The army intervened in the dispute."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "intervene" in page
    if lookups.look_up("intervened", "The army intervened.").context_ranked:
        assert "Best fit for this sentence" in page
    assert 'data-sense-key="intervene%2:' in page


def test_a_phrase_and_a_glossary_term_have_pages(client):
    page = client.get("/dictionary/in%20the%20wake%20of/").content.decode()
    assert "From the editors" in page
    assert "NIS" in client.get("/dictionary/NIS/").content.decode()


def test_an_unknown_word_page_is_a_404_with_suggestions(client):
    response = client.get("/dictionary/intervenned/")
    assert response.status_code == 404
    assert "Did you mean" in response.content.decode()


def test_the_article_tool_is_the_same_for_every_reader(client, article, reader):
    """Anonymous article pages are cached: the tool holds no token and nothing personal."""

    def tool(html: str) -> str:
        start = html.index('class="bs-tool bs-lexicon-tool"')
        return html[start : html.index("</a>", start)]

    anonymous = tool(client.get(article.url).content.decode())
    assert 'data-module="lexicon/lookup"' in anonymous
    assert 'href="/dictionary/"' in anonymous
    assert "csrf" not in anonymous.lower()
    client.force_login(reader)
    assert tool(client.get(article.url).content.decode()) == anonymous


def test_the_tool_speaks_korean(client, article, compile_translations):
    client.cookies["django_language"] = "ko"
    page = client.get(article.url, headers={"accept-language": "ko"}).content.decode()
    assert "사전" in page


def test_the_dictionary_pages_are_valid_html(
    client, reader, article, tmp_path, compile_translations
):
    saved_words.save_word(reader, "intervened", "The army intervened.", article.pk)
    urls = {
        "search": "/dictionary/",
        "word": "/dictionary/intervened/?context=The+army+intervened.",
        "glossary": "/dictionary/NIS/",
        "unknown": "/dictionary/intervenned/",
        "invalid": "/dictionary/%01/",
        "my-words": "/profile/words/",
        "profile": "/profile/",
        "article": article.url,
    }
    files = []
    client.force_login(reader)
    for language in ("en", "ko"):
        client.cookies["django_language"] = language
        for name, url in urls.items():
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(client.get(url).content)
            files.append(path)
    assert nu_errors(files) == []
