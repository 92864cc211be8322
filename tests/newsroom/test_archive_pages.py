"""Date archives: a period's articles newest first, its parts and neighbours, never a 500."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.newsroom.archive import Period
from broadsheet.newsroom.services import ArticleDocument, find_section, publish_article
from tests.newsroom.short_listings import MAX_PAGES, PER_PAGE, short_listings  # noqa: F401

pytestmark = pytest.mark.django_db
BUDGET = 10
KST = dt.timezone(dt.timedelta(hours=9))
# Long before the demo paper's articles: these months hold only the test's own.
DATES = [
    dt.datetime(1990, 3, 1, 0, 30, tzinfo=KST),  # the first minutes of March in Seoul
    dt.datetime(1990, 3, 9, 12, tzinfo=KST),
    dt.datetime(1990, 3, 9, 18, tzinfo=KST),
    dt.datetime(1990, 3, 20, 8, tzinfo=KST),
    dt.datetime(1990, 3, 31, 23, 30, tzinfo=KST),
    dt.datetime(1990, 3, 31, 23, 45, tzinfo=KST),
    dt.datetime(1990, 3, 15, 9, tzinfo=KST),
    dt.datetime(1990, 2, 28, 23, 59, tzinfo=KST),  # February
    dt.datetime(1989, 7, 4, 10, tzinfo=KST),  # the year before
    dt.datetime(1990, 11, 2, 10, tzinfo=KST),
]


def publish(section, key, when, *, authors=("Archive Writer",), tags=()):
    return publish_article(
        ArticleDocument(
            source_id=f"archive-test-{key}",
            headline=f"Archived article {key}",
            body=[("paragraph", f"<p>Body {key}</p>")],
            published_at=when,
            authors=list(authors),
            tags=list(tags),
        ),
        section,
    ).article


@pytest.fixture(scope="module")
def dated(django_db_setup, django_db_blocker):
    """An article at each of DATES (rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        politics = find_section("national/politics")
        yield [publish(politics, i, when) for i, when in enumerate(DATES)]
        transaction.set_rollback(True)


@pytest.fixture
def old_paper(dated, db, short_listings):  # noqa: F811 (the imported fixture)
    """The articles, on pages of PER_PAGE, at most MAX_PAGES deep."""
    return dated


def test_a_month_lists_its_articles_newest_first_on_bounded_pages(client, old_paper):
    march = sorted(
        (a for a in old_paper if a.published_at.astimezone(KST).month == 3),
        key=lambda a: a.published_at,
        reverse=True,
    )
    seen = []
    for number in range(1, MAX_PAGES + 1):
        page = client.get(f"/archive/1990/03/?page={number}").context["articles_page"]
        seen += [article.pk for article in page.object_list]
    assert seen == [a.pk for a in march][: PER_PAGE * MAX_PAGES]
    assert client.get(f"/archive/1990/03/?page={MAX_PAGES + 1}").status_code == 404


def test_a_day_is_a_day_in_seoul(client, old_paper):
    html = client.get("/archive/1990/03/31/").content.decode()
    assert "Archived article 4" in html and "Archived article 5" in html
    assert "Archived article 3" not in html
    march_first = client.get("/archive/1990/03/01/").content.decode()
    assert "Archived article 0" in march_first  # 00:30 KST is still 28 February in UTC
    assert "Archived article 7" not in march_first


def test_a_year_links_its_months_with_articles_and_its_neighbours(client, old_paper):
    html = client.get("/archive/1990/").content.decode()
    months = re.findall(r'href="/archive/1990/(\d\d)/"', html)
    assert months == ["02", "03", "11"]
    assert 'href="/archive/1989/"' in html  # the year before has an article
    assert "/archive/1991/" not in html  # the demo paper's articles are decades later
    march = client.get("/archive/1990/03/").content.decode()
    assert 'href="/archive/1990/02/"' in march and 'href="/archive/1990/11/"' in march
    assert re.findall(r'href="/archive/1990/03/(\d\d)/"', march) == ["01", "09", "15", "20", "31"]


def test_the_archive_front_page_lists_years_with_articles(client, old_paper):
    html = client.get("/archive/").content.decode()
    years = [int(y) for y in re.findall(r'href="/archive/(\d{4})/"', html)]
    assert years == sorted(years, reverse=True)
    assert {1989, 1990, timezone.localtime().year} <= set(years) and 1991 not in years
    assert 'href="/archive/"' in client.get("/").content.decode()  # the footer links to it


@pytest.mark.parametrize(
    "url",
    [
        "/archive/0000/",
        "/archive/0001/01/01/",  # before the earliest instant the database can store
        "/archive/9999/",
        "/archive/9999/12/31/",
        "/archive/99999/",
        "/archive/2026/13/",
        "/archive/2026/00/",
        "/archive/2026/02/30/",
        "/archive/2026/1/",
        "/archive/abcd/",
        "/archive/1990/03/xx/",
        "/archive/1985/",  # a real year without articles
        "/archive/1990/04/",
    ],
)
def test_dates_that_are_malformed_out_of_range_or_empty_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_the_sql_counts_nothing_and_offsets_stay_within_the_bound(client, old_paper):
    for number in range(1, MAX_PAGES + 1):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/archive/1990/03/?page={number}").status_code == 200
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert not [q for q in counts if "newsroom_article" in q]  # (talk counts comments)
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        offsets = [int(n) for n in re.findall(r"OFFSET (\d+)", sql)]
        assert max(offsets, default=0) <= (MAX_PAGES - 1) * PER_PAGE


def queries_of(client, url, warm) -> int:
    client.get(warm)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


URLS = ["/archive/1990/", "/archive/1990/03/", "/archive/1990/03/09/", "/archive/"]


def test_archive_budgets_do_not_grow_with_articles_tags_or_authors(client, politics):
    publish(politics, "first", dt.datetime(1990, 3, 9, 9, tzinfo=KST))
    before = [queries_of(client, url, warm="/archive/1990/11/") for url in URLS]
    for i in range(3):
        publish(
            politics,
            f"more-{i}",
            dt.datetime(1990, 3, 9, 10 + i, i, tzinfo=KST),
            authors=[f"Archive Writer {j}" for j in range(4)],
            tags=[f"archive-tag-{i}-{j}" for j in range(5)],
        )
    publish(politics, "november", dt.datetime(1990, 11, 2, 10, tzinfo=KST))
    after = [queries_of(client, url, warm="/archive/1990/11/") for url in URLS]
    assert max(before) <= BUDGET, dict(zip(URLS, before, strict=True))
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)


def test_a_period_names_and_links_itself():
    assert Period.parse("1990", "03", "09").url == "/archive/1990/03/09/"
    assert [p.url for p in Period.parse("1990", "03", "09").parents()] == [
        "/archive/1990/",
        "/archive/1990/03/",
    ]
    assert len(Period.parse("2024", "02").parts()) == 29
