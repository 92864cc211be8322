"""The sitemap index and its files: every live article once, no file over the setting's limit."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from wagtail.models import Page

from broadsheet.newsroom.models import ArticlePage, HomePage

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LIMIT = 5


@pytest.fixture
def small_files(settings):
    settings.NEWSROOM_SITEMAP_MAX_URLS = LIMIT


def locs(response, tag: str) -> list[str]:
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    return [loc.text for loc in root.xpath(f"//s:{tag}/s:loc", namespaces=NS)]


def files(client) -> list[str]:
    return [
        u.removeprefix("http://testserver") for u in locs(client.get("/sitemap.xml"), "sitemap")
    ]


def test_the_index_names_a_pages_file_and_article_files_by_id_range(client, small_files):
    names = files(client)
    highest = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
    first = names.index("/sitemap-articles.xml")
    assert names[0] == "/sitemap-pages.xml"
    assert all(name.startswith("/sitemap-pages.xml?p=") for name in names[1:first])
    expected = [f"/sitemap-articles.xml?p={n}" for n in range(2, highest // LIMIT + 2)]
    assert names[first + 1 :] == expected


def test_the_index_never_reads_the_articles(client, small_files):
    """Its size comes from MAX(id) of the page table alone: the same MAX over the articles
    joins each to its page row (645 ms at a million articles, docs/PERFORMANCE.md)."""
    with CaptureQueriesContext(connection) as queries:
        files(client)
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "newsroom_articlepage" in q]
    assert not [q for q in sql if 'NOT ("wagtailcore_page"."content_type_id"' in q], "a scan"


def test_every_live_article_is_in_exactly_one_file_and_no_file_is_over_the_limit(
    client, small_files, article
):
    article.unpublish()
    listed = []
    for name in files(client):
        urls = locs(client.get(name), "url")
        assert len(urls) <= LIMIT, name
        listed += urls
    articles = [a.get_full_url() for a in ArticlePage.objects.live().public()]
    assert sorted(u for u in listed if u in articles) == sorted(articles)
    assert len(listed) == len(set(listed))
    assert article.get_full_url() not in listed
    assert HomePage.objects.get().get_full_url() in listed  # in the pages file


def test_an_article_file_reads_an_id_range_without_offset(client, small_files):
    last = files(client)[-1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(last).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "newsroom_articlepage" in sql
    assert not re.search(r"OFFSET \d", sql)
    assert "COUNT(" not in sql.upper()


@pytest.mark.parametrize("query", ["?p=0", "?p=abc", "?p=100000"])
def test_a_file_that_does_not_exist_is_404(client, small_files, query):
    assert client.get(f"/sitemap-articles.xml{query}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
