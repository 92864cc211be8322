"""Section pages: a bounded range of pages, never counted, never an OFFSET beyond the bound."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.newsroom import models
from broadsheet.newsroom.models import SectionPage

pytestmark = pytest.mark.django_db
PER_PAGE = 2
MAX_PAGES = 3


@pytest.fixture
def national(settings, monkeypatch):
    settings.NEWSROOM_LISTING_MAX_PAGES = MAX_PAGES
    monkeypatch.setattr(models, "ARTICLES_PER_PAGE", PER_PAGE)
    section = SectionPage.objects.get(url_path="/home/national/")
    assert section.articles().count() > PER_PAGE * MAX_PAGES  # more than the pages show
    return section


def test_no_page_counts_the_list_or_offsets_past_the_bound(client, national):
    """Every page is one LIMIT query with an OFFSET of at most (max pages - 1) x per page."""
    for number in range(1, MAX_PAGES + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{national.url}?page={number}")
        assert response.status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert not [q for q in counts if "newsroom_articlepage" in q["sql"]]
        offsets = [int(n) for n in re.findall(r"OFFSET (\d+)", sql)]
        assert max(offsets, default=0) <= (MAX_PAGES - 1) * PER_PAGE


def test_pages_beyond_the_bound_are_404_though_articles_remain(client, national):
    assert client.get(f"{national.url}?page={MAX_PAGES + 1}").status_code == 404


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "99999999999999999999"])
def test_malformed_or_out_of_range_page_numbers_are_404(client, national, raw):
    assert client.get(f"{national.url}?page={raw}").status_code == 404


def test_newer_and_older_links_stop_at_the_ends(client, national):
    first = client.get(national.url).content.decode()
    middle = client.get(f"{national.url}?page=2").content.decode()
    last = client.get(f"{national.url}?page={MAX_PAGES}").content.decode()
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="?page=1"' in middle and 'rel="next" href="?page=3"' in middle
    assert 'rel="next"' not in last


def test_pages_hold_distinct_articles_newest_first(client, national):
    seen = []
    for number in range(1, MAX_PAGES + 1):
        page = client.get(f"{national.url}?page={number}").context["articles_page"]
        seen += [a.pk for a in page.object_list]
    expected = list(national.articles().values_list("pk", flat=True)[: PER_PAGE * MAX_PAGES])
    assert seen == expected
