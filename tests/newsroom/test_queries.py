"""Query budgets of the uncached reader pages (page cache off), on SQLite and PostgreSQL.

An article page costs at most 10 queries, a section page 10 and the home page 12, however
many articles, tags, authors and comments there are. Each page is counted the first time it
is rendered, after another page of the same kind warmed what every page shares (the site,
the sections and the view restrictions each process keeps, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.newsroom.models import SectionPage
from broadsheet.newsroom.services import ArticleDocument, publish_article
from broadsheet.talk.models import Comment, Commenter

pytestmark = pytest.mark.django_db
ARTICLE_BUDGET = 10
SECTION_BUDGET = 10
HOME_BUDGET = 12


def queries_of(client, url, *, warm: str) -> int:
    client.get(warm)  # what every page shares, through a different page of the same kind
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_articles(section, n, *, tags=3, authors=2, prefix="query-test"):
    for i in range(n):
        publish_article(
            ArticleDocument(
                source_id=f"{prefix}-{section.pk}-{i}",
                headline=f"Query budget article {i}",
                body=[("paragraph", f"<p>Body {i}</p>")],
                published_at=timezone.now() - dt.timedelta(minutes=i + 1),
                authors=[f"Writer {j}" for j in range(authors)],
                tags=[f"tag-{i}-{j}" for j in range(tags)],
            ),
            section,
        )
    return list(section.articles().filter(source_id__startswith=f"{prefix}-{section.pk}-"))


def add_comments(article, n):
    user = get_user_model().objects.create_user(f"query-budget-{article.pk}-{n}")
    Commenter.objects.create(user=user, display_name=f"Budget {article.pk}-{n}")
    top = Comment.objects.bulk_create(
        Comment(article=article, author=user, text="Comment", status="published", idempotency_key=i)
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author=user,
            parent=c,
            text="Reply",
            status="published",
            idempotency_key=f"r{c.pk}",
        )
        for c in top[::3]
    )


def test_article_page_budget_with_many_tags_authors_and_comments(client, politics):
    few, many = add_articles(politics, 2, tags=1, authors=1)[::-1][:2]
    small = queries_of(client, few.url, warm=politics.articles().last().url)
    publish_article(
        ArticleDocument(
            source_id="query-test-many",
            headline="Many tags",
            body=[("paragraph", "<p>x</p>")],
            published_at=timezone.now(),
            authors=[f"Writer {j}" for j in range(8)],
            tags=[f"t{j}" for j in range(20)],
        ),
        politics,
    )
    crowded = politics.articles().get(source_id="query-test-many")
    add_comments(crowded, 60)
    add_articles(politics, 6, prefix="query-more")
    big = queries_of(client, crowded.url, warm=few.url)
    assert small <= ARTICLE_BUDGET
    assert big <= ARTICLE_BUDGET  # (the few-comments page skips the replies query)


def test_section_page_budget_does_not_grow_with_articles(client, politics):
    national = SectionPage.objects.get(url_path="/home/national/")
    before = queries_of(client, politics.url, warm=national.url)
    for article in add_articles(politics, 14, tags=5, authors=3)[:4]:
        add_comments(article, 3)
    after = queries_of(client, politics.url, warm=national.url)
    assert before <= SECTION_BUDGET
    assert after <= before


def test_home_page_budget_does_not_grow_with_articles(client, home, politics):
    before = queries_of(client, home.url, warm=politics.url)
    add_articles(politics, 14, tags=5, authors=3)
    after = queries_of(client, home.url, warm=politics.url)
    assert before <= HOME_BUDGET
    assert after <= before
