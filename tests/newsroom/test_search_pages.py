"""Search answers one page of ranked results without counting every match, and its depth is
bounded by a setting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.newsroom.views import search_articles, search_terms


def test_a_search_page_never_counts_all_matches(client, article):
    """One query for the page (plus one more result), none that counts every match."""
    word = next(w for w in article.plain_text().split() if len(w) > 7 and w.isalpha())
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    assert article in list(response.context["results_page"])
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_next_page_exists_only_when_there_are_more_results(db, article):
    terms = search_terms(article.title)
    first = search_articles(terms, 1, per_page=1)
    assert list(first) == [article] and not first.has_next and not first.has_previous
    words = search_terms(" ".join(w for w in article.plain_text().split()[:1]))
    wide = search_articles(words, 1, per_page=1)
    assert wide.has_next == (len(search_articles(words, 1, per_page=2).object_list) == 2)


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "99999999999999999999"])
def test_a_malformed_page_number_is_a_404(db, client, page):
    assert client.get("/search/", {"q": "summit", "page": page}).status_code == 404


def test_pages_deeper_than_the_setting_are_a_404(db, client, settings):
    settings.SEARCH_MAX_PAGE = 3
    assert client.get("/search/", {"q": "summit", "page": "4"}).status_code == 404


def test_a_page_past_the_last_result_is_a_404_but_no_result_is_a_page(db, client):
    nothing = client.get("/search/", {"q": "zzyzxnotaword"})
    assert nothing.status_code == 200
    assert "No article matches every word." in nothing.content.decode()
    assert client.get("/search/", {"q": "zzyzxnotaword", "page": "2"}).status_code == 404
