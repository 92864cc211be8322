"""generate_newsroom: synthetic articles and comments written in bulk, that the site serves.

The archive is generated once for the module (a few dozen articles, on SQLite or on
PostgreSQL) inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from broadsheet.core import page_cache
from broadsheet.newsroom.generator.articles import SOURCE_PREFIX, Generated
from broadsheet.newsroom.generator.text import Writer, build_vocabulary
from broadsheet.newsroom.models import ArticlePage, SectionPage
from broadsheet.talk.models import Comment

ARTICLES, COMMENTS = 40, 120


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """ARTICLES articles and COMMENTS comments, in chunks of 15 (three transactions)."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = (ArticlePage.objects.count(), Comment.objects.count())
        call_command(
            "generate_newsroom", articles=ARTICLES, comments=COMMENTS, chunk=15, seed=7, stdout=None
        )
        new = ArticlePage.objects.filter(source_id__startswith=SOURCE_PREFIX).order_by("pk")
        ids = list(new.values_list("pk", flat=True))
        yield Generated(first_id=ids[0], last_id=ids[-1]), before
        transaction.set_rollback(True)


def test_the_counts_are_what_was_asked_for(db, generated):
    """N more articles, all published, M more comments, all on the new articles."""
    span, (articles_before, comments_before) = generated
    assert span.count == ARTICLES
    assert ArticlePage.objects.count() == articles_before + ARTICLES
    assert ArticlePage.objects.live().filter(pk__gte=span.first_id).count() == ARTICLES
    assert Comment.objects.count() == comments_before + COMMENTS
    new_comments = Comment.objects.filter(article_id__gte=span.first_id)
    assert new_comments.count() == COMMENTS


def test_the_page_tree_stays_consistent(db, generated):
    """Paths, depths and every section's numchild are what treebeard itself would write."""
    assert all(not problems for problems in Page.find_problems())
    for section in SectionPage.objects.all():
        assert section.numchild == Page.objects.child_of(section).count()


def test_articles_have_authors_tags_blocks_and_dates_over_years(db, generated):
    span, _ = generated
    articles = list(ArticlePage.objects.filter(pk__gte=span.first_id).prefetch_related("authors"))
    assert all(a.authors.all() for a in articles)
    assert all(a.tags.exists() for a in articles[:5])
    assert all(len(a.body) >= 4 and a.plain_text() for a in articles[:5])
    years = {a.published_at.year for a in articles}
    assert len(years) >= 5
    assert len({a.get_parent().pk for a in articles}) >= 3


def test_comments_come_after_their_article_and_replies_stay_in_the_thread(db, generated):
    span, _ = generated
    comments = Comment.objects.filter(article_id__gte=span.first_id).select_related(
        "article", "parent"
    )
    for comment in comments:
        assert comment.created_at > comment.article.published_at
        if comment.parent is not None:
            assert comment.parent.article_id == comment.article_id
            assert comment.parent.parent_id is None
    assert any(c.parent_id for c in comments)


def test_a_generated_article_renders_and_is_found_by_search(client, generated):
    span, _ = generated
    article = ArticlePage.objects.get(pk=span.last_id)
    page = client.get(article.url)
    assert page.status_code == 200
    assert article.title in page.content.decode()
    found = client.get("/search/", {"q": article.title})
    assert found.status_code == 200
    assert article.url in found.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bulk index is PostgreSQL's")
def test_the_bulk_index_rows_equal_wagtails_own(db, generated):
    """PostgreSQL computes the same index entry that Wagtail's indexer writes for the page."""
    span, _ = generated
    columns = ["title", "autocomplete", "body", "title_text", "body_text"]
    entries = IndexEntry.objects.filter(object_id=str(span.first_id))
    bulk = entries.values_list(*columns).get()
    article = ArticlePage.objects.get(pk=span.first_id)
    get_search_backend().add(article)
    assert entries.values_list(*columns).get() == bulk


def test_the_listings_that_show_new_articles_leave_the_page_cache(db, monkeypatch):
    dropped = []
    monkeypatch.setattr(page_cache, "invalidate_pages", lambda pages: dropped.extend(pages))
    call_command("generate_newsroom", articles=2, chunk=2, stdout=None)
    assert {p.url for p in dropped} >= {"/", "/national/", "/national/politics/"}


def test_the_same_seed_writes_the_same_text():
    def first_article(seed):
        rng = random.Random(seed)
        return Writer(build_vocabulary(rng, subjects=200), rng, pool_size=50).article()

    assert first_article(3) == first_article(3)
    assert first_article(3) != first_article(4)


@pytest.mark.parametrize("args", [{"articles": 0}, {"articles": 5, "comments": -1}])
def test_nonsense_counts_are_refused(db, args):
    with pytest.raises(CommandError):
        call_command("generate_newsroom", **args)
