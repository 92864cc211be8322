"""Section pages filtered by an article's level (?level=B1), without JavaScript."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.lexicon.models import ArticleProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_easy_article(politics):
    articles = list(politics.articles()[:2])
    ArticleProfile.objects.filter(article__in=articles).update(level="C2")
    ArticleProfile.objects.filter(article=articles[0]).update(level="A2")
    return articles


def test_the_filter_lists_articles_at_or_below_the_level(client, politics, one_easy_article):
    easy, hard = one_easy_article
    page = client.get(politics.url, {"level": "B1"}).content.decode()
    assert easy.title in page and hard.title not in page
    assert 'href="/national/politics/?level=B1" aria-current="page"' in page
    everything = client.get(politics.url).content.decode()
    assert easy.title in everything and hard.title in everything


@pytest.mark.parametrize("query", ["level=Z9", "level=", "level=B1&level=B2", "level=c1"])
def test_a_level_that_does_not_exist_is_a_400(client, politics, query):
    response = client.get(f"{politics.url}?{query}")
    assert response.status_code == 400


def test_filtering_costs_no_extra_query(client, politics, one_easy_article):
    def count(params):
        client.get(politics.url, params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(politics.url, params).status_code == 200
        return len(queries)

    assert count({"level": "C1"}) <= count({})
