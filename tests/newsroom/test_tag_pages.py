"""Tag pages: a tag's live public articles newest first, bounded pages, a budget of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from taggit.models import Tag

from broadsheet.newsroom import listed_in
from broadsheet.newsroom.models import ArticlePage, ArticleTag
from broadsheet.newsroom.services import ArticleDocument, find_section, publish_article
from tests.newsroom.short_listings import MAX_PAGES, PER_PAGE, short_listings  # noqa: F401

pytestmark = pytest.mark.django_db
BUDGET = 10
ATOM = "{http://www.w3.org/2005/Atom}"


def publish(section, key, *, tags, minutes_ago=1, authors=("Tag Writer",)):
    return publish_article(
        ArticleDocument(
            source_id=f"tag-test-{key}",
            headline=f"Tagged article {key}",
            body=[("paragraph", f"<p>Body {key}</p>")],
            published_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
            authors=list(authors),
            tags=list(tags),
        ),
        section,
    ).article


@pytest.fixture(scope="module")
def harbour(django_db_setup, django_db_blocker):
    """Seven articles tagged "harbour", published out of id order (rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        politics = find_section("national/politics")
        for i, minutes in enumerate([50, 10, 70, 30, 20, 60, 40]):
            publish(politics, i, tags=["harbour", f"other-{i}"], minutes_ago=minutes)
        yield Tag.objects.get(name="harbour")
        transaction.set_rollback(True)


@pytest.fixture
def tagged(harbour, db, short_listings):  # noqa: F811 (the imported fixture)
    """The tag, on pages of PER_PAGE articles, at most MAX_PAGES deep."""
    return harbour


def test_a_tag_page_lists_its_live_articles_newest_first_on_bounded_pages(client, tagged):
    expected = list(
        ArticlePage.objects.filter(tags=tagged)
        .order_by("-published_at")
        .values_list("pk", flat=True)
    )
    seen = []
    for number in range(1, MAX_PAGES + 1):
        page = client.get(f"/tags/harbour/?page={number}").context["articles_page"]
        seen += [article.pk for article in page.object_list]
    assert seen == expected[: PER_PAGE * MAX_PAGES]
    assert client.get(f"/tags/harbour/?page={MAX_PAGES + 1}").status_code == 404


def test_unpublished_articles_leave_the_tag_page(client, tagged):
    newest = ArticlePage.objects.filter(tags=tagged).order_by("-published_at").first()
    newest.unpublish()
    html = client.get("/tags/harbour/").content.decode()
    assert newest.title not in html


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "99999999999999999999"])
def test_malformed_page_numbers_are_404(client, tagged, raw):
    assert client.get(f"/tags/harbour/?page={raw}").status_code == 404


def test_an_unknown_tag_is_the_sites_404_page(client, db):
    response = client.get("/tags/no-such-tag/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert client.get("/tags/no-such-tag/feed/").status_code == 404
    for bad in ["/tags/%00/", "/tags/a%00b/feed/", "/tags/" + "x" * 300 + "/", "/tags/a%20b/"]:
        assert client.get(bad).status_code == 404, bad


def test_the_sql_counts_nothing_and_offsets_stay_within_the_bound(client, tagged):
    for number in range(1, MAX_PAGES + 1):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/tags/harbour/?page={number}").status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert not [q for q in counts if "newsroom_article" in q]  # (talk counts comments)
        offsets = [int(n) for n in re.findall(r"OFFSET (\d+)", sql)]
        assert max(offsets, default=0) <= (MAX_PAGES - 1) * PER_PAGE
        # Ordered by the tag rows' own date: the index (tag, published_at, article) serves it.
        assert re.search(r'ORDER BY "newsroom_articletag"\."published_at" DESC', sql)


def test_article_tags_link_to_their_tag_pages(client, tagged):
    article = ArticlePage.objects.filter(tags=tagged).first()
    html = client.get(article.url).content.decode()
    assert '<a href="/tags/harbour/" rel="tag">harbour</a>' in html


def test_the_tags_copy_of_the_date_follows_the_article(politics):
    """ArticleTag.published_at is the article's date, after a republication with a new date."""
    article = publish(politics, "moved", tags=["a-tag", "b-tag"], minutes_ago=5)
    publish(politics, "moved", tags=["a-tag", "c-tag"], minutes_ago=500)
    article.refresh_from_db()
    dates = set(ArticleTag.objects.filter(content_object=article).values_list("published_at"))
    assert dates == {(article.published_at,)}
    article.published_at -= dt.timedelta(days=1)
    article.save(update_fields=["published_at"])
    dates = set(ArticleTag.objects.filter(content_object=article).values_list("published_at"))
    assert dates == {(article.published_at,)}


def queries_of(client, url, warm) -> int:
    client.get(warm)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_tag_page_budget_does_not_grow_with_articles_tags_or_authors(client, politics):
    publish(politics, "few", tags=["budget"], minutes_ago=3)
    publish(politics, "warm", tags=["warm-up"], minutes_ago=3)
    before = queries_of(client, "/tags/budget/", warm="/tags/warm-up/")
    for i in range(3):
        publish(
            politics,
            f"many-{i}",
            tags=["budget", *(f"extra-{i}-{j}" for j in range(6))],
            authors=[f"Budget Writer {j}" for j in range(4)],
            minutes_ago=4 + i,
        )
    after = queries_of(client, "/tags/budget/", warm="/tags/warm-up/")
    assert before <= BUDGET
    assert after <= before


def test_feeds_fetch_every_items_tags_in_one_query(client, politics):
    """The tag, section and home feeds: the queries do not grow with the items."""
    publish(politics, "feed-0", tags=["feedtag", "x1", "x2"], minutes_ago=2)
    few = queries_of(client, "/tags/feedtag/feed/", warm="/feed/")
    for i in range(1, 3):
        publish(politics, f"feed-{i}", tags=["feedtag", f"y{i}", f"z{i}"], minutes_ago=2 + i)
    many = queries_of(client, "/tags/feedtag/feed/", warm="/feed/")
    assert many == few
    feed = etree.fromstring(client.get("/tags/feedtag/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert {c.get("term") for c in entries[0].findall(f"{ATOM}category")} == {"feedtag", "x1", "x2"}
    section = queries_of(client, f"{politics.url}feed/", warm="/feed/")
    publish(politics, "feed-more", tags=[f"w{j}" for j in range(5)], minutes_ago=1)
    assert queries_of(client, f"{politics.url}feed/", warm="/feed/") == section


def test_a_korean_tag_has_its_page_and_is_purged_by_its_decoded_path(client, politics):
    article = publish(politics, "korean", tags=["한국 경제"], minutes_ago=1)
    link = re.search(r'href="([^"]+)" rel="tag"', client.get(article.url).content.decode())
    assert link and link.group(1) == "/tags/%ED%95%9C%EA%B5%AD-%EA%B2%BD%EC%A0%9C/"
    assert article.title in client.get(link.group(1)).content.decode()
    assert "/tags/한국-경제/" in listed_in.paths_showing(article)  # as request.path has it
